import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { INTENSITY_SOURCES, type IntensitySource } from '../domain/intensity.types.js';

export class IntensityValueDto {
  @ApiProperty({ description: 'Electricity Maps zone key', example: 'FR' })
  zone!: string;

  @ApiProperty({ description: 'Carbon intensity of electricity, gCO2e/kWh (lifecycle)', example: 44.2 })
  gCo2ePerKwh!: number;

  @ApiProperty({
    description:
      'Where the value comes from: live (fresh latest), forecast, stored (older value), profile (same hour of day, recent days), reference (yearly average)',
    enum: INTENSITY_SOURCES,
    example: 'live',
  })
  source!: IntensitySource;

  @ApiProperty({
    description: 'Start of the hour the value is for, ISO 8601 UTC',
    example: '2026-11-22T10:00:00.000Z',
  })
  datetime!: string;

  @ApiProperty({
    description: 'True when Electricity Maps (or GreenStream) estimated the value',
    example: false,
  })
  isEstimated!: boolean;

  @ApiProperty({ description: 'Age of the value, seconds', example: 312 })
  ageSeconds!: number;
}

export class WindowIntensityDto extends IntensityValueDto {
  @ApiProperty({ description: 'Window start, ISO 8601 UTC', example: '2026-11-22T10:00:00.000Z' })
  from!: string;

  @ApiProperty({ description: 'Window end (exclusive), ISO 8601 UTC', example: '2026-11-22T12:00:00.000Z' })
  to!: string;

  @ApiProperty({
    description: 'Every source that contributed to the average, best first; `source` is the weakest of them',
    enum: INTENSITY_SOURCES,
    isArray: true,
    example: ['forecast', 'profile'],
  })
  sources!: IntensitySource[];
}

export class ForecastPointDto {
  @ApiProperty({
    description: 'Start of the forecast hour, ISO 8601 UTC',
    example: '2026-11-22T11:00:00.000Z',
  })
  datetime!: string;

  @ApiProperty({ description: 'Forecast carbon intensity, gCO2e/kWh', example: 41 })
  gCo2ePerKwh!: number;
}

export class ZoneIntensityDto {
  @ApiProperty({ description: 'Electricity Maps zone key', example: 'FR' })
  zone!: string;

  @ApiProperty({ description: 'The value now, through the fallback chain', type: IntensityValueDto })
  latest!: IntensityValueDto;

  @ApiProperty({ description: 'Forecast points from the current hour on', type: [ForecastPointDto] })
  forecast!: ForecastPointDto[];

  @ApiProperty({
    description: 'True when any value used came from a source other than live or forecast',
    example: false,
  })
  degraded!: boolean;

  // Optional, so written after the required fields (see responseSchemaOf).
  @ApiPropertyOptional({
    description: 'Time-weighted average over [from, to), when asked',
    type: WindowIntensityDto,
  })
  window?: WindowIntensityDto;
}
