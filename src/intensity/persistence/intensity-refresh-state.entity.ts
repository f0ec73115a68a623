import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * When each zone's data was last asked of Electricity Maps, and how that went. Shared by all
 * instances: the one holding the refresh lock reads it to decide what is due, so that two
 * instances never refresh the same zone in one cycle. `zone` '*' holds the link-wide state
 * (the last cycle's outcome, the token's entitled zones).
 */
@Entity({ name: 'intensity_refresh_state' })
export class IntensityRefreshStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'PK_intensity_refresh_state' })
  zone!: string;

  /** `latest`, `forecast`, `history`, or `cycle` / `zones` for the link-wide rows. */
  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'PK_intensity_refresh_state' })
  call!: string;

  @Column({ name: 'last_attempt_at', type: 'timestamptz' })
  lastAttemptAt!: Date;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt!: Date | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt!: Date | null;

  /** Error kind and message of the last failure (never containing the token). */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** Call-specific details, e.g. the cycle's counts or the entitled zones. */
  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;
}
