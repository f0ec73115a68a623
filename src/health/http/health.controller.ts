import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LinkStatus, LinkStatusService } from '../../intensity/link-status.service.js';
import { DatabaseSupervisor } from '../../platform/database/database-supervisor.js';
import { ServiceUnavailableError } from '../../platform/kernel/errors.js';
import { DirectRoute } from '../../platform/http/direct-route.js';
import { OriginHealthService } from '../../origin-health/origin-health.service.js';

/** A database ping that takes longer counts as down. */
const PING_TIMEOUT_MS = 1500;
const LIVE_BODY = JSON.stringify({ status: 'ok' });

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly linkStatus: LinkStatusService,
    private readonly supervisor: DatabaseSupervisor,
    private readonly originHealth: OriginHealthService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * `SELECT 1` within 1.5 s. Down says only that, and the supervisor's state: the cause (which
   * may name the database's address) is in the log (docs/OPERATIONS.md#crashes-and-recovery).
   */
  private databaseCheck() {
    const indicator = this.indicators.check('database');
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      this.dataSource.query('SELECT 1'),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS);
      }),
    ])
      .then(
        () => indicator.up(),
        () => indicator.down({ message: 'The database is unreachable', state: this.supervisor.state }),
      )
      .finally(() => clearTimeout(timer));
  }

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Overall health: 200 while the database is up, even when Electricity Maps is down',
    description:
      '`details.electricityMaps` says whether the link is `active`, `down` or `not-configured`, the mode (`live`, `degraded`, `reference`), when data last arrived, the last error and the zones the token may read. A link that is not active makes the overall status `degraded`, not an error: answers keep coming from the fallback chain. `details.origins` counts the probed origins up and down (docs/LATENCY-AND-HEALTH.md) and lists each with its last probe; a down origin makes the status `degraded` (steering routes around it).',
  })
  @ApiServiceUnavailableResponse({ description: 'The database is unreachable (Terminus body)' })
  check() {
    return this.health.check([
      () => this.databaseCheck(),
      async () => {
        const status = await this.linkStatus.status();
        const indicator = this.indicators.check('electricityMaps');
        return status.link === 'active' || status.link === 'starting'
          ? indicator.up({ ...status })
          : indicator.degraded({ ...status });
      },
      () => {
        const summary = this.originHealth.summary();
        const indicator = this.indicators.check('origins');
        return summary.down === 0 ? indicator.up({ ...summary }) : indicator.degraded({ ...summary });
      },
    ]);
  }

  @Get('electricity-maps')
  @ApiOperation({
    summary: 'The Electricity Maps link: 200 when active (or starting), 503 when down or not configured',
    description:
      'Right after boot, until the first refresh cycle of this instance has ended (its calls are bounded by ELECTRICITY_MAPS_TIMEOUT_MS), a link without recent data is `starting`, answered 200 with `status: starting`, not `down`: the check does not flap at boot.',
  })
  @ApiOkResponse({
    description: 'The link is active, or starting (first refresh cycle under way)',
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
  async electricityMaps(): Promise<{ status: 'ok' | 'starting'; details: LinkStatus }> {
    const details = await this.linkStatus.status();
    if (details.link === 'starting') return { status: 'starting', details };
    if (details.link !== 'active') throw new ServiceUnavailableException({ status: 'error', details });
    return { status: 'ok', details };
  }

  @Get('live')
  // The cheapest route on the path the steering routes take, so that `bench/floor.js` measures
  // the floor of that path (docs/BENCHMARKS.md#the-floor-of-the-stack).
  @DirectRoute()
  @ApiOperation({
    summary: 'Liveness: 200 while the process serves requests and nothing only a restart can fix is wrong',
    description:
      'A database that is down is not a liveness failure (the service heals it, or waits for it: see `/health/ready`); an embedded PostgreSQL that could not be started again DATABASE_RESTART_ATTEMPTS times in a row is, and answers 503 so that the orchestrator restarts the process.',
  })
  @ApiOkResponse({ description: 'The process is serving', schema: { example: { status: 'ok' } } })
  @ApiServiceUnavailableResponse({
    description: 'The embedded PostgreSQL cannot be restarted: restart the process (problem+json)',
  })
  live(@Res() reply: FastifyReply): void {
    if (this.supervisor.needsProcessRestart()) {
      throw new ServiceUnavailableError(
        'The embedded database could not be started again; this process needs a restart',
      );
    }
    void reply.header('content-type', 'application/json; charset=utf-8').send(LIVE_BODY);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: 200 when the database is reachable and fully migrated, else 503' })
  @ApiServiceUnavailableResponse({
    description: 'Database unreachable or migrations pending (Terminus body)',
  })
  ready() {
    return this.health.check([
      () => this.databaseCheck(),
      () =>
        this.indicators
          .check('migrations')
          .attempt(async () => {
            let isPending: boolean;
            try {
              isPending = await this.dataSource.showMigrations();
            } catch {
              // The cause may name the database's address: it is in the supervisor's log.
              throw new Error('unknown: the database is unreachable');
            }
            if (isPending) throw new Error('migrations are pending');
            return { pending: 0 };
          })
          .withTimeout(1500),
    ]);
  }
}
