import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, Matches } from 'class-validator';
import { ZONE_PATTERN } from '../../regions/domain/patterns.js';

export class ZoneParam {
  @ApiProperty({ description: 'Electricity Maps zone key', example: 'FR' })
  @Matches(ZONE_PATTERN, { message: 'must be an Electricity Maps zone key such as FR or US-MIDA-PJM' })
  zone!: string;
}

export class IntensityQuery {
  @ApiPropertyOptional({
    description: 'Start of a window to average over, ISO 8601 (with `to`)',
    example: '2026-11-22T10:00:00Z',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date-time' })
  from?: Date;

  @ApiPropertyOptional({
    description: 'End of the window (exclusive), ISO 8601; at most 7 days after `from`',
    example: '2026-11-22T12:00:00Z',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date-time' })
  to?: Date;
}
