import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { AppConfig } from '../platform/config/env.schema.js';
import { JsonAnswerCache } from '../platform/cache/json-answer-cache.js';
import { roundingOf } from '../platform/contract/rounding.js';
import { InvalidInputError } from '../platform/kernel/errors.js';
import { MS_PER_MINUTE } from '../platform/kernel/time.js';
import { locateViewer } from '../geo/domain/viewer-location.js';
import { GeoService } from '../geo/geo.service.js';
import { isDegradedAnswer } from '../intensity/domain/degraded.js';
import { IntensityService, WindowIntensityValue } from '../intensity/intensity.service.js';
import { CatalogueService } from '../regions/catalogue.service.js';
import { nearestServingRegion, type RegionView } from '../regions/domain/catalogue.js';
import { FOOTPRINT_MODELS, GREEN_HOSTING, type FootprintModel } from './domain/coefficients.js';
import type { Assumption } from './domain/model-types.js';
import { dataVolume } from './domain/data-volume.js';
import type { FootprintRequest } from './domain/footprint-request.js';
import { estimateFootprint, segmentEmissions } from './domain/models.js';
import { FootprintAllModelsDto, FootprintDto } from './contract/footprint.dto.js';
import { currentSecond, windowAverage, type WindowAverages } from './viewing-window.js';

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
export class EstimateFootprintOperation {
  /** Serialised answers of GET /footprint for the current second, by validated query (see SecondCache). */
  private readonly answers: JsonAnswerCache<FootprintRequest, FootprintDto | FootprintAllModelsDto>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly intensity: IntensityService,
    private readonly catalogue: CatalogueService,
    private readonly geo: GeoService,
  ) {
    // Numbers rounded to their unit's precision as the answer is written (docs/API-NUMBERS.md).
    const one = roundingOf(FootprintDto);
    const all = roundingOf(FootprintAllModelsDto);
    this.answers = new JsonAnswerCache(
      config.responseCacheEntries,
      (answer) => JSON.stringify('results' in answer ? all(answer) : one(answer)),
      'footprint_answers',
    );
  }

  /**
   * `estimate` serialised as JSON. The validation pipe hands the same frozen query object to
   * identical query strings, so within one second, with the intensities and the catalogue
   * unchanged, identical requests share one computation.
   */
  estimateJson(request: FootprintRequest): string | Promise<string> {
    const nowMs = Date.now();
    return this.answers.json(
      request,
      this.intensity.dataVersion,
      this.catalogue.current(),
      () => this.estimate(request, new Map(), nowMs),
      nowMs,
    );
  }

  /** @param windows window averages already computed for this request (see windowAverage). */
  async estimate(
    request: FootprintRequest,
    windows: WindowAverages = new Map(),
    nowMs = Date.now(),
  ): Promise<FootprintDto | FootprintAllModelsDto> {
    const volume = dataVolume({
      durationMinutes: request.durationMinutes,
      resolution: request.resolution,
      bitrateMbps: request.bitrateMbps,
      dataVolumeGb: request.dataVolumeGb,
    });
    const viewer = this.viewerPlace(request);
    const { region, zone: dataCentreZone } = this.dataCentre(request, viewer);
    const startAt = request.startAt ?? currentSecond(nowMs);
    const endAt = new Date(startAt.getTime() + request.durationMinutes * MS_PER_MINUTE);
    await Promise.all([this.intensity.ensureZone(viewer.zone), this.intensity.ensureZone(dataCentreZone)]);
    const intensities = {
      dataCentre: windowAverage(this.intensity, windows, dataCentreZone, startAt, endAt),
      viewer: windowAverage(this.intensity, windows, viewer.zone, startAt, endAt),
    };
    const models: readonly FootprintModel[] =
      request.model === 'all' ? FOOTPRINT_MODELS : [request.model ?? '1byte'];
    const results = models.map((model) =>
      this.footprint(
        model,
        request,
        volume.dataVolumeGb,
        region,
        dataCentreZone,
        viewer.zone,
        intensities,
        startAt,
        endAt,
      ),
    );
    return request.model === 'all' ? { results } : (results[0] as FootprintDto);
  }

  private footprint(
    model: FootprintModel,
    request: FootprintRequest,
    dataVolumeGb: number,
    region: RegionView | undefined,
    dataCentreZone: string,
    viewerZone: string,
    intensities: { dataCentre: WindowIntensityValue; viewer: WindowIntensityValue },
    startAt: Date,
    endAt: Date,
  ): FootprintDto {
    if (request.ieaFigure !== undefined && model !== 'iea') {
      throw InvalidInputError.forField('ieaFigure', 'applies only with model=iea');
    }
    const estimate = estimateFootprint(model, {
      durationMinutes: request.durationMinutes,
      dataVolumeGb,
      device: request.device ?? 'laptop',
      connection: request.connection ?? 'wifi',
      dataCentrePue: region?.pue,
      deviceWatts: request.deviceWatts,
      peripheralWatts: request.peripheralWatts,
      ieaFigure: request.ieaFigure,
    });
    const dataCentreGCo2ePerKwh = greenHosted(
      intensities.dataCentre.gCo2ePerKwh,
      request.greenHostingShare,
      estimate.assumptions,
    );
    const emissions = segmentEmissions(
      estimate.energyKwh,
      { dataCentre: dataCentreGCo2ePerKwh, viewer: intensities.viewer.gCo2ePerKwh },
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
      flags: estimate.flags,
      degraded,
    };
  }

  /** The viewer's zone (and a location, to find the nearest region): from the country or the zone. */
  private viewerPlace(request: FootprintRequest): Place {
    const { zone, position } = locateViewer(
      request,
      {
        findCountry: (code) => this.geo.findCountry(code),
        isKnownZone: (z) => this.intensity.isKnownZone(z),
      },
      { acceptsCoordinates: false },
    );
    // A zone is always found when the viewer is: from the zone given or the country's own.
    return { zone: zone as string, latitude: position?.latitude, longitude: position?.longitude };
  }

  private dataCentre(request: FootprintRequest, viewer: Place): { region?: RegionView; zone: string } {
    if (request.region !== undefined && request.dataCentreZone !== undefined) {
      throw InvalidInputError.forField('dataCentreZone', 'cannot be given together with region');
    }
    const catalogue = this.catalogue.current();
    if (request.region !== undefined) {
      const region = catalogue.regionById.get(request.region);
      if (!region) throw InvalidInputError.forField('region', `is not a known region ('${request.region}')`);
      return { region, zone: region.zone };
    }
    if (request.dataCentreZone !== undefined) {
      this.assertZone(request.dataCentreZone, 'dataCentreZone');
      return { zone: request.dataCentreZone };
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

/**
 * The data centre's intensity with a green-hosting share valued at the renewable intensity (as
 * co2.js's greenHostingFactor); recorded among the assumptions when given.
 */
function greenHosted(gridGCo2ePerKwh: number, share: number | undefined, assumptions: Assumption[]): number {
  if (share === undefined) return gridGCo2ePerKwh;
  const renewable = GREEN_HOSTING.renewableGramsCo2PerKwh;
  assumptions.push(
    { name: 'greenHostingShare', value: share, unit: 'fraction', source: 'caller-supplied' },
    { ...renewable },
  );
  return share * renewable.value + (1 - share) * gridGCo2ePerKwh;
}
