import { Entity, PrimaryColumn } from 'typeorm';

/** Every (provider key, clientId) recorded: a view sent again is a duplicate, not a second row. */
@Entity({ name: 'view_client_ids' })
export class ViewClientIdEntity {
  @PrimaryColumn({
    name: 'key_id',
    type: 'varchar',
    length: 16,
    primaryKeyConstraintName: 'PK_view_client_ids',
  })
  keyId!: string;

  @PrimaryColumn({
    name: 'client_id',
    type: 'varchar',
    length: 128,
    primaryKeyConstraintName: 'PK_view_client_ids',
  })
  clientId!: string;
}
