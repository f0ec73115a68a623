import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsStoredInstant } from '../../platform/http/instant-query.js';
import { CONNECTIONS, DEVICES, FOOTPRINT_MODELS, RESOLUTIONS } from '../../footprint/domain/coefficients.js';
import { INTENSITY_SOURCES } from '../../intensity/domain/intensity.types.js';
import { MAX_VIEWS_PER_REQUEST } from '../domain/view-input.js';
import type { IngestCounts } from '../ingest-views.js';
import type { ViewListQuery, ViewPage } from '../list-views.js';
import type { RecordedView } from '../view-presentation.js';
import { NoControlCharacters } from '../../platform/kernel/text-validation.js';
import { Precision } from '../../platform/contract/number-precision.js';

/** One view as a provider sends it (validated by parseConsumptionBody; this class documents it). */
export class ViewInputDto {
  @ApiProperty({
    description:
      "The provider's own id of the view (1–128 characters); a clientId sent again with the same key is a duplicate",
    example: 'session-7f3a2c',
  })
  clientId!: string;

  @ApiProperty({ description: 'Video id (1–128 characters)', example: 'movie-42' })
  videoId!: string;

  @ApiProperty({
    description:
      'When viewing started, ISO 8601 with a time zone; not in the future (5 min of clock skew allowed)',
    example: '2026-11-20T20:30:00Z',
    format: 'date-time',
  })
  startedAt!: string;

  @ApiProperty({
    description: 'Minutes watched, > 0 and at most 1440',
    example: 42,
    minimum: 0,
    maximum: 1440,
  })
  durationMinutes!: number;

  @ApiPropertyOptional({ description: 'Resolution', enum: RESOLUTIONS, default: '1080p', example: '1080p' })
  resolution?: string;

  @ApiPropertyOptional({ description: 'Viewing device', enum: DEVICES, default: 'laptop', example: 'tv' })
  device?: string;

  @ApiPropertyOptional({
    description: 'Access network',
    enum: CONNECTIONS,
    default: 'wifi',
    example: 'fixed-wired',
  })
  connection?: string;

  @ApiProperty({ description: "Viewer's country, ISO 3166-1 alpha-2", example: 'FR' })
  viewerCountry!: string;

  @ApiPropertyOptional({
    description:
      "Serving region id (see GET /regions); default: the nearest general region to the viewer's country",
    example: 'aws:eu-west-3',
  })
  region?: string;

  @ApiPropertyOptional({
    description: 'Footprint model',
    enum: FOOTPRINT_MODELS,
    default: '1byte',
    example: '1byte',
  })
  model?: string;
}

export class ConsumptionRequestDto {
  @ApiProperty({
    description: `Views to record, 1 to ${MAX_VIEWS_PER_REQUEST}; all are stored or none`,
    type: [ViewInputDto],
    minItems: 1,
    maxItems: MAX_VIEWS_PER_REQUEST,
  })
  views!: ViewInputDto[];
}

export class ConsumptionResultDto implements IngestCounts {
  @ApiProperty({ description: 'Views stored by this request', type: 'integer', example: 998 })
  accepted!: number;

  @ApiProperty({
    description:
      'Views not stored because their clientId was already recorded for this key (or repeated in the batch)',
    type: 'integer',
    example: 2,
  })
  duplicates!: number;
}

/** Energy of each segment of a recorded view, kWh. */
export class ViewEnergySegmentsDto {
  @ApiProperty({ description: 'Data centre (serving region), kWh', example: 0.151 })
  @Precision('kWh')
  dataCentre!: number;

  @ApiProperty({ description: 'Network, kWh', example: 0.319 })
  @Precision('kWh')
  network!: number;

  @ApiProperty({ description: 'Viewing device, kWh', example: 0.07 })
  @Precision('kWh')
  device!: number;

  @ApiProperty({ description: 'Manufacturing (SWD v4 only; 0 otherwise), kWh', example: 0 })
  @Precision('kWh')
  embodied!: number;

  @ApiProperty({ description: 'Sum of the segments, kWh', example: 0.54 })
  @Precision('kWh')
  total!: number;
}

/** Emissions of each segment of a recorded view, gCO2e (the examples: the energy examples at 31 gCO2e/kWh). */
export class ViewEmissionSegmentsDto {
  @ApiProperty({ description: 'Data centre (serving region), gCO2e', example: 4.681 })
  @Precision('g')
  dataCentre!: number;

  @ApiProperty({ description: 'Network, gCO2e', example: 9.889 })
  @Precision('g')
  network!: number;

  @ApiProperty({ description: 'Viewing device, gCO2e', example: 2.17 })
  @Precision('g')
  device!: number;

  @ApiProperty({ description: 'Manufacturing (SWD v4 only; 0 otherwise), gCO2e', example: 0 })
  @Precision('g')
  embodied!: number;

  @ApiProperty({ description: 'Sum of the segments, gCO2e', example: 16.74 })
  @Precision('g')
  total!: number;
}

export class ViewIntensityDto {
  @ApiProperty({ description: 'Electricity Maps zone', example: 'FR' })
  zone!: string;

  @ApiProperty({ description: 'Average intensity over the viewing window, gCO2e/kWh', example: 31 })
  gCo2ePerKwh!: number;

  @ApiProperty({
    description: 'Sources of the hours averaged, in chain order',
    enum: INTENSITY_SOURCES,
    isArray: true,
    example: ['stored'],
  })
  sources!: string[];
}

export class ViewIntensitiesDto {
  @ApiProperty({ description: 'Serving zone, for the data-centre segment', type: ViewIntensityDto })
  dataCentre!: ViewIntensityDto;

  @ApiProperty({ description: "Viewer's zone, for network and device", type: ViewIntensityDto })
  viewer!: ViewIntensityDto;
}

export class ViewReceiptDto {
  @ApiProperty({
    description:
      "Carbon receipt, gCO2e: the data-centre emissions of the nearest serving region to the viewer (placed at the country's population-weighted centre) minus those of the region that served, under the view's model and intensities over the viewing window. Negative when the serving region is dirtier. Null when the view named no region (it is then assumed served from that nearest region). See docs/RECOMMENDATION.md#receipt",
    example: 3.9,
    nullable: true,
    type: Number,
  })
  avoidedG!: number | null;

  @ApiProperty({
    description: 'The nearest serving region the receipt compares with; null with avoidedG',
    example: 'gcp:europe-west9',
    nullable: true,
    type: String,
  })
  baselineRegion!: string | null;
}

export class ViewDto implements RecordedView {
  @ApiProperty({ description: 'Id given by GreenStream', type: 'integer', example: 1234 })
  id!: number;

  @ApiProperty({ description: "The provider's id of the view", example: 'session-7f3a2c' })
  clientId!: string;

  @ApiProperty({ description: 'Video id', example: 'movie-42' })
  videoId!: string;

  @ApiProperty({ description: 'Start of viewing (UTC)', example: '2026-11-20T20:30:00.000Z' })
  startedAt!: string;

  @ApiProperty({ description: 'Minutes watched', example: 42 })
  durationMinutes!: number;

  @ApiProperty({ description: 'Resolution', enum: RESOLUTIONS, example: '1080p' })
  resolution!: string;

  @ApiProperty({ description: 'Viewing device', enum: DEVICES, example: 'tv' })
  device!: string;

  @ApiProperty({ description: 'Access network', enum: CONNECTIONS, example: 'fixed-wired' })
  connection!: string;

  @ApiProperty({ description: "Viewer's country, ISO 3166-1 alpha-2", example: 'FR' })
  viewerCountry!: string;

  @ApiProperty({ description: 'Serving region id', example: 'aws:eu-west-3' })
  region!: string;

  @ApiProperty({ description: 'Provider of the serving region', example: 'aws' })
  provider!: string;

  @ApiProperty({ description: 'Footprint model used', enum: FOOTPRINT_MODELS, example: '1byte' })
  model!: string;

  @ApiProperty({ description: 'Data volume, GB (10^9 bytes)', example: 2.1 })
  dataVolumeGb!: number;

  @ApiProperty({ description: 'Energy per segment, kWh', type: ViewEnergySegmentsDto })
  energyKwh!: ViewEnergySegmentsDto;

  @ApiProperty({ description: 'Emissions per segment, gCO2e', type: ViewEmissionSegmentsDto })
  emissionsG!: ViewEmissionSegmentsDto;

  @ApiProperty({ description: 'Intensities used, with their sources', type: ViewIntensitiesDto })
  intensity!: ViewIntensitiesDto;

  @ApiProperty({ description: 'Carbon receipt of the view (both fields null: none)', type: ViewReceiptDto })
  receipt!: ViewReceiptDto;
}

export class ViewPageDto implements ViewPage {
  @ApiProperty({ description: 'Views, oldest startedAt first (then id)', type: [ViewDto] })
  items!: ViewDto[];

  @ApiProperty({
    description: 'Pass as `cursor` for the next page; null when this page is the last',
    example: 'djE6MTc5NTY0MjIwMDAwMDAwMDoxMjM0',
    nullable: true,
    type: String,
  })
  nextCursor!: string | null;
}

export class ConsumptionQuery implements ViewListQuery {
  @ApiPropertyOptional({
    description: 'Views started at or after this instant, ISO 8601',
    example: '2026-11-01T00:00:00Z',
  })
  @IsOptional()
  @IsStoredInstant()
  from?: Date;

  @ApiPropertyOptional({
    description: 'Views started before this instant, ISO 8601',
    example: '2026-12-01T00:00:00Z',
  })
  @IsOptional()
  @IsStoredInstant()
  to?: Date;

  @ApiPropertyOptional({ description: "Viewer's country, ISO 3166-1 alpha-2", example: 'FR' })
  @IsOptional()
  @Matches(/^[A-Za-z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code, e.g. FR' })
  viewerCountry?: string;

  @ApiPropertyOptional({ description: 'Serving region id', example: 'aws:eu-west-3' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @Length(1, 97)
  region?: string;

  @ApiPropertyOptional({ description: 'Video id', example: 'movie-42' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @Length(1, 128)
  videoId?: string;

  @ApiPropertyOptional({
    description: 'Opaque position from a previous page (`nextCursor`)',
    example: 'djE6MTc5NTY0MjIwMDAwMDAwMDoxMjM0',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @Length(1, 200)
  cursor?: string;

  @ApiPropertyOptional({
    description:
      'Page size, 1 to 10000 (JSON; default 1000). For CSV, the most rows to stream (default: all)',
    example: 1000,
    minimum: 1,
    maximum: 10000,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  limit?: number;
}
