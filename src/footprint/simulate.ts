import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../platform/kernel/errors.js';
import { GeoService } from '../geo/geo.service.js';
import { IntensityService } from '../intensity/intensity.service.js';
import { CatalogueService } from '../regions/catalogue.service.js';
import type { RegionView } from '../regions/domain/catalogue.js';
import {
  CONNECTIONS,
  DATA_VOLUME_GB_PER_HOUR_BY_RESOLUTION,
  DEVICES,
  RESOLUTIONS,
} from './domain/coefficients.js';
import { estimateFootprint } from './domain/models.js';
import { withChanges, type FootprintChanges, type FootprintRequest } from './domain/footprint-request.js';
import { EstimateFootprintOperation } from './estimate-footprint.js';
import type { FootprintDto } from './contract/footprint.dto.js';
import type { ScenarioResultDto, SimulateResponseDto } from './contract/simulation.dto.js';
import { currentSecond, windowAverage, type WindowAverages } from './viewing-window.js';

/** Weeks in a (Gregorian mean) year, for yearly figures. */
const WEEKS_PER_YEAR = 365.2425 / 7;
const DEFAULT_VIEWS_PER_WEEK = 7;

interface Scenario {
  name: string;
  changes: FootprintChanges;
}

/** A POST /simulate body once well-formed (http/SimulateRequest is its HTTP form). */
export interface SimulationRequest {
  baseline: FootprintRequest;
  /** Without them, the standard set (see standardScenarios). */
  scenarios?: readonly Scenario[];
  viewsPerWeek?: number;
}

/**
 * POST /simulate, the what-if: the baseline, then each scenario as the baseline with its changes,
 * all over the same viewing window; sorted by saving.
 */
@Injectable()
export class SimulateOperation {
  constructor(
    private readonly estimateFootprint: EstimateFootprintOperation,
    private readonly intensity: IntensityService,
    private readonly catalogue: CatalogueService,
    private readonly geo: GeoService,
  ) {}

  async simulate(request: SimulationRequest): Promise<SimulateResponseDto> {
    if (request.baseline.model === 'all') {
      throw InvalidInputError.forField('baseline.model', 'must be one model for a simulation, not all');
    }
    const baselineRequest: FootprintRequest = {
      ...request.baseline,
      startAt: request.baseline.startAt ?? currentSecond(),
    };
    const windows: WindowAverages = new Map();
    const baseline = (await this.estimateFootprint.estimate(baselineRequest, windows)) as FootprintDto;
    const scenarios = request.scenarios ?? this.standardScenarios(baselineRequest, baseline, windows);
    const viewsPerWeek = request.viewsPerWeek ?? DEFAULT_VIEWS_PER_WEEK;
    const results: ScenarioResultDto[] = [];
    for (const [index, scenario] of scenarios.entries()) {
      let footprint: FootprintDto;
      try {
        footprint = (await this.estimateFootprint.estimate(
          withChanges(baselineRequest, scenario.changes),
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
    if (request.scenarios === undefined) {
      // A standard scenario whose exact figures equal the baseline's changes nothing (a connection
      // the model does not tell apart, e.g. wifi and fixed-wired under Carbon Trust): not offered.
      // Chosen scenarios are all answered, as asked.
      removeWhere(results, (result) => result.deltaG === 0);
    }
    const best = results[0] && results[0].deltaG < 0 ? results[0].name : null;
    return { baseline, scenarios: results, best, viewsPerWeek };
  }

  /**
   * Each lower resolution, each other connection, each smaller device, and the cleanest nearby region
   * when one is cleaner than the serving region (else no region scenario: it would change nothing).
   */
  private standardScenarios(
    request: FootprintRequest,
    baseline: FootprintDto,
    windows: WindowAverages,
  ): Scenario[] {
    const scenarios: Scenario[] = [];
    const gbPerHour = (baseline.dataVolumeGb / request.durationMinutes) * 60;
    for (const resolution of RESOLUTIONS) {
      if (DATA_VOLUME_GB_PER_HOUR_BY_RESOLUTION[resolution].value < gbPerHour - 1e-12) {
        scenarios.push({ name: resolution, changes: { resolution } });
      }
    }
    for (const connection of CONNECTIONS) {
      if (connection !== (request.connection ?? 'wifi'))
        scenarios.push({ name: connection, changes: { connection } });
    }
    // A "smaller" device is one that draws less under the baseline's model: a desktop with its
    // monitor (115 W, Carbon Trust 2021 Table 10) is no saving for a TV (100 W).
    const device = request.device ?? 'laptop';
    const model = baseline.model;
    for (const smaller of DEVICES.slice(0, DEVICES.indexOf(device))) {
      const energy = estimateFootprint(model, {
        durationMinutes: request.durationMinutes,
        dataVolumeGb: baseline.dataVolumeGb,
        device: smaller,
        connection: request.connection ?? 'wifi',
      }).energyKwh.device;
      if (energy < baseline.energyKwh.device) scenarios.push({ name: smaller, changes: { device: smaller } });
    }
    const region = this.cleanestNearbyRegion(request, baseline, windows);
    if (region) scenarios.push({ name: region.id, changes: { region: region.id } });
    return scenarios;
  }

  private cleanestNearbyRegion(
    request: FootprintRequest,
    baseline: FootprintDto,
    windows: WindowAverages,
  ): RegionView | undefined {
    const countryCode = request.viewerCountry ?? request.viewerZone?.split('-')[0];
    const country = countryCode ? this.geo.findCountry(countryCode) : undefined;
    if (!country) return undefined;
    const countries = new Set([country.code, ...country.neighbours]);
    const startAt = new Date(baseline.startAt);
    const endAt = new Date(baseline.endAt);
    // One PUE rule with /footprint and /recommend (docs/FOOTPRINT-MODELS.md#provider-pue): the
    // models' data-centre figures include facility overheads, so the cleanest region is the one
    // with the lowest intensity, a lower PUE breaking ties; a region that saves nothing is no scenario.
    const baselineGCo2ePerKwh = baseline.intensity.dataCentre.gCo2ePerKwh;
    let best: { region: RegionView; gCo2ePerKwh: number } | undefined;
    const regions = this.catalogue.current().regions;
    for (const region of regions) {
      if (!region.enabled || region.access !== 'general' || !countries.has(region.countryCode)) continue;
      if (region.id === baseline.region) continue;
      const gCo2ePerKwh = windowAverage(this.intensity, windows, region.zone, startAt, endAt).gCo2ePerKwh;
      if (!(gCo2ePerKwh < baselineGCo2ePerKwh)) continue;
      if (
        !best ||
        gCo2ePerKwh < best.gCo2ePerKwh ||
        (gCo2ePerKwh === best.gCo2ePerKwh && region.pue < best.region.pue)
      ) {
        best = { region, gCo2ePerKwh };
      }
    }
    return best?.region;
  }
}

function removeWhere<T>(items: T[], predicate: (item: T) => boolean): void {
  let kept = 0;
  for (const item of items) if (!predicate(item)) items[kept++] = item;
  items.length = kept;
}
