import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { CONNECTIONS, DEVICES, FOOTPRINT_MODELS } from '../../footprint/domain/coefficients.js';
import type { Connection, Device, FootprintModel } from '../../footprint/domain/coefficients.js';
import { SUBDIVISION_CODES, SUBDIVISION_PATTERN } from '../../geo/domain/viewer-location.js';
import { MAX_DURATION_MINUTES } from '../../footprint/domain/data-volume.js';
import { VideoQuery } from '../../footprint/http/video-query.dto.js';
import { toBoolean } from '../../regions/http/regions-query.dto.js';
import { REGION_ID_PATTERN, ZONE_PATTERN } from '../../regions/domain/patterns.js';
import type { BestWindowRequest } from '../best-window.js';
import { ELIGIBILITY_MODES, type EligibilityMode } from '../domain/eligibility.js';
import type { RecommendRequest } from '../domain/request-rules.js';

const upperCase = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.toUpperCase() : value;

/** Comma-separated provider ids: `aws,gcp`. */
const PROVIDER_LIST_PATTERN = /^[a-z][a-z0-9-]{1,31}(,[a-z][a-z0-9-]{1,31})*$/;

/** GET /recommend (README.md "Cloud recommendation"). */
export class RecommendQuery extends VideoQuery implements RecommendRequest {
  @ApiPropertyOptional({
    description:
      "Viewer's country, ISO 3166-1 alpha-2; placed at its population-weighted centre unless viewerSubdivision or viewerLat/viewerLon are given. One of viewerCountry, viewerSubdivision, viewerZone or viewerLat+viewerLon is required",
    example: 'FR',
  })
  @IsOptional()
  @Transform(upperCase)
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as FR' })
  viewerCountry?: string;

  @ApiPropertyOptional({
    description:
      "Viewer's Electricity Maps zone, e.g. DE; gives the country (its first part) and, unless coordinates are given, a location (the mean position of the catalogue regions in that zone, else the country centroid)",
  })
  @IsOptional()
  @Matches(ZONE_PATTERN, { message: 'must be an Electricity Maps zone key such as FR or US-MIDA-PJM' })
  viewerZone?: string;

  @ApiPropertyOptional({
    description:
      "Viewer's first-level subdivision, ISO 3166-2 (US-CA, CA-ON, AU-NSW, BR-SP): placed at its population-weighted centre (US, CA, AU and BR); gives the country; must be of viewerCountry when both are given",
    enum: SUBDIVISION_CODES,
  })
  @IsOptional()
  @Transform(upperCase)
  @Matches(SUBDIVISION_PATTERN, { message: 'must be an ISO 3166-2 code such as US-CA' })
  viewerSubdivision?: string;

  @ApiPropertyOptional({
    // No example here nor on the other alternatives to viewerCountry: Swagger UI sends every example.
    description: "Viewer's latitude, decimal degrees (-90 to 90), e.g. 48.85, with viewerLon",
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a latitude in degrees' })
  @Min(-90)
  @Max(90)
  viewerLat?: number;

  @ApiPropertyOptional({
    description: "Viewer's longitude, decimal degrees (-180 to 180), e.g. 2.35, with viewerLat",
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a longitude in degrees' })
  @Min(-180)
  @Max(180)
  viewerLon?: number;

  @ApiPropertyOptional({
    description:
      'When viewing starts, ISO 8601; default now. Intensities are averaged over [startAt, startAt + duration]',
    example: '2026-11-22T20:00:00Z',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date-time' })
  startAt?: Date;

  @ApiPropertyOptional({
    description:
      "Which regions may serve: `neighbours` (the viewer's country and its land and sea neighbours), `country` (the viewer's country only), `latency` (any region). Every mode keeps the round-trip budget (maxLatencyMs) unless latencyBudget=off. Omitted: `neighbours`, falling back to `latency` when no same-or-neighbouring-country region is within the budget (the answer's eligibility and eligibilityFallback say which applied)",
    enum: ELIGIBILITY_MODES,
    example: 'neighbours',
  })
  @IsOptional()
  @IsIn(ELIGIBILITY_MODES)
  eligibility?: EligibilityMode;

  @ApiPropertyOptional({
    description: 'Round-trip budget, ms (1 to 1000), in every eligibility mode',
    default: 80,
    example: 80,
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(1000)
  maxLatencyMs?: number;

  @ApiPropertyOptional({
    description:
      '`off` turns the round-trip budget off for eligibility=neighbours or country (not with eligibility=latency or maxLatencyMs)',
    enum: ['on', 'off'],
    default: 'on',
    example: 'on',
  })
  @IsOptional()
  @IsIn(['on', 'off'])
  latencyBudget?: 'on' | 'off';

  @ApiPropertyOptional({
    description: "Viewer's device, for the whole view's saving (savings.wholeView)",
    enum: DEVICES,
    default: 'laptop',
    example: 'laptop',
  })
  @IsOptional()
  @IsIn(DEVICES)
  device?: Device;

  @ApiPropertyOptional({
    description: "Viewer's last-mile connection, for the whole view's saving (savings.wholeView)",
    enum: CONNECTIONS,
    default: 'wifi',
    example: 'wifi',
  })
  @IsOptional()
  @IsIn(CONNECTIONS)
  connection?: Connection;

  @ApiPropertyOptional({
    description: 'Only these providers, comma-separated provider ids',
    example: 'aws,gcp',
  })
  @IsOptional()
  @Matches(PROVIDER_LIST_PATTERN, { message: 'must be comma-separated provider ids such as aws,gcp' })
  providers?: string;

  @ApiPropertyOptional({
    description: 'Also consider opt-in regions (enabled per account by the provider)',
    default: false,
    example: false,
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeOptIn?: boolean;

  @ApiPropertyOptional({
    description:
      'Internal carbon price, USD per tonne CO2e: rank by egress cost plus priced emissions (not with costWeight)',
    example: 100,
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000000)
  carbonPriceUsdPerTonne?: number;

  @ApiPropertyOptional({
    description:
      'Weight of cost against carbon, 0 to 1, e.g. 0.3: rank by (1 − w) × normalised emissions + w × normalised cost (not with carbonPriceUsdPerTonne)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  costWeight?: number;

  @ApiPropertyOptional({
    description: 'Footprint model for the data-centre energy',
    enum: FOOTPRINT_MODELS,
    default: '1byte',
    example: '1byte',
  })
  @IsOptional()
  @IsIn(FOOTPRINT_MODELS)
  model?: FootprintModel;

  @ApiPropertyOptional({ description: 'Candidates returned, best first (1 to 200)', default: 5, example: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

/** GET /recommend/window. */
export class BestWindowQuery implements BestWindowRequest {
  @ApiPropertyOptional({
    description: 'Region whose zone is used, `provider:code` (or zone)',
    example: 'aws:eu-west-3',
  })
  @IsOptional()
  @Matches(REGION_ID_PATTERN, { message: 'must be a region id `provider:code` such as aws:eu-west-3' })
  region?: string;

  @ApiPropertyOptional({ description: 'Electricity Maps zone, e.g. FR (or region)' })
  @IsOptional()
  @Matches(ZONE_PATTERN, { message: 'must be an Electricity Maps zone key such as FR or US-MIDA-PJM' })
  zone?: string;

  @ApiProperty({ description: 'Length of the work, minutes (> 0, at most 1440)', example: 120 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number of minutes' })
  @Min(0.001, { message: 'must be greater than 0' })
  @Max(MAX_DURATION_MINUTES)
  durationMinutes!: number;

  @ApiPropertyOptional({
    description:
      'How long the start may be delayed: a duration in hours or minutes such as `24h` or `90m`, at most 72h. The window must also end within the forecast horizon when there is a forecast',
    default: '24h',
    example: '24h',
  })
  @IsOptional()
  @Matches(/^\d+(\.\d+)?(m|h)$/, { message: 'must be a duration such as 24h or 90m' })
  within?: string;
}
