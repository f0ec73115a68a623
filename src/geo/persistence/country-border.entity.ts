import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CountryEntity } from './country.entity.js';

/** One direction of a symmetric neighbour relation: both (a, b) and (b, a) are stored. */
@Entity({ name: 'country_borders' })
@Check('CHK_country_borders_kind', `"kind" IN ('land', 'sea')`)
@Check('CHK_country_borders_distinct', `"country_code" <> "neighbour_code"`)
export class CountryBorderEntity {
  @PrimaryColumn({
    name: 'country_code',
    type: 'char',
    length: 2,
    primaryKeyConstraintName: 'PK_country_borders',
  })
  countryCode!: string;

  @PrimaryColumn({
    name: 'neighbour_code',
    type: 'char',
    length: 2,
    primaryKeyConstraintName: 'PK_country_borders',
  })
  neighbourCode!: string;

  @ManyToOne(() => CountryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'country_code', foreignKeyConstraintName: 'FK_country_borders_country' })
  country?: CountryEntity;

  @ManyToOne(() => CountryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'neighbour_code', foreignKeyConstraintName: 'FK_country_borders_neighbour' })
  neighbour?: CountryEntity;

  /** `land` (world-countries) or `sea` (our documented list of sea and causeway neighbours). */
  @Column({ type: 'varchar', length: 8 })
  kind!: 'land' | 'sea';

  @Column({ type: 'text' })
  source!: string;
}
