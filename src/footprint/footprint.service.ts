import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../common/errors.js';
import { nearest } from '../geo/domain/distance.js';
import { GeoService } from '../geo/geo.service.js';
import { isDegradedSource, IntensityService, WindowIntensityValue } from '../intensity/intensity.service.js';
import { CatalogueService } from '../regions/catalogue.service.js';
import type { RegionView } from '../regions/domain/catalogue.js';
import { FOOTPRINT_MODELS, type FootprintModel } from './domain/coefficients.js';
import { dataVolume } from './domain/data-volume.js';
import { estimateFootprint, segmentEmissions } from './domain/models.js';
import type { FootprintAllModelsDto, FootprintDto } from './dto/footprint.dto.js';
import type { FootprintQuery } from './dto/footprint-query.dto.js';

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
  constructor(
    private readonly intensity: IntensityService,
    private readonly catalogue: CatalogueService,
    private readonly geo: GeoService,
  ) {}

  async estimate(query: FootprintQuery): Promise<FootprintDto | FootprintAllModelsDto> {
    const volume = dataVolume({
      durationMinutes: query.durationMinutes,
      resolution: query.resolution,
      bitrateMbps: query.bitrateMbps,
      dataVolumeGb: query.dataVolumeGb,
    });
    const viewer = this.viewerPlace(query);
    const { region, zone: dataCentreZone } = this.dataCentre(query, viewer);
    const startAt = query.startAt ?? new Date();
    const endAt = new Date(startAt.getTime() + query.durationMinutes * 60_000);
    await Promise.all([this.intensity.ensureZone(viewer.zone), this.intensity.ensureZone(dataCentreZone)]);
    const intensities = {
      dataCentre: this.intensity.window(dataCentreZone, startAt, endAt),
      viewer: this.intensity.window(viewer.zone, startAt, endAt),
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
    const degraded =
      !this.intensity.isConfigured() ||
      [...intensities.dataCentre.sources, ...intensities.viewer.sources].some((source) =>
        isDegradedSource(source),
      );
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
    if (query.viewerCountry !== undefined) {
      const country = this.geo.findCountry(query.viewerCountry);
      if (!country)
        throw InvalidInputError.forField(
          'viewerCountry',
          `is not a known country ('${query.viewerCountry}')`,
        );
      if (query.viewerZone !== undefined) this.assertZone(query.viewerZone, 'viewerZone');
      // A country without a zone of its own falls back on its yearly average (reference chain).
      return {
        zone: query.viewerZone ?? country.defaultZone ?? country.code,
        latitude: country.latitude,
        longitude: country.longitude,
      };
    }
    if (query.viewerZone !== undefined) {
      this.assertZone(query.viewerZone, 'viewerZone');
      const country = this.geo.findCountry(query.viewerZone.split('-')[0] ?? '');
      return { zone: query.viewerZone, latitude: country?.latitude, longitude: country?.longitude };
    }
    throw InvalidInputError.forField('viewerCountry', 'or viewerZone is required');
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
    const candidates = catalogue.regions.filter((region) => region.enabled && region.access === 'general');
    const closest =
      viewer.latitude !== undefined && viewer.longitude !== undefined
        ? nearest(viewer.latitude, viewer.longitude, candidates)
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
