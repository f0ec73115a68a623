import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A cloud provider: `aws`, `gcp`, `azure`, or one an admin added. */
@Entity({ name: 'providers' })
export class ProviderEntity {
  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'PK_providers' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Power Usage Effectiveness, provider-wide (dimensionless, >= 1). */
  @Column({ type: 'double precision' })
  pue!: number;

  @Column({ name: 'pue_source', type: 'text' })
  pueSource!: string;

  /** Egress price used for this provider's regions that have no published per-region figure, USD/GB. */
  @Column({ name: 'default_egress_usd_per_gb', type: 'double precision', nullable: true })
  defaultEgressUsdPerGb!: number | null;

  @Column({ name: 'default_egress_source', type: 'text', nullable: true })
  defaultEgressSource!: string | null;

  /** Set when an admin created or changed the row through the API: seeding then leaves it alone. */
  @Column({ name: 'admin_modified_at', type: 'timestamptz', nullable: true })
  adminModifiedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
