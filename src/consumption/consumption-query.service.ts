import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { ConsumptionStore, type StoredViewRow, type ViewFilter } from './persistence/consumption.store.js';
import { decodeCursor, encodeCursor } from './domain/cursor.js';
import { csvLine, VIEW_CSV_COLUMNS } from './domain/csv.js';
import {
  isTimeGroup,
  statsFigures,
  statsRange,
  timeGroupKey,
  type RollupSums,
  type StatsGroup,
} from './domain/stats.js';
import type { ConsumptionQuery, ViewDto, ViewPageDto } from './http/consumption.dto.js';
import type { StatsDto, StatsGroupDto, StatsQuery } from './http/stats.dto.js';

const DEFAULT_PAGE_SIZE = 1000;
const DEFAULT_POPULARITY_LIMIT = 100;
/** Rows per FETCH of a CSV export: a few MB in memory at a time. */
const CSV_BATCH_SIZE = 2000;
const NO_LIMIT = 1_000_000_000;

function emptySums(): RollupSums {
  return { views: 0, minutes: 0, dataVolumeGb: 0, energyKwh: 0, emissionsG: 0 };
}

function addSums(target: RollupSums, more: RollupSums): void {
  target.views += more.views;
  target.minutes += more.minutes;
  target.dataVolumeGb += more.dataVolumeGb;
  target.energyKwh += more.energyKwh;
  target.emissionsG += more.emissionsG;
}

export function viewDto(row: StoredViewRow): ViewDto {
  return {
    id: Number(row.id),
    clientId: row.client_id,
    videoId: row.video_id,
    startedAt: row.started_at.toISOString(),
    durationMinutes: row.duration_minutes,
    resolution: row.resolution,
    device: row.device,
    connection: row.connection,
    viewerCountry: row.viewer_country,
    region: row.region,
    provider: row.provider,
    model: row.model,
    dataVolumeGb: row.data_volume_gb,
    energyKwh: {
      dataCentre: row.energy_data_centre_kwh,
      network: row.energy_network_kwh,
      device: row.energy_device_kwh,
      embodied: row.energy_embodied_kwh,
      total: row.energy_total_kwh,
    },
    emissionsG: {
      dataCentre: row.emissions_data_centre_g,
      network: row.emissions_network_g,
      device: row.emissions_device_g,
      embodied: row.emissions_embodied_g,
      total: row.emissions_total_g,
    },
    intensity: {
      dataCentre: {
        zone: row.data_centre_zone,
        gCo2ePerKwh: row.data_centre_g_co2e_per_kwh,
        sources: row.data_centre_sources,
      },
      viewer: { zone: row.viewer_zone, gCo2ePerKwh: row.viewer_g_co2e_per_kwh, sources: row.viewer_sources },
    },
  };
}

function csvOf(row: StoredViewRow): string {
  return csvLine([
    row.id,
    row.client_id,
    row.video_id,
    row.started_at.toISOString(),
    row.duration_minutes,
    row.resolution,
    row.device,
    row.connection,
    row.viewer_country,
    row.region,
    row.model,
    row.data_volume_gb,
    row.energy_data_centre_kwh,
    row.energy_network_kwh,
    row.energy_device_kwh,
    row.energy_embodied_kwh,
    row.energy_total_kwh,
    row.emissions_data_centre_g,
    row.emissions_network_g,
    row.emissions_device_g,
    row.emissions_embodied_g,
    row.emissions_total_g,
    row.data_centre_zone,
    row.viewer_zone,
    row.data_centre_g_co2e_per_kwh,
    row.viewer_g_co2e_per_kwh,
    row.data_centre_sources.join('|'),
    row.viewer_sources.join('|'),
  ]);
}

/** GET /consumption (pages and CSV) and GET /stats (from the rollups only). */
@Injectable()
export class ConsumptionQueryService {
  constructor(private readonly store: ConsumptionStore) {}

  private filterOf(query: ConsumptionQuery): ViewFilter {
    return {
      from: query.from,
      to: query.to,
      viewerCountry: query.viewerCountry?.toUpperCase(),
      region: query.region,
      videoId: query.videoId,
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    };
  }

  async page(query: ConsumptionQuery): Promise<ViewPageDto> {
    const filter = this.filterOf(query);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.store.listViews(filter, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(viewDto),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ startedAtMicros: BigInt(last.started_at_micros), id: BigInt(last.id) })
          : null,
    };
  }

  /**
   * The CSV export: a header, then one line per view, pulled from the database as the client
   * reads. The first batch is read before answering, so that a database outage is still a
   * problem+json answer rather than a cut stream.
   */
  async csv(query: ConsumptionQuery): Promise<Readable> {
    const filter = this.filterOf(query);
    const batches = this.store.streamViews(filter, CSV_BATCH_SIZE, query.limit);
    const first = await batches.next();
    async function* lines(): AsyncGenerator<string> {
      let chunk = csvLine(VIEW_CSV_COLUMNS);
      if (!first.done) for (const row of first.value) chunk += csvOf(row);
      yield chunk;
      if (first.done) return;
      for await (const batch of batches) {
        chunk = '';
        for (const row of batch) chunk += csvOf(row);
        yield chunk;
      }
    }
    return Readable.from(lines(), { objectMode: false, highWaterMark: 1 << 16 });
  }

  async stats(query: StatsQuery, now = new Date()): Promise<StatsDto> {
    const range = statsRange(query.from, query.to, now);
    const group: StatsGroup | undefined = query.groupBy;
    const dimension = group !== undefined && !isTimeGroup(group) ? group : undefined;
    // With a dimension, totals and groups come from one snapshot: they agree even while batches
    // are being recorded between the two statements.
    const { days, rows } =
      dimension === undefined
        ? { days: await this.store.dailyTotals(range.from, range.to), rows: [] }
        : await this.store.readSnapshot(async (client) => ({
            days: await this.store.dailyTotals(range.from, range.to, client),
            rows: await this.store.rollupGroups(
              dimension,
              range.from,
              range.to,
              'views',
              query.limit ?? (dimension === 'video' ? DEFAULT_POPULARITY_LIMIT : NO_LIMIT),
              client,
            ),
          }));
    const totals = emptySums();
    for (const day of days) addSums(totals, day);
    let groups: StatsGroupDto[] = [];
    if (group !== undefined && isTimeGroup(group)) {
      const byKey = new Map<string, RollupSums>();
      for (const day of days) {
        const key = timeGroupKey(day.day, group);
        const sums = byKey.get(key) ?? emptySums();
        addSums(sums, day);
        byKey.set(key, sums);
      }
      groups = [...byKey.entries()]
        .slice(0, query.limit ?? NO_LIMIT)
        .map(([key, sums]) => ({ key, ...statsFigures(sums) }));
    } else if (dimension !== undefined) {
      groups = rows.map((row) => ({ key: row.key, ...statsFigures(row) }));
    }
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      totals: statsFigures(totals),
      groups,
    };
  }
}
