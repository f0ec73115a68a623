import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A country or territory of `world-countries` (ODbL). */
@Entity({ name: 'countries' })
export class CountryEntity {
  /** ISO 3166-1 alpha-2. */
  @PrimaryColumn({ type: 'char', length: 2, primaryKeyConstraintName: 'PK_countries' })
  code!: string;

  @Index('UQ_countries_alpha3', { unique: true })
  @Column({ type: 'char', length: 3 })
  alpha3!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Centroid, decimal degrees (WGS84). */
  @Column({ type: 'double precision' })
  latitude!: number;

  @Column({ type: 'double precision' })
  longitude!: number;

  /** Default Electricity Maps zone for a viewer known only by country; null when none is known. */
  @Column({ name: 'default_zone', type: 'varchar', length: 64, nullable: true })
  defaultZone!: string | null;
}
