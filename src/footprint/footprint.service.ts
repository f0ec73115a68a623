import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError } from '../platform/kernel/errors.js';
import { SecondCache } from '../platform/cache/second-cache.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { AppConfig } from '../platform/config/env.schema.js';
import { locateViewer } from '../geo/domain/viewer-location.js';
import { GeoService } from '../geo/geo.service.js';
import { isDegradedAnswer } from '../intensity/domain/degraded.js';
import { IntensityService, WindowIntensityValue } from '../intensity/intensity.service.js';
import { CatalogueService } from '../regions/catalogue.service.js';
import { nearestServingRegion, type RegionView } from '../regions/domain/catalogue.js';
import {
  CONNECTIONS,
  DATA_VOLUME_GB_PER_HOUR_BY_RESOLUTION,
  DEVICES,
  FOOTPRINT_MODELS,
  RESOLUTIONS,
  type FootprintModel,
} from './domain/coefficients.js';
import { dataVolume } from './domain/data-volume.js';
import { estimateFootprint, segmentEmissions } from './domain/models.js';
import type { FootprintAllModelsDto, FootprintDto } from './http/footprint.dto.js';
import type { FootprintQuery } from './http/footprint-query.dto.js';
import type {
  ScenarioChanges,
  ScenarioResultDto,
  SimulateRequest,
  SimulateResponseDto,
} from './http/simulate.dto.js';
import { MS_PER_MINUTE } from '../platform/kernel/time.js';

/** Weeks in a (Gregorian mean) year, for yearly figures. */
const WEEKS_PER_YEAR = 365.2425 / 7;
const DEFAULT_VIEWS_PER_WEEK = 7;

/** Default start of viewing: now, to the whole second (answers within one second are identical). */
function currentSecond(nowMs = Date.now()): Date {
  return new Date(nowMs - (nowMs % 1000));
}

interface Place {
  zone: string;
  latitude?: number;
  longitude?: number;
}

/**
 * GET /footprint: data volume, energy per segment under the chosen model(s), and emissions with
 * the data centre's zone for the data-centre segment and the viewer's zone for network and device,
 * each averaged over the viewing window.
 */
@Injectable()
export class FootprintService {
  /** Serialised answers of GET /footprint for the current second, by validated query (see SecondCache). */
  private readonly answerCache: SecondCache<FootprintQuery, string>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly intensity: IntensityService,
    private readonly catalogue: CatalogueService,
    private readonly geo: GeoService,
  ) {
    this.answerCache = new SecondCache(config.responseCacheEntries);
  }

  /**
   * `estimate` serialised as JSON. The validation pipe hands the same frozen query object to
   * identical query strings, so within one second, with the intensities and the catalogue
   * unchanged, identical requests share one computation.
   */
  estimateJson(query: FootprintQuery): string | Promise<string> {
    const nowMs = Date.now();
    const intensityVersion = this.intensity.dataVersion;
    const catalogue = this.catalogue.current();
    const cached = this.answerCache.get(query, nowMs, intensityVersion, catalogue);
    if (cached !== undefined) return cached;
    return this.estimate(query, new Map(), nowMs).then((answer) => {
      const json = JSON.stringify(answer);
      this.answerCache.set(query, json, nowMs, intensityVersion, catalogue);
      return json;
    });
  }

  /**
   * @param windows window averages already computed for this request, by zone and window (a
   *   simulation evaluates many footprints over one window and a handful of zones).
   */
  async estimate(
    query: FootprintQuery,
    windows: Map<string, WindowIntensityValue> = new Map(),
    nowMs = Date.now(),
  ): Promise<FootprintDto | FootprintAllModelsDto> {
    const volume = dataVolume({
      durationMinutes: query.durationMinutes,
      resolution: query.resolution,
      bitrateMbps: query.bitrateMbps,
      dataVolumeGb: query.dataVolumeGb,
    });
    const viewer = this.viewerPlace(query);
    const { region, zone: dataCentreZone } = this.dataCentre(query, viewer);
    const startAt = query.startAt ?? currentSecond(nowMs);
    const endAt = new Date(startAt.getTime() + query.durationMinutes * MS_PER_MINUTE);
    await Promise.all([this.intensity.ensureZone(viewer.zone), this.intensity.ensureZone(dataCentreZone)]);
    const intensities = {
      dataCentre: this.windowOf(windows, dataCentreZone, startAt, endAt),
      viewer: this.windowOf(windows, viewer.zone, startAt, endAt),
    };
    const models: readonly FootprintModel[] =
      query.model === 'all' ? FOOTPRINT_MODELS : [(query.model ?? '1byte') as FootprintModel];
    const results = models.map((model) =>
      this.footprint(
        model,
        query,
        volume.dataVolumeGb,
        region,
        dataCentreZone,
        viewer.zone,
        intensities,
        startAt,
        endAt,
      ),
    );
    return query.model === 'all' ? { results } : (results[0] as FootprintDto);
  }

  /**
   * What-if: the baseline, then each scenario as the baseline with its changes, all over the same
   * viewing window; sorted by saving. Without scenarios, the standard set (see SimulateRequest).
   */
  async simulate(request: SimulateRequest): Promise<SimulateResponseDto> {
    if (request.baseline.model === 'all') {
      throw InvalidInputError.forField('baseline.model', 'must be one model for a simulation, not all');
    }
    const baselineQuery: FootprintQuery = {
      ...request.baseline,
      startAt: request.baseline.startAt ?? currentSecond(),
    };
    const windows = new Map<string, WindowIntensityValue>();
    const baseline = (await this.estimate(baselineQuery, windows)) as FootprintDto;
    const scenarios = request.scenarios ?? this.standardScenarios(baselineQuery, baseline, windows);
    const viewsPerWeek = request.viewsPerWeek ?? DEFAULT_VIEWS_PER_WEEK;
    const results: ScenarioResultDto[] = [];
    for (const [index, scenario] of scenarios.entries()) {
      let footprint: FootprintDto;
      try {
        footprint = (await this.estimate(
          withChanges(baselineQuery, scenario.changes),
          windows,
        )) as FootprintDto;
      } catch (error) {
        // Name the scenario's field, not the baseline's.
        if (error instanceof InvalidInputError) {
          throw new InvalidInputError(
            error.message,
            error.errors.map((problem) => ({
              ...problem,
              field: `scenarios[${index}].changes.${problem.field}`,
            })),
          );
        }
        throw error;
      }
      const deltaG = footprint.emissionsG.total - baseline.emissionsG.total;
      results.push({
        name: scenario.name,
        changes: { ...scenario.changes },
        footprint,
        deltaG,
        deltaPercent: baseline.emissionsG.total === 0 ? 0 : (deltaG / baseline.emissionsG.total) * 100,
        yearlyDeltaKg: (deltaG * viewsPerWeek * WEEKS_PER_YEAR) / 1000,
      });
    }
    results.sort((a, b) => a.deltaG - b.deltaG);
    const best = results[0] && results[0].deltaG < 0 ? results[0].name : null;
    return { baseline, scenarios: results, best, viewsPerWeek };
  }

  /** Each lower resolution, each other connection, each smaller device, the cleanest nearby region. */
  private standardScenarios(
    query: FootprintQuery,
    baseline: FootprintDto,
    windows: Map<string, WindowIntensityValue>,
  ): { name: string; changes: ScenarioChanges }[] {
    const scenarios: { name: string; changes: ScenarioChanges }[] = [];
    const gbPerHour = (baseline.dataVolumeGb / query.durationMinutes) * 60;
    for (const resolution of RESOLUTIONS) {
      if (DATA_VOLUME_GB_PER_HOUR_BY_RESOLUTION[resolution].value < gbPerHour - 1e-12) {
        scenarios.push({ name: resolution, changes: { resolution } });
      }
    }
    for (const connection of CONNECTIONS) {
      if (connection !== (query.connection ?? 'wifi'))
        scenarios.push({ name: connection, changes: { connection } });
    }
    const device = query.device ?? 'laptop';
    for (const smaller of DEVICES.slice(0, DEVICES.indexOf(device))) {
      scenarios.push({ name: smaller, changes: { device: smaller } });
    }
    const region = this.cleanestNearbyRegion(query, baseline, windows);
    if (region) scenarios.push({ name: region.id, changes: { region: region.id } });
    return scenarios;
  }

  private cleanestNearbyRegion(
    query: FootprintQuery,
    baseline: FootprintDto,
    windows: Map<string, WindowIntensityValue>,
  ): RegionView | undefined {
    const countryCode = query.viewerCountry ?? query.viewerZone?.split('-')[0];
    const country = countryCode ? this.geo.findCountry(countryCode) : undefined;
    if (!country) return undefined;
    const countries = new Set([country.code, ...country.neighbours]);
    const startAt = new Date(baseline.startAt);
    const endAt = new Date(baseline.endAt);
    let best: { region: RegionView; gCo2ePerKwh: number } | undefined;
    for (const region of this.catalogue.current().regions) {
      if (!region.enabled || region.access !== 'general' || !countries.has(region.countryCode)) continue;
      if (region.id === baseline.region) continue;
      const gCo2ePerKwh = this.windowOf(windows, region.zone, startAt, endAt).gCo2ePerKwh * region.pue;
      if (!best || gCo2ePerKwh < best.gCo2ePerKwh) best = { region, gCo2ePerKwh };
    }
    return best?.region;
  }

  private windowOf(windows: Map<string, WindowIntensityValue>, zone: string, from: Date, to: Date) {
    const key = `${zone}|${from.getTime()}|${to.getTime()}`;
    let window = windows.get(key);
    if (!window) {
      window = this.intensity.window(zone, from, to);
      windows.set(key, window);
    }
    return window;
  }

  private footprint(
    model: FootprintModel,
    query: FootprintQuery,
    dataVolumeGb: number,
    region: RegionView | undefined,
    dataCentreZone: string,
    viewerZone: string,
    intensities: { dataCentre: WindowIntensityValue; viewer: WindowIntensityValue },
    startAt: Date,
    endAt: Date,
  ): FootprintDto {
    const estimate = estimateFootprint(model, {
      durationMinutes: query.durationMinutes,
      dataVolumeGb,
      device: query.device ?? 'laptop',
      connection: query.connection ?? 'wifi',
      dataCentrePue: region?.pue,
    });
    const emissions = segmentEmissions(
      estimate.energyKwh,
      { dataCentre: intensities.dataCentre.gCo2ePerKwh, viewer: intensities.viewer.gCo2ePerKwh },
      model,
    );
    const degraded = isDegradedAnswer(this.intensity.isConfigured(), [
      ...intensities.dataCentre.sources,
      ...intensities.viewer.sources,
    ]);
    return {
      model,
      dataVolumeGb,
      energyKwh: estimate.energyKwh,
      emissionsG: emissions,
      intensity: intensities,
      region: region?.id ?? null,
      dataCentreZone,
      viewerZone,
      startAt: startAt.toISOString(),
      endAt: endAt.toISOString(),
      assumptions: estimate.assumptions,
      notes: estimate.notes,
      degraded,
    };
  }

  /** The viewer's zone (and a location, to find the nearest region): from the country or the zone. */
  private viewerPlace(query: FootprintQuery): Place {
    const { zone, position } = locateViewer(
      query,
      {
        findCountry: (code) => this.geo.findCountry(code),
        isKnownZone: (z) => this.intensity.isKnownZone(z),
      },
      { acceptsCoordinates: false },
    );
    // A zone is always found when the viewer is: from the zone given or the country's own.
    return { zone: zone as string, latitude: position?.latitude, longitude: position?.longitude };
  }

  private dataCentre(query: FootprintQuery, viewer: Place): { region?: RegionView; zone: string } {
    if (query.region !== undefined && query.dataCentreZone !== undefined) {
      throw InvalidInputError.forField('dataCentreZone', 'cannot be given together with region');
    }
    const catalogue = this.catalogue.current();
    if (query.region !== undefined) {
      const region = catalogue.regionById.get(query.region);
      if (!region) throw InvalidInputError.forField('region', `is not a known region ('${query.region}')`);
      return { region, zone: region.zone };
    }
    if (query.dataCentreZone !== undefined) {
      this.assertZone(query.dataCentreZone, 'dataCentreZone');
      return { zone: query.dataCentreZone };
    }
    const closest =
      viewer.latitude !== undefined && viewer.longitude !== undefined
        ? nearestServingRegion(catalogue, viewer.latitude, viewer.longitude)
        : undefined;
    if (!closest)
      throw InvalidInputError.forField('region', 'is required: no location to find the nearest region from');
    return { region: closest, zone: closest.zone };
  }

  private assertZone(zone: string, field: string): void {
    if (!this.intensity.isKnownZone(zone))
      throw InvalidInputError.forField(field, `is not a known zone ('${zone}')`);
  }
}

/** The baseline with a scenario's changes: a new resolution, region or zone replaces what it overrides. */
function withChanges(baseline: FootprintQuery, changes: ScenarioChanges): FootprintQuery {
  const query: FootprintQuery = { ...baseline };
  if (
    changes.resolution !== undefined &&
    changes.bitrateMbps === undefined &&
    changes.dataVolumeGb === undefined
  ) {
    delete query.bitrateMbps;
    delete query.dataVolumeGb;
  }
  if (changes.bitrateMbps !== undefined) delete query.dataVolumeGb;
  if (changes.dataVolumeGb !== undefined) delete query.bitrateMbps;
  if (changes.region !== undefined) delete query.dataCentreZone;
  if (changes.dataCentreZone !== undefined) delete query.region;
  if (changes.viewerCountry !== undefined && changes.viewerZone === undefined) delete query.viewerZone;
  return { ...query, ...definedOnly(changes) };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
