import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Precision } from '../../platform/contract/number-precision.js';

/** One sample of POST /latency-samples (docs/LATENCY.md#post-latency-samples). */
export class LatencySampleDto {
  @ApiPropertyOptional({
    description:
      "Viewer's country, ISO 3166-1 alpha-2. Or viewerZone, viewerSubdivision, or viewerLat+viewerLon (the country of the nearest population centre) may stand for it",
    example: 'FR',
  })
  viewerCountry?: string;

  @ApiPropertyOptional({
    description: "Viewer's Electricity Maps zone (its first part gives the country), e.g. DE",
  })
  viewerZone?: string;

  @ApiPropertyOptional({ description: "Viewer's ISO 3166-2 subdivision, e.g. US-CA (gives the country)" })
  viewerSubdivision?: string;

  @ApiPropertyOptional({
    description: "Viewer's latitude, decimal degrees (with viewerLon), e.g. 48.85",
    minimum: -90,
    maximum: 90,
  })
  viewerLat?: number;

  @ApiPropertyOptional({
    description: "Viewer's longitude, decimal degrees (with viewerLat), e.g. 2.35",
    minimum: -180,
    maximum: 180,
  })
  viewerLon?: number;

  @ApiPropertyOptional({
    description:
      'The region measured (GET /regions). Or originId (with serviceId when ambiguous) may stand for it',
    example: 'aws:eu-north-1',
  })
  region?: string;

  @ApiPropertyOptional({ description: 'Delivery service of originId and of the session, e.g. example' })
  serviceId?: string;

  @ApiPropertyOptional({ description: "A steering origin's id: its region is the one measured, e.g. paris" })
  originId?: string;

  @ApiPropertyOptional({
    description:
      'Round trip measured, ms (greater than 0, at most 60000). rttMs or throughputBps is required',
    example: 42,
    minimum: 0,
    maximum: 60000,
  })
  rttMs?: number;

  @ApiPropertyOptional({
    description: 'Throughput measured, bits per second (1000 to 1e12)',
    example: 8000000,
    minimum: 1000,
    maximum: 1e12,
  })
  throughputBps?: number;

  @ApiPropertyOptional({
    description:
      'When it was measured, ISO 8601 with a time zone, e.g. 2026-12-01T20:30:00Z; default now. At most 60 s in the future, and not older than LATENCY_MAX_AGE_MS',
    format: 'date-time',
  })
  at?: string;

  @ApiPropertyOptional({
    description:
      "`user` (a real viewer's player, the default) or `probe` (a synthetic probe from that location)",
    enum: ['user', 'probe'],
    example: 'user',
  })
  kind?: string;

  @ApiPropertyOptional({
    description:
      "The playback's session id (as steering gave it): its steering decisions on this region get the sample as label",
    example: 'abc123',
  })
  sessionId?: string;
}

export class LatencySamplesRequestDto {
  @ApiProperty({ description: '1 to 1000 samples, stored all or none', type: [LatencySampleDto] })
  samples!: LatencySampleDto[];
}

export class LatencySamplesResultDto {
  @ApiProperty({ description: 'Samples taken into the aggregates', example: 1, type: 'integer' })
  accepted!: number;

  @ApiProperty({
    description: '(viewer country, region, kind) aggregates updated',
    example: 1,
    type: 'integer',
  })
  aggregatesUpdated!: number;

  @ApiProperty({
    description: 'Distinct sessions whose steering decisions will carry the samples as labels',
    example: 1,
    type: 'integer',
  })
  sessionsLabelled!: number;

  @ApiProperty({
    description: 'Half-life of the moving averages, ms (LATENCY_HALF_LIFE_MS)',
    example: 1800000,
  })
  halfLifeMs!: number;
}

/** One kind of measurement of a (viewer country, region). */
export class MeasurementDto {
  @ApiProperty({
    description: 'Moving average of the round trip, ms (0.1 ms); null when no sample had one',
    example: 42,
    nullable: true,
    type: Number,
  })
  rttMs!: number | null;

  @ApiProperty({
    description: 'Moving average of the throughput, bits/s; null when no sample had one',
    example: 8000000,
    nullable: true,
    type: Number,
  })
  throughputBps!: number | null;

  @ApiProperty({
    description: 'Recent round-trip samples: each weighs 2^(-age/half-life) (0.1)',
    example: 12.5,
  })
  @Precision('samples')
  recentSamples!: number;

  @ApiProperty({ description: 'Round-trip samples ever taken', example: 40, type: 'integer' })
  totalSamples!: number;

  @ApiProperty({ description: 'Age of the newest sample, whole seconds', example: 3 })
  ageSeconds!: number;

  @ApiProperty({ description: 'Time of the newest sample', example: '2026-12-01T20:30:00.000Z' })
  lastSampleAt!: string;
}

export class LatencyCellDto {
  @ApiProperty({ description: 'Region id', example: 'aws:eu-west-3' })
  regionId!: string;

  @ApiProperty({
    description: 'Round trip in force (what eligibility and steering use), ms (0.1 ms)',
    example: 21.4,
  })
  rttMs!: number;

  @ApiProperty({
    description:
      '`measured` (real users), `probe` (synthetic probes) or `model` (distance model and region links)',
    enum: ['measured', 'probe', 'model'],
    example: 'model',
  })
  rttSource!: string;

  @ApiProperty({ description: 'Recent samples behind rttMs (0 for the model), 0.1', example: 0 })
  @Precision('samples')
  rttSamples!: number;

  @ApiProperty({ description: 'The model’s estimate, ms (0.1 ms)', example: 21.4 })
  modelRttMs!: number;

  @ApiProperty({
    description: "Real users' measurements; null when none is stored",
    type: MeasurementDto,
    nullable: true,
  })
  measured!: MeasurementDto | null;

  @ApiProperty({
    description: 'Synthetic probes’ measurements; null when none is stored',
    type: MeasurementDto,
    nullable: true,
  })
  probe!: MeasurementDto | null;
}

export class LatencyRulesDto {
  @ApiProperty({ description: 'LATENCY_MIN_SAMPLES', example: 10, type: 'integer' })
  minSamples!: number;

  @ApiProperty({ description: 'LATENCY_HALF_LIFE_MS', example: 1800000 })
  halfLifeMs!: number;

  @ApiProperty({ description: 'LATENCY_MAX_AGE_MS', example: 21600000 })
  maxAgeMs!: number;
}

export class LatencyMatrixDto {
  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'FR' })
  viewerCountry!: string;

  @ApiProperty({ description: "Where the model places the country's viewers: latitude", example: 47.5 })
  latitude!: number;

  @ApiProperty({ description: "Where the model places the country's viewers: longitude", example: 2.3 })
  longitude!: number;

  @ApiProperty({
    description: 'When this instance last read the shared aggregates; null before the first read',
    example: '2026-12-01T20:30:00.000Z',
    nullable: true,
    type: String,
  })
  readAt!: string | null;

  @ApiProperty({ description: 'When measurements replace the model', type: LatencyRulesDto })
  rules!: LatencyRulesDto;

  @ApiProperty({ description: 'Every enabled region, lowest round trip first', type: [LatencyCellDto] })
  regions!: LatencyCellDto[];
}
