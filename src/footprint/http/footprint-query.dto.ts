import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDate, IsIn, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { REGION_ID_PATTERN, ZONE_PATTERN } from '../../regions/domain/patterns.js';
import { CONNECTIONS, DEVICES, FOOTPRINT_MODELS } from '../domain/coefficients.js';
import type { Connection, Device } from '../domain/coefficients.js';
import type { FootprintRequest } from '../domain/footprint-request.js';
import { IEA_FIGURES, type IeaFigure } from '../domain/model-types.js';
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

  @ApiPropertyOptional({
    description:
      "Measured screen power, W (0 to 2000): replaces the model's figure for the device (not used by SWD v4, whose device term is per byte)",
    example: 60,
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(2000)
  deviceWatts?: number;

  @ApiPropertyOptional({
    description:
      'Set-top box or console used as player, W (0 to 500): Carbon Trust adds it to the device; the other models list it as ignored in notes',
    example: 10,
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(500)
  peripheralWatts?: number;

  @ApiPropertyOptional({
    description:
      "model=iea only: `central` is the IEA's published 0.077 kWh per viewing hour (its average device mix, whatever the device); `device-scaled` (default) uses the chosen device",
    enum: IEA_FIGURES,
  })
  @IsOptional()
  @IsIn(IEA_FIGURES)
  ieaFigure?: IeaFigure;

  @ApiPropertyOptional({
    description:
      "Share of the serving data centre's electricity from renewables (green hosting), 0 to 1: valued at 50 gCO2e/kWh (co2.js, SWD v4), the rest at the grid's",
    example: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  greenHostingShare?: number;
}
