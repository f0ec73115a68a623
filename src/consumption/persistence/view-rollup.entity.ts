import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Sums of views per UTC day and dimension value, kept up to date in the transaction that records
 * the views, so that GET /stats reads a few thousand rows whatever the number of views.
 * `dimension` is one of ROLLUP_DIMENSIONS ('all' with key '' holds the day's totals).
 */
@Entity({ name: 'view_rollups' })
export class ViewRollupEntity {
  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'PK_view_rollups' })
  dimension!: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_view_rollups' })
  day!: string;

  @PrimaryColumn({ type: 'varchar', length: 128, primaryKeyConstraintName: 'PK_view_rollups' })
  key!: string;

  @Column({ type: 'bigint' })
  views!: string;

  @Column({ type: 'double precision' })
  minutes!: number;

  @Column({ name: 'data_volume_gb', type: 'double precision' })
  dataVolumeGb!: number;

  @Column({ name: 'energy_kwh', type: 'double precision' })
  energyKwh!: number;

  @Column({ name: 'emissions_g', type: 'double precision' })
  emissionsG!: number;

  /** Sum of the views' carbon receipts, g (docs/RECOMMENDATION.md#receipt). */
  @Column({ name: 'avoided_g', type: 'double precision', default: 0 })
  avoidedG!: number;

  /** Views that carry a receipt. */
  @Column({ name: 'receipt_views', type: 'bigint', default: 0 })
  receiptViews!: string;
}
