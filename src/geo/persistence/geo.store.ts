import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CountryBorderEntity } from './country-border.entity.js';
import { CountryEntity } from './country.entity.js';
import { RegionLinkEntity } from './region-link.entity.js';

/** Reads of geo's tables: countries, their borders and the measured links between regions. */
@Injectable()
export class GeoStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async load(): Promise<{
    countries: CountryEntity[];
    borders: CountryBorderEntity[];
    links: RegionLinkEntity[];
  }> {
    const [countries, borders, links] = await Promise.all([
      this.dataSource.getRepository(CountryEntity).find(),
      this.dataSource.getRepository(CountryBorderEntity).find(),
      this.dataSource.getRepository(RegionLinkEntity).find(),
    ]);
    return { countries, borders, links };
  }
}
