import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every hourly value received from Electricity Maps: the cache shared by all instances and the
 * history the fallback learns from. One row per (zone, kind, hour): a later fetch of the same hour
 * (a revised measurement, a newer forecast) replaces the value and moves `fetched_at`.
 */
@Entity({ name: 'intensity_observations' })
@Check('CHK_intensity_observations_kind', `"kind" IN ('measured', 'forecast')`)
@Check('CHK_intensity_observations_value', `"g_co2e_per_kwh" >= 0`)
@Index('IDX_intensity_observations_fetched_at', ['fetchedAt'])
@Index('IDX_intensity_observations_datetime', ['datetime'])
export class IntensityObservationEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'PK_intensity_observations' })
  zone!: string;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'PK_intensity_observations' })
  kind!: 'measured' | 'forecast';

  /** Start of the hour the value is for. */
  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'PK_intensity_observations' })
  datetime!: Date;

  /** gCO2e/kWh, lifecycle basis. */
  @Column({ name: 'g_co2e_per_kwh', type: 'double precision' })
  gCo2ePerKwh!: number;

  @Column({ name: 'is_estimated', type: 'boolean' })
  isEstimated!: boolean;

  /** Electricity Maps' `updatedAt` (latest, history) or the forecast's generation time. */
  @Column({ name: 'upstream_updated_at', type: 'timestamptz', nullable: true })
  upstreamUpdatedAt!: Date | null;

  @Column({ name: 'fetched_at', type: 'timestamptz' })
  fetchedAt!: Date;
}
