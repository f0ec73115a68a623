import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LinkStatus, LinkStatusService } from '../../intensity/link-status.service.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly linkStatus: LinkStatusService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Overall health: 200 while the database is up, even when Electricity Maps is down',
    description:
      '`details.electricityMaps` says whether the link is `active`, `down` or `not-configured`, the mode (`live`, `degraded`, `reference`), when data last arrived, the last error and the zones the token may read. A link that is not active makes the overall status `degraded`, not an error: answers keep coming from the fallback chain.',
  })
  @ApiServiceUnavailableResponse({ description: 'The database is unreachable (Terminus body)' })
  check() {
    return this.health.check([
      () => this.database.pingCheck('database').withTimeout(1500),
      async () => {
        const status = await this.linkStatus.status();
        const indicator = this.indicators.check('electricityMaps');
        return status.link === 'active' ? indicator.up({ ...status }) : indicator.degraded({ ...status });
      },
    ]);
  }

  @Get('electricity-maps')
  @ApiOperation({ summary: 'The Electricity Maps link: 200 when active, 503 when down or not configured' })
  @ApiOkResponse({
    description: 'The link is active',
    schema: { example: { status: 'ok', details: { link: 'active' } } },
  })
  @ApiServiceUnavailableResponse({
    description: 'The link is down or not configured (the same body, with `status: error`)',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['status', 'details'],
          properties: { status: { type: 'string', enum: ['error'] }, details: { type: 'object' } },
          example: { status: 'error', details: { link: 'not-configured' } },
        },
      },
    },
  })
  async electricityMaps(): Promise<{ status: 'ok'; details: LinkStatus }> {
    const details = await this.linkStatus.status();
    if (details.link !== 'active') throw new ServiceUnavailableException({ status: 'error', details });
    return { status: 'ok', details };
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process serves requests' })
  @ApiOkResponse({ description: 'The process is serving', schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: 200 when the database is reachable and fully migrated, else 503' })
  @ApiServiceUnavailableResponse({
    description: 'Database unreachable or migrations pending (Terminus body)',
  })
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database').withTimeout(1500),
      () =>
        this.indicators
          .check('migrations')
          .attempt(async () => {
            if (await this.dataSource.showMigrations()) throw new Error('migrations are pending');
            return { pending: 0 };
          })
          .withTimeout(1500),
    ]);
  }
}
