import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/**
 * A measured round trip between two regions; stored once per pair with region_a_id < region_b_id.
 * Geo sits below regions, so the foreign keys name the `regions` table rather than import its
 * entity: the constraints stay those of the migration, and geo reads region ids as plain strings.
 */
@Entity({ name: 'region_links' })
@Check('CHK_region_links_order', `"region_a_id" < "region_b_id"`)
@Check('CHK_region_links_rtt', `"rtt_ms" > 0`)
export class RegionLinkEntity {
  @PrimaryColumn({
    name: 'region_a_id',
    type: 'varchar',
    length: 97,
    primaryKeyConstraintName: 'PK_region_links',
  })
  @ForeignKey('regions', { name: 'FK_region_links_region_a', onDelete: 'CASCADE' })
  regionAId!: string;

  @PrimaryColumn({
    name: 'region_b_id',
    type: 'varchar',
    length: 97,
    primaryKeyConstraintName: 'PK_region_links',
  })
  @ForeignKey('regions', { name: 'FK_region_links_region_b', onDelete: 'CASCADE' })
  regionBId!: string;

  /** Great-circle distance between the two regions, km. */
  @Column({ name: 'distance_km', type: 'double precision' })
  distanceKm!: number;

  /** Median measured round-trip time, ms. */
  @Column({ name: 'rtt_ms', type: 'double precision' })
  rttMs!: number;

  /** Minimum measured round-trip time, ms. */
  @Column({ name: 'rtt_min_ms', type: 'double precision' })
  rttMinMs!: number;

  /** e.g. `measured-2022` (Skyplane, Apache-2.0). */
  @Column({ type: 'varchar', length: 32 })
  source!: string;
}
