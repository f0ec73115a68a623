import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { RegionAccess } from '../domain/catalogue.js';
import { ProviderEntity } from './provider.entity.js';

/** One public cloud region. Public id `provider:code`, e.g. `aws:eu-west-3`. */
@Entity({ name: 'regions' })
@Index('UQ_regions_provider_code', ['providerId', 'code'], { unique: true })
@Check('CHK_regions_access', `"access" IN ('general', 'opt-in', 'restricted')`)
@Check('CHK_regions_latitude', `"latitude" BETWEEN -90 AND 90`)
@Check('CHK_regions_longitude', `"longitude" BETWEEN -180 AND 180`)
export class RegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 97, primaryKeyConstraintName: 'PK_regions' })
  id!: string;

  @Column({ name: 'provider_id', type: 'varchar', length: 32 })
  providerId!: string;

  @ManyToOne(() => ProviderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'FK_regions_provider' })
  provider?: ProviderEntity;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text' })
  city!: string;

  @Column({ name: 'country_code', type: 'char', length: 2 })
  countryCode!: string;

  @Column({ type: 'double precision' })
  latitude!: number;

  @Column({ type: 'double precision' })
  longitude!: number;

  /** Electricity Maps zone key whose grid supplies the region. */
  @Index('IDX_regions_zone')
  @Column({ type: 'varchar', length: 64 })
  zone!: string;

  /** Yearly average grid intensity of the zone, gCO2e/kWh (lifecycle); a fallback only. */
  @Column({ name: 'reference_intensity_g_per_kwh', type: 'double precision' })
  referenceIntensityGPerKwh!: number;

  @Column({ name: 'reference_intensity_source', type: 'text' })
  referenceIntensitySource!: string;

  /** Region-level PUE; null = the provider's. */
  @Column({ type: 'double precision', nullable: true })
  pue!: number | null;

  @Column({ type: 'varchar', length: 16 })
  access!: RegionAccess;

  /** Internet egress list price, USD/GB; null = the provider default. */
  @Column({ name: 'egress_usd_per_gb', type: 'double precision', nullable: true })
  egressUsdPerGb!: number | null;

  @Column({ name: 'egress_price_source', type: 'text', nullable: true })
  egressPriceSource!: string | null;

  /** Optional origin URL template for the provider's delivery stack, e.g. `https://{region}.cdn.example.com`. */
  @Column({ name: 'origin_url_template', type: 'text', nullable: true })
  originUrlTemplate!: string | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** Soft delete, so that a seeded region an admin deleted is not seeded back. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'admin_modified_at', type: 'timestamptz', nullable: true })
  adminModifiedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
