import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, Matches } from 'class-validator';
import { REGION_ID_PATTERN, ZONE_PATTERN } from '../../regions/domain/patterns.js';
import { CONNECTIONS, DEVICES, FOOTPRINT_MODELS } from '../domain/coefficients.js';
import type { Connection, Device } from '../domain/coefficients.js';
import type { FootprintRequest } from '../domain/footprint-request.js';
import { VideoQuery } from './video-query.dto.js';

export const FOOTPRINT_MODEL_CHOICES = [...FOOTPRINT_MODELS, 'all'] as const;
export type FootprintModelChoice = (typeof FOOTPRINT_MODEL_CHOICES)[number];

const upperCase = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.toUpperCase() : value;

/** The viewing session whose footprint is asked (README.md "Footprint and what-if simulation"). */
export class FootprintQuery extends VideoQuery implements FootprintRequest {
  @ApiPropertyOptional({ description: 'Viewing device', enum: DEVICES, default: 'laptop', example: 'laptop' })
  @IsOptional()
  @IsIn(DEVICES)
  device?: Device;

  @ApiPropertyOptional({
    description: 'Last-mile connection',
    enum: CONNECTIONS,
    default: 'wifi',
    example: 'wifi',
  })
  @IsOptional()
  @IsIn(CONNECTIONS)
  connection?: Connection;

  @ApiPropertyOptional({ description: "Viewer's country, ISO 3166-1 alpha-2 (or viewerZone)", example: 'FR' })
  @IsOptional()
  @Transform(upperCase)
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as FR' })
  viewerCountry?: string;

  // Examples only on the first of two exclusive fields: Swagger UI sends every example it finds.
  @ApiPropertyOptional({ description: "Viewer's Electricity Maps zone, e.g. DE (or viewerCountry)" })
  @IsOptional()
  @Matches(ZONE_PATTERN, { message: 'must be an Electricity Maps zone key such as FR or US-MIDA-PJM' })
  viewerZone?: string;

  @ApiPropertyOptional({
    description:
      'Serving region, `provider:code` (or dataCentreZone); default: the nearest enabled general-access region to the viewer',
    example: 'aws:eu-west-3',
  })
  @IsOptional()
  @Matches(REGION_ID_PATTERN, { message: 'must be a region id `provider:code` such as aws:eu-west-3' })
  region?: string;

  @ApiPropertyOptional({
    description: "Serving data centre's Electricity Maps zone, e.g. SE-SE3 (or region)",
  })
  @IsOptional()
  @Matches(ZONE_PATTERN, { message: 'must be an Electricity Maps zone key such as FR or US-MIDA-PJM' })
  dataCentreZone?: string;

  @ApiPropertyOptional({
    description: 'Start of viewing, ISO 8601; default now (to the whole second)',
    example: '2026-11-22T20:00:00Z',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date-time' })
  startAt?: Date;

  @ApiPropertyOptional({
    description: 'Footprint model, or `all` for the four',
    enum: FOOTPRINT_MODEL_CHOICES,
    default: '1byte',
    example: '1byte',
  })
  @IsOptional()
  @IsIn(FOOTPRINT_MODEL_CHOICES)
  model?: FootprintModelChoice;
}
