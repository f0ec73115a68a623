import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { REGION_ACCESS_CLASSES, type RegionAccess, type RegionPageQuery } from '../domain/catalogue.js';
import { PROVIDER_ID_PATTERN, ZONE_PATTERN } from '../domain/patterns.js';

/** Query strings carry text: accept true/false (and 1/0), reject anything else. */
export function toBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true' || value === '1' || value === true) return true;
  if (value === 'false' || value === '0' || value === false) return false;
  return value;
}

export class RegionsQuery implements RegionPageQuery {
  @ApiPropertyOptional({ description: 'Provider id', example: 'aws' })
  @IsOptional()
  @Matches(PROVIDER_ID_PATTERN, { message: 'must be a provider id such as aws, gcp or azure' })
  provider?: string;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2 country code of the region', example: 'FR' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as FR' })
  country?: string;

  @ApiPropertyOptional({ description: 'Electricity Maps zone key', example: 'US-MIDA-PJM' })
  @IsOptional()
  @Matches(ZONE_PATTERN, { message: 'must be an Electricity Maps zone key such as FR or US-MIDA-PJM' })
  zone?: string;

  @ApiPropertyOptional({ description: 'Access class', enum: REGION_ACCESS_CLASSES, example: 'general' })
  @IsOptional()
  @IsIn(REGION_ACCESS_CLASSES)
  access?: RegionAccess;

  @ApiPropertyOptional({ description: 'Only enabled (true) or disabled (false) regions', example: true })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ description: 'Page size (1 to 500)', default: 50, example: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'Index of the first item (0-based)', default: 0, example: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000000)
  offset: number = 0;
}
