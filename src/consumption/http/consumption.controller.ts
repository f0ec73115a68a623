import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { RouteConfig, RouteSchema } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { RequireRole, type AuthenticatedRequest } from '../../platform/http/api-key.guard.js';
import { ApiKeyProtected, ApiProblemResponses } from '../../platform/http/api-problem-responses.decorator.js';
import { InvalidInputError } from '../../platform/kernel/errors.js';
import { STREAMING_ROUTE } from '../../platform/http/streaming-route.js';
import { responseSchemaOf } from '../../platform/http/response-schema.js';
import { IngestViews } from '../ingest-views.js';
import { ListViews } from '../list-views.js';
import {
  ConsumptionQuery,
  ConsumptionRequestDto,
  ConsumptionResultDto,
  ViewPageDto,
} from './consumption.dto.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

@ApiTags('consumption')
@Controller('consumption')
export class ConsumptionController {
  constructor(
    private readonly ingestViews: IngestViews,
    private readonly listViews: ListViews,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireRole('provider')
  @ApiOperation({
    summary: 'Record views (provider key), 1 to 10,000 per request, with their footprint',
    description:
      "Each view's footprint is computed with the intensity of the hours it was watched in (stored history or forecast, else the fallback chain) and stored with the sources used. All views are stored or none (a bad view answers 400 naming `views[i].field`). A clientId already recorded for this key counts as a duplicate. With an `Idempotency-Key` header, a retry answers the first response (header `Idempotent-Replayed: true`).",
  })
  @ApiBody({ type: ConsumptionRequestDto })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Any printable ASCII string of 1–255 characters; a retry with the same key and body gets the first answer',
    example: 'batch-2026-11-20-0001',
  })
  @ApiCreatedResponse({ type: ConsumptionResultDto })
  @ApiKeyProtected()
  @ApiProblemResponses(400, 409, 413, 415, 503)
  async record(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsumptionResultDto> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw InvalidInputError.forField('Idempotency-Key', 'must be 1 to 255 printable ASCII characters');
    }
    const keyId = request.apiKey?.keyId ?? 'unknown';
    const result = await this.ingestViews.ingest(keyId, body, idempotencyKey);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    void reply.status(result.statusCode);
    return result.body;
  }

  @Get()
  // Above RouteConfig, which replaces the route config that RequireRole merges its role into.
  @RequireRole('analyst')
  // A CSV export of millions of rows outlasts REQUEST_TIMEOUT_MS; JSON pages are bounded by `limit`.
  @RouteConfig(STREAMING_ROUTE)
  @ApiOperation({
    summary: 'Recorded views (analyst key): JSON pages with a cursor, or CSV with Accept: text/csv',
    description:
      'Views in (startedAt, id) order. JSON: `limit` per page, and `nextCursor` to pass as `cursor` for the next page (each view appears once, even while views are being added). `Accept: text/csv`: every matching view, streamed as it is read (one row per view).',
  })
  @ApiOkResponse({ type: ViewPageDto })
  // JSON pages only: a CSV export is a stream, which Fastify sends as it is (full precision, see
  // docs/API-NUMBERS.md#exports).
  @RouteSchema({ response: { 200: responseSchemaOf(ViewPageDto) } })
  @ApiProduces('application/json', 'text/csv')
  @ApiKeyProtected()
  @ApiProblemResponses(400, 503)
  async list(
    @Query() query: ConsumptionQuery,
    @Req() request: AuthenticatedRequest,
  ): Promise<ViewPageDto | StreamableFile> {
    const accept = request.headers.accept ?? '';
    if (/\btext\/csv\b/i.test(accept)) {
      return new StreamableFile(await this.listViews.csv(query), {
        type: 'text/csv; charset=utf-8',
        disposition: 'attachment; filename="views.csv"',
      });
    }
    return this.listViews.page(query);
  }
}
