import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { NotFoundError } from '../platform/kernel/errors.js';
import { buildCountryIndex, Country, CountryIndex, findCountry } from './domain/countries.js';
import type { LatencyLink } from './domain/latency.js';
import { GeoStore } from './persistence/geo.store.js';

/** A country as GET /countries/:code shows it. */
export interface CountryView {
  code: string;
  alpha3: string;
  name: string;
  latitude: number;
  longitude: number;
  zone: string | null;
  neighbours: string[];
  landNeighbours: string[];
  seaNeighbours: string[];
}

/** Countries and borders in memory (reference data: they change only when seeding). */
@Injectable()
export class GeoService implements OnApplicationBootstrap {
  private readonly logger = new Logger(GeoService.name);
  private index: CountryIndex = buildCountryIndex([], []);
  private links: LatencyLink[] = [];

  constructor(private readonly store: GeoStore) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
  }

  async reload(): Promise<void> {
    const { countries, borders, links } = await this.store.load();
    this.index = buildCountryIndex(countries, borders);
    this.links = links.map((link) => ({ a: link.regionAId, b: link.regionBId, rttMs: link.rttMs }));
    this.logger.log(
      `Geography loaded: ${countries.length} countries, ${borders.length / 2} neighbour pairs, ${links.length} measured region links`,
    );
  }

  /** Measured round trips between regions (median, ms), the edges of the latency graph. */
  regionLinks(): readonly LatencyLink[] {
    return this.links;
  }

  findCountry(code: string): Country | undefined {
    return findCountry(this.index, code);
  }

  /** 404 when unknown. */
  describeCountry(code: string): CountryView {
    const country = this.findCountry(code);
    if (!country) throw new NotFoundError(`Unknown country '${code}'`);
    const { alpha3, name, latitude, longitude, defaultZone, neighbours, landNeighbours, seaNeighbours } =
      country;
    return {
      code: country.code,
      alpha3,
      name,
      latitude,
      longitude,
      zone: defaultZone,
      neighbours,
      landNeighbours,
      seaNeighbours,
    };
  }
}
