import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The first answer to a POST /consumption carrying an Idempotency-Key, replayed to its retries. */
@Entity({ name: 'idempotency_records' })
export class IdempotencyRecordEntity {
  @PrimaryColumn({
    name: 'key_id',
    type: 'varchar',
    length: 16,
    primaryKeyConstraintName: 'PK_idempotency_records',
  })
  keyId!: string;

  @PrimaryColumn({
    name: 'idempotency_key',
    type: 'varchar',
    length: 255,
    primaryKeyConstraintName: 'PK_idempotency_records',
  })
  idempotencyKey!: string;

  /** SHA-256 of the request body: the same key with another body is refused. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ name: 'status_code', type: 'integer' })
  statusCode!: number;

  @Column({ type: 'jsonb', nullable: true })
  response!: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
