import { ApiProperty } from '@nestjs/swagger';
import type { CountryView } from '../geo.service.js';

export class CountryDto implements CountryView {
  @ApiProperty({ description: 'ISO 3166-1 alpha-2 code', example: 'FR' })
  code!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-3 code', example: 'FRA' })
  alpha3!: string;

  @ApiProperty({ description: 'Common name (world-countries)', example: 'France' })
  name!: string;

  @ApiProperty({ description: 'Centroid latitude, decimal degrees', example: 46 })
  latitude!: number;

  @ApiProperty({ description: 'Centroid longitude, decimal degrees', example: 2 })
  longitude!: number;

  @ApiProperty({
    description: 'Default Electricity Maps zone for a viewer known only by country; null when none is known',
    example: 'FR',
    nullable: true,
    type: String,
  })
  zone!: string | null;

  @ApiProperty({
    description: 'Land and sea neighbours (alpha-2), sorted',
    example: ['AD', 'BE', 'CH', 'DE', 'ES', 'GB', 'IT', 'LU', 'MC'],
  })
  neighbours!: string[];

  @ApiProperty({
    description: 'Neighbours across a land border (world-countries)',
    example: ['AD', 'BE', 'CH', 'DE', 'ES', 'IT', 'LU', 'MC'],
  })
  landNeighbours!: string[];

  @ApiProperty({
    description: 'Sea or causeway neighbours (GreenStream list, see docs/DATA-SOURCES.md)',
    example: ['GB'],
  })
  seaNeighbours!: string[];
}
