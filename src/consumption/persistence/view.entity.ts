import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One recorded view with the footprint computed when it was recorded. The table is partitioned by
 * month of `started_at` (declarative range partitioning, in the migration: TypeORM has no notation
 * for it), which is why `started_at` is part of the primary key. Partitions are created ahead of
 * need by PartitionMaintenanceService; a default partition catches anything else.
 * Idempotency by (key_id, client_id) lives in view_client_ids: a unique index on a partitioned table
 * must include the partition key, which would let a clientId resent with another start time pass.
 */
@Entity({ name: 'views' })
@Index('IDX_views_viewer_country_started_at', ['viewerCountry', 'startedAt'])
@Index('IDX_views_region_started_at', ['region', 'startedAt'])
@Index('IDX_views_video_id_started_at', ['videoId', 'startedAt'])
export class ViewEntity {
  @PrimaryColumn({ name: 'started_at', type: 'timestamptz', primaryKeyConstraintName: 'PK_views' })
  startedAt!: Date;

  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'BY DEFAULT',
    primaryKeyConstraintName: 'PK_views',
  })
  id!: string;

  /** Which provider key recorded it (hash prefix of the key, never the key). */
  @Column({ name: 'key_id', type: 'varchar', length: 16 })
  keyId!: string;

  @Column({ name: 'client_id', type: 'varchar', length: 128 })
  clientId!: string;

  @Column({ name: 'video_id', type: 'varchar', length: 128 })
  videoId!: string;

  @Column({ name: 'duration_minutes', type: 'double precision' })
  durationMinutes!: number;

  @Column({ type: 'varchar', length: 8 })
  resolution!: string;

  @Column({ type: 'varchar', length: 16 })
  device!: string;

  @Column({ type: 'varchar', length: 16 })
  connection!: string;

  @Column({ name: 'viewer_country', type: 'char', length: 2 })
  viewerCountry!: string;

  @Column({ name: 'viewer_zone', type: 'varchar', length: 64 })
  viewerZone!: string;

  /** Region id, e.g. aws:eu-west-3. */
  @Column({ type: 'varchar', length: 97 })
  region!: string;

  @Column({ type: 'varchar', length: 32 })
  provider!: string;

  @Column({ name: 'data_centre_zone', type: 'varchar', length: 64 })
  dataCentreZone!: string;

  @Column({ type: 'varchar', length: 16 })
  model!: string;

  @Column({ name: 'data_volume_gb', type: 'double precision' })
  dataVolumeGb!: number;

  @Column({ name: 'energy_data_centre_kwh', type: 'double precision' })
  energyDataCentreKwh!: number;

  @Column({ name: 'energy_network_kwh', type: 'double precision' })
  energyNetworkKwh!: number;

  @Column({ name: 'energy_device_kwh', type: 'double precision' })
  energyDeviceKwh!: number;

  @Column({ name: 'energy_embodied_kwh', type: 'double precision' })
  energyEmbodiedKwh!: number;

  @Column({ name: 'energy_total_kwh', type: 'double precision' })
  energyTotalKwh!: number;

  @Column({ name: 'emissions_data_centre_g', type: 'double precision' })
  emissionsDataCentreG!: number;

  @Column({ name: 'emissions_network_g', type: 'double precision' })
  emissionsNetworkG!: number;

  @Column({ name: 'emissions_device_g', type: 'double precision' })
  emissionsDeviceG!: number;

  @Column({ name: 'emissions_embodied_g', type: 'double precision' })
  emissionsEmbodiedG!: number;

  @Column({ name: 'emissions_total_g', type: 'double precision' })
  emissionsTotalG!: number;

  /** Window-averaged intensity of the serving zone over the view, gCO2e/kWh. */
  @Column({ name: 'data_centre_g_co2e_per_kwh', type: 'double precision' })
  dataCentreGCo2ePerKwh!: number;

  @Column({ name: 'viewer_g_co2e_per_kwh', type: 'double precision' })
  viewerGCo2ePerKwh!: number;

  /** Intensity sources used for the data-centre zone, in chain order. */
  @Column({ name: 'data_centre_sources', type: 'text', array: true })
  dataCentreSources!: string[];

  @Column({ name: 'viewer_sources', type: 'text', array: true })
  viewerSources!: string[];

  /**
   * Carbon receipt: data-centre grams avoided against the nearest serving region to the viewer
   * (signed; null when the view named no region). docs/RECOMMENDATION.md#receipt.
   */
  @Column({ name: 'avoided_g', type: 'double precision', nullable: true })
  avoidedG!: number | null;

  /** The nearest serving region the receipt compares with; null with the receipt. */
  @Column({ name: 'baseline_region', type: 'varchar', length: 97, nullable: true })
  baselineRegion!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
