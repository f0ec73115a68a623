import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { AppConfig } from '../platform/config/env.schema.js';
import { InvalidInputError } from '../platform/kernel/errors.js';
import {
  buildLatencyGraph,
  latencyModelOf,
  viewerLatencies,
  type LatencyModel,
} from '../geo/domain/latency.js';
import { countryPosition } from '../geo/domain/viewer-location.js';
import { GeoService } from '../geo/geo.service.js';
import { CatalogueService } from '../regions/catalogue.service.js';
import { recentRttSamples, type KeyedAggregate, type MeasurementRules } from './domain/ewma.js';
import type { LatencyCellDto, LatencyMatrixDto, MeasurementDto } from './contract/latency.dto.js';
import { LatencyService } from './latency.service.js';
import { measurementRulesOf } from './measurement-rules.js';

/**
 * GET /latency?viewerCountry=FR (docs/LATENCY.md#get-latency): for every enabled region, the round
 * trip in force for the country's viewers and where it comes from, beside the model's estimate and
 * the stored measurements with their ages. From memory (the matrix this instance last read).
 */
@Injectable()
export class ShowLatencyOperation {
  private readonly rules: MeasurementRules;
  private readonly model: LatencyModel;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly latency: LatencyService,
    private readonly geo: GeoService,
    private readonly catalogue: CatalogueService,
  ) {
    this.rules = measurementRulesOf(config);
    this.model = latencyModelOf(config);
  }

  show(viewerCountry: string): LatencyMatrixDto {
    const country = this.geo.findCountry(viewerCountry);
    if (!country)
      throw InvalidInputError.forField('viewerCountry', `is not a known country ('${viewerCountry}')`);
    const regions = this.catalogue.current().regions;
    const { latitude, longitude } = countryPosition(country);
    const graph = buildLatencyGraph(regions, this.geo.regionLinks());
    const modelled = viewerLatencies(graph, latitude, longitude, this.model);
    const matrix = this.latency.matrix();
    const nowMs = Date.now();
    const stored = new Map<string, { user?: KeyedAggregate; probe?: KeyedAggregate }>();
    for (const aggregate of matrix.aggregates) {
      if (aggregate.viewerCountry !== country.code) continue;
      const pair = stored.get(aggregate.regionId) ?? {};
      pair[aggregate.kind] = aggregate;
      stored.set(aggregate.regionId, pair);
    }
    const cells: LatencyCellDto[] = [];
    regions.forEach((region, index) => {
      if (!region.enabled) return;
      const inForce = this.latency.measured(country.code, region.id);
      const pair = stored.get(region.id);
      const modelRttMs = round1(modelled.rttMs[index]);
      cells.push({
        regionId: region.id,
        rttMs: inForce ? round1(inForce.rttMs) : modelRttMs,
        rttSource: inForce?.source ?? 'model',
        rttSamples: inForce ? round1(inForce.recentSamples) : 0,
        modelRttMs,
        measured: pair?.user ? this.measurement(pair.user, nowMs) : null,
        probe: pair?.probe ? this.measurement(pair.probe, nowMs) : null,
      });
    });
    cells.sort((a, b) => a.rttMs - b.rttMs || (a.regionId < b.regionId ? -1 : 1));
    return {
      viewerCountry: country.code,
      latitude,
      longitude,
      readAt: matrix.builtAtMs === 0 ? null : new Date(matrix.builtAtMs).toISOString(),
      rules: { ...this.rules },
      regions: cells,
    };
  }

  private measurement(aggregate: KeyedAggregate, nowMs: number): MeasurementDto {
    return {
      rttMs: aggregate.rttMs === null ? null : round1(aggregate.rttMs),
      throughputBps: aggregate.throughputBps === null ? null : Math.round(aggregate.throughputBps),
      recentSamples: round1(recentRttSamples(aggregate, nowMs, this.rules.halfLifeMs)),
      totalSamples: aggregate.rttCount,
      ageSeconds: round1(Math.max(0, nowMs - aggregate.lastAtMs) / 1000),
      lastSampleAt: new Date(aggregate.lastAtMs).toISOString(),
    };
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
