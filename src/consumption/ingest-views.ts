import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { ConflictError, type FieldProblem } from '../platform/kernel/errors.js';
import { countryGridZone, countryPosition } from '../geo/domain/viewer-location.js';
import { GeoService } from '../geo/geo.service.js';
import { hourStart } from '../intensity/domain/hours.js';
import { MS_PER_HOUR, MS_PER_MINUTE } from '../platform/kernel/time.js';
import type { IntensityObservation } from '../intensity/domain/intensity.types.js';
import { profileLookbackMs, type ZoneIntensityData } from '../intensity/domain/zone-intensity.js';
import { IntensityService } from '../intensity/intensity.service.js';
import { CatalogueService } from '../regions/catalogue.service.js';
import { nearestServingRegion, type RegionView } from '../regions/domain/catalogue.js';
import { savingVersus } from '../recommendation/domain/scoring.js';
import { PgSessions } from '../platform/database/pg-sessions.js';
import { RollupDeltas } from './domain/rollups.js';
import { rollupContribution, type ViewReceipt, type ViewRow } from './domain/view-row.js';
import { IdempotencyRepository } from './persistence/idempotency.repository.js';
import { RollupsRepository } from './persistence/rollups.repository.js';
import { ViewsRepository } from './persistence/views.repository.js';
import { parseConsumptionBody, throwIfAny, type ViewInput } from './domain/view-input.js';
import { viewFootprint, type ViewFootprintInput } from './domain/view-footprint.js';
import { viewIntensity, type HourCache } from './domain/view-intensity.js';
import { EventBus } from '../platform/events/event-bus.js';
import { VIEWS_INGESTED, type ViewsIngested } from './consumption.events.js';

/** Views of a batch stored, and not stored because their clientId was already recorded. */
export interface IngestCounts {
  accepted: number;
  duplicates: number;
}

export interface IngestResult {
  statusCode: number;
  body: IngestCounts;
  /** True when the answer is the one stored for an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/**
 * POST /consumption: validates a batch, computes each view's footprint with the intensity of the
 * hours it was watched in, and stores views and rollups in one transaction (all or nothing).
 */
@Injectable()
export class IngestViews {
  /** Views stored since start (this instance), and duplicates skipped. */
  readonly ingested = { requests: 0, accepted: 0, duplicates: 0 };

  constructor(
    private readonly sessions: PgSessions,
    private readonly views: ViewsRepository,
    private readonly rollups: RollupsRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly intensity: IntensityService,
    private readonly catalogue: CatalogueService,
    private readonly geo: GeoService,
    private readonly events: EventBus,
  ) {}

  async ingest(keyId: string, body: unknown, idempotencyKey?: string): Promise<IngestResult> {
    const now = new Date();
    const views = parseConsumptionBody(body, now);
    const rows = await this.rowsOf(views, now);
    let ingested: ViewsIngested | undefined;
    const requestHash = idempotencyKey ? createHash('sha256').update(JSON.stringify(body)).digest('hex') : '';

    const result = await this.sessions.transaction(async (client) => {
      if (idempotencyKey) {
        const earlier = await this.idempotency.claim(client, keyId, idempotencyKey, requestHash);
        if (earlier) {
          if (earlier.requestHash !== requestHash) {
            throw new ConflictError(
              'This Idempotency-Key was already used with another request body; use a new key for a new request',
            );
          }
          return {
            statusCode: earlier.statusCode,
            body: earlier.response as IngestCounts,
            replayed: true,
          };
        }
      }
      const stored = await this.store(client, keyId, uniqueByClientId(rows));
      const answer = { accepted: stored.accepted, duplicates: rows.length - stored.accepted };
      if (idempotencyKey) await this.idempotency.storeAnswer(client, keyId, idempotencyKey, 201, answer);
      ingested = { ...answer, receipts: stored.receipts };
      return { statusCode: 201, body: answer, replayed: false };
    });

    if (!result.replayed) {
      this.ingested.requests += 1;
      this.ingested.accepted += result.body.accepted;
      this.ingested.duplicates += result.body.duplicates;
      // The views are committed: a failing observer (e.g. metrics) cannot turn that into an error.
      this.events.emit(VIEWS_INGESTED, ingested as ViewsIngested);
    }
    return result;
  }

  /**
   * Inserts the views whose clientId is new for `keyId`, then appends what those views add to the
   * rollups (summed here: a few hundred rows per 1,000 views); answers how many were new, and the
   * receipts of those (only new views count: a resend adds nothing).
   */
  private async store(
    client: pg.PoolClient,
    keyId: string,
    rows: ViewRow[],
  ): Promise<{ accepted: number; receipts: ViewsIngested['receipts'] }> {
    const inserted = await this.views.insertNew(client, keyId, rows);
    const deltas = new RollupDeltas();
    const receipts = { avoidedG: 0, addedG: 0, withReceipt: 0, withoutReceipt: 0 };
    for (const row of rows) {
      if (!inserted.has(row.clientId)) continue;
      deltas.add(rollupContribution(row));
      if (!row.receipt) receipts.withoutReceipt += 1;
      else {
        receipts.withReceipt += 1;
        if (row.receipt.avoidedG >= 0) receipts.avoidedG += row.receipt.avoidedG;
        else receipts.addedG -= row.receipt.avoidedG;
      }
    }
    await this.rollups.appendDeltas(client, deltas);
    return { accepted: inserted.size, receipts };
  }

  /**
   * Resolves places (every unknown country or region is a 400 naming the view), footprints and
   * receipts. A view's viewer is placed at its country's population-weighted centre, as
   * /recommend places it; the nearest serving region from there is both where a view that names
   * no region is assumed served and the baseline of the receipt of a view that names one.
   */
  private async rowsOf(views: ViewInput[], now: Date): Promise<ViewRow[]> {
    const problems: FieldProblem[] = [];
    const catalogue = this.catalogue.current();
    const nearestByCountry = new Map<string, RegionView | undefined>();
    const placed = views.map((view, index) => {
      const country = this.geo.findCountry(view.viewerCountry);
      if (!country) {
        problems.push({
          field: `views[${index}].viewerCountry`,
          message: `is not a known country ('${view.viewerCountry}')`,
        });
      }
      let region: RegionView | undefined;
      let nearest: RegionView | undefined;
      if (country) {
        if (!nearestByCountry.has(country.code)) {
          const position = countryPosition(country);
          nearestByCountry.set(
            country.code,
            nearestServingRegion(catalogue, position.latitude, position.longitude),
          );
        }
        nearest = nearestByCountry.get(country.code);
      }
      if (view.region !== undefined) {
        region = catalogue.regionById.get(view.region);
        if (!region)
          problems.push({
            field: `views[${index}].region`,
            message: `is not a known region ('${view.region}')`,
          });
      } else if (country) {
        region = nearest;
        if (!region)
          problems.push({ field: `views[${index}].region`, message: 'is required: no region is enabled' });
      }
      const viewerZone = country ? countryGridZone(country) : '';
      // A receipt only for a view that named its region: otherwise the nearest region is assumed.
      const baseline = view.region !== undefined ? nearest : undefined;
      return {
        view,
        region: region as RegionView,
        baseline,
        viewerZone,
        viewerCountry: country?.code ?? '',
      };
    });
    throwIfAny(problems);

    const zoneData = await this.zoneData(
      placed.flatMap(({ view, region, baseline, viewerZone }) => {
        const end = new Date(view.startedAt.getTime() + view.durationMinutes * MS_PER_MINUTE);
        const spans = [
          { zone: region.zone, from: view.startedAt, to: end },
          { zone: viewerZone, from: view.startedAt, to: end },
        ];
        if (baseline && baseline.zone !== region.zone) {
          spans.push({ zone: baseline.zone, from: view.startedAt, to: end });
        }
        return spans;
      }),
      now,
    );

    const caches = new Map<string, HourCache>();
    const intensityOver = (zone: string, fromMs: number, toMs: number) => {
      let cache = caches.get(zone);
      if (!cache) {
        cache = new Map();
        caches.set(zone, cache);
      }
      return viewIntensity(
        zoneData.get(zone) as ZoneIntensityData,
        fromMs,
        toMs,
        now,
        this.intensity.settings,
        cache,
      );
    };
    return placed.map(({ view, region, baseline, viewerZone, viewerCountry }) => {
      const fromMs = view.startedAt.getTime();
      const toMs = fromMs + view.durationMinutes * MS_PER_MINUTE;
      const dataCentre = intensityOver(region.zone, fromMs, toMs);
      const viewer = intensityOver(viewerZone, fromMs, toMs);
      const input: ViewFootprintInput = {
        durationMinutes: view.durationMinutes,
        resolution: view.resolution,
        device: view.device,
        connection: view.connection,
        model: view.model,
        dataCentrePue: region.pue,
        dataCentreGCo2ePerKwh: dataCentre.gCo2ePerKwh,
        viewerGCo2ePerKwh: viewer.gCo2ePerKwh,
      };
      const footprint = viewFootprint(input);
      let receipt: ViewReceipt | null = null;
      if (baseline) {
        const baselineFootprint =
          baseline.id === region.id
            ? footprint
            : viewFootprint({
                ...input,
                dataCentrePue: baseline.pue,
                dataCentreGCo2ePerKwh: intensityOver(baseline.zone, fromMs, toMs).gCo2ePerKwh,
              });
        receipt = viewReceipt(
          region.id,
          footprint.emissionsG.dataCentre,
          baseline.id,
          baselineFootprint.emissionsG.dataCentre,
        );
      }
      return {
        clientId: view.clientId,
        videoId: view.videoId,
        startedAt: view.startedAt,
        durationMinutes: view.durationMinutes,
        resolution: view.resolution,
        device: view.device,
        connection: view.connection,
        viewerCountry,
        viewerZone,
        region: region.id,
        provider: region.provider,
        dataCentreZone: region.zone,
        model: view.model,
        dataVolumeGb: footprint.dataVolumeGb,
        energyKwh: footprint.energyKwh,
        emissionsG: footprint.emissionsG,
        dataCentreGCo2ePerKwh: dataCentre.gCo2ePerKwh,
        viewerGCo2ePerKwh: viewer.gCo2ePerKwh,
        dataCentreSources: dataCentre.sources,
        viewerSources: viewer.sources,
        receipt,
      };
    });
  }

  /**
   * The intensity data of each zone over the hours the views cover: the points stored in
   * intensity_observations for that range (one query for the whole batch, whatever the number of
   * views), merged with the in-memory snapshot (latest value, recent points, reference). Missing
   * hours then go down the usual fallback chain.
   */
  private async zoneData(
    spans: { zone: string; from: Date; to: Date }[],
    now: Date,
  ): Promise<Map<string, ZoneIntensityData>> {
    const ranges = new Map<string, { zone: string; from: Date; to: Date }>();
    for (const span of spans) {
      const range = ranges.get(span.zone);
      if (!range) {
        ranges.set(span.zone, { zone: span.zone, from: hourStart(span.from), to: span.to });
      } else {
        if (span.from < range.from) range.from = hourStart(span.from);
        if (span.to > range.to) range.to = span.to;
      }
    }
    // The snapshot already holds the recent past: only older hours are read from the table.
    const snapshotFrom = now.getTime() - profileLookbackMs() + MS_PER_HOUR;
    const toRead = [...ranges.values()]
      .filter((range) => range.from.getTime() < snapshotFrom)
      .map((range) => ({
        zone: range.zone,
        from: range.from,
        to: new Date(Math.min(range.to.getTime(), snapshotFrom)),
      }));
    const stored = await this.intensity.storedObservations(toRead);
    const byZone = new Map<string, IntensityObservation[]>();
    for (const observation of stored) {
      const list = byZone.get(observation.zone) ?? [];
      list.push(observation);
      byZone.set(observation.zone, list);
    }
    const data = new Map<string, ZoneIntensityData>();
    for (const zone of ranges.keys()) {
      const held = this.intensity.snapshot.get(zone);
      const history = byZone.get(zone);
      if (!history) {
        data.set(zone, held);
        continue;
      }
      const measured = new Map(held.measured);
      const forecast = new Map(held.forecast);
      for (const point of history) {
        const points = point.kind === 'measured' ? measured : forecast;
        const key = point.datetime.getTime();
        const existing = points.get(key);
        if (!existing || existing.fetchedAt <= point.fetchedAt) points.set(key, point);
      }
      data.set(zone, { ...held, measured, forecast });
    }
    return data;
  }
}

/**
 * A view's receipt: the saving /recommend reports (savingVersus) of the serving region against the
 * nearest one, over the data-centre segment (the only one the serving region changes).
 */
function viewReceipt(
  regionId: string,
  dataCentreG: number,
  baselineId: string,
  baselineG: number,
): ViewReceipt {
  const scorable = (id: string, emissionsG: number) => ({
    id,
    emissionsG,
    costUsd: null,
    estimatedRttMs: 0,
    distanceKm: 0,
    score: 0,
  });
  const saving = savingVersus(scorable(regionId, dataCentreG), scorable(baselineId, baselineG));
  return { avoidedG: saving.dataCentre.emissionsG, baselineRegion: baselineId };
}

/** The first view of each clientId (a clientId twice in one batch is one view and one duplicate). */
function uniqueByClientId(rows: ViewRow[]): ViewRow[] {
  const seen = new Set<string>();
  const unique: ViewRow[] = [];
  for (const row of rows) {
    if (seen.has(row.clientId)) continue;
    seen.add(row.clientId);
    unique.push(row);
  }
  return unique;
}
