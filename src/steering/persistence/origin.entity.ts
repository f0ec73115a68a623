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
import { DeliveryServiceEntity } from './delivery-service.entity.js';

/**
 * One origin of a delivery service: a URL template in a catalogue region. The region is checked
 * against the catalogue at write time rather than by a foreign key: catalogue regions are
 * soft-deleted and re-seeded, and an origin whose region has gone is simply not eligible.
 */
@Entity({ name: 'origins' })
@Index('UQ_origins_service_pathway', ['serviceId', 'pathway'], { unique: true })
@Check('CHK_origins_capacity', `"capacity" IS NULL OR "capacity" >= 0`)
export class OriginEntity {
  @PrimaryColumn({ name: 'service_id', type: 'varchar', length: 64, primaryKeyConstraintName: 'PK_origins' })
  serviceId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'PK_origins' })
  id!: string;

  @ManyToOne(() => DeliveryServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id', foreignKeyConstraintName: 'FK_origins_service' })
  service?: DeliveryServiceEntity;

  @Column({ name: 'region_id', type: 'varchar', length: 97 })
  regionId!: string;

  @Column({ name: 'url_template', type: 'text' })
  urlTemplate!: string;

  @Column({ type: 'varchar', length: 64 })
  pathway!: string;

  /** Concurrent live sessions; null = unlimited. */
  @Column({ type: 'integer', nullable: true })
  capacity!: number | null;

  @Column({ name: 'health_url', type: 'text', nullable: true })
  healthUrl!: string | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
