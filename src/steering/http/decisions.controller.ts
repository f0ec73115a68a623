import { Controller, Get, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequireRole } from '../../platform/http/api-key.guard.js';
import { ApiKeyProtected, ApiProblemResponses } from '../../platform/http/api-problem-responses.decorator.js';
import { STREAMING_ROUTE } from '../../platform/http/streaming-route.js';
import { ExportDecisionsOperation } from '../export-decisions.js';
import { DecisionsQueryDto } from './decisions-query.dto.js';

@ApiTags('steering')
@Controller('decisions')
export class DecisionsController {
  constructor(private readonly exportDecisions: ExportDecisionsOperation) {}

  @Get()
  @RouteConfig(STREAMING_ROUTE)
  @RequireRole('analyst')
  @ApiOperation({
    summary: 'The steering decision log (analyst key): JSON lines, or CSV with Accept: text/csv',
    description:
      'One row per decision with its candidates nested (docs/STEERING.md#the-dataset-get-decisions), in (decidedAt, decisionId) order, `limit` per page. The `X-Next-Cursor` header (and a `Link: rel="next"`) gives the next page; none on the last page. Decisions reach the log within about STEERING_DECISION_FLUSH_MS.',
  })
  @ApiOkResponse({ description: 'application/x-ndjson (default) or text/csv' })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiKeyProtected()
  @ApiProblemResponses(400, 503)
  async list(
    @Query() query: DecisionsQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const isCsv = /\btext\/csv\b/i.test(request.headers.accept ?? '');
    const page = await this.exportDecisions.export(query, isCsv ? 'csv' : 'ndjson');
    void reply.header('x-decision-count', String(page.rows));
    if (page.nextCursor !== null) {
      const next = new URL(request.url, 'http://localhost');
      next.searchParams.set('cursor', page.nextCursor);
      void reply.header('x-next-cursor', page.nextCursor);
      void reply.header('link', `<${next.pathname}${next.search}>; rel="next"`);
    }
    return new StreamableFile(page.body, {
      type: isCsv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      disposition: isCsv ? 'attachment; filename="decisions.csv"' : undefined,
    });
  }
}
