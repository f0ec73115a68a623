import { ApiProperty } from '@nestjs/swagger';
import { Precision } from '../../platform/contract/number-precision.js';
import { DECISION_REASONS, LOCATION_STATUSES } from '../domain/choose-origin.js';
import { LOCATION_METHODS } from '../domain/viewer-hints.js';

export class LocationIntensityDto {
  @ApiProperty({ description: 'Electricity Maps zone of the region', example: 'FR' })
  zone!: string;

  @ApiProperty({ description: 'Grid intensity averaged over the viewing window, gCO2e/kWh', example: 32.5 })
  gCo2ePerKwh!: number;

  @ApiProperty({
    description: 'Where the intensity comes from (live, forecast, stored, profile, reference)',
    example: 'forecast',
  })
  source!: string;
}

export class SteeringLocationDto {
  @ApiProperty({ description: 'Origin id', example: 'paris' })
  originId!: string;

  @ApiProperty({ description: 'HLS pathway id / DASH service location', example: 'paris' })
  pathway!: string;

  @ApiProperty({ description: 'Catalogue region of the origin', example: 'aws:eu-west-3' })
  regionId!: string;

  @ApiProperty({
    description: 'The video on this origin',
    example: 'https://paris.cdn.example.com/vod/abc/master.m3u8',
  })
  url!: string;

  @ApiProperty({
    description: 'Where the origin stands in this decision',
    enum: LOCATION_STATUSES,
    example: 'chosen',
  })
  status!: string;

  @ApiProperty({ description: 'Why, in words', example: 'chosen' })
  reason!: string;

  @ApiProperty({
    description: 'Intensity of its zone; null when not eligible',
    type: LocationIntensityDto,
    nullable: true,
  })
  intensity!: LocationIntensityDto | null;

  @ApiProperty({
    description: 'Estimated round trip from the viewer, ms; null when not eligible',
    example: 9.1,
    nullable: true,
    type: Number,
  })
  estimatedRttMs!: number | null;

  @ApiProperty({
    description:
      "Where estimatedRttMs comes from: `measured` (real users' samples from the viewer's country), `probe` (synthetic probes) or `model` (distance model and measured region links); docs/LATENCY.md",
    enum: ['measured', 'probe', 'model'],
    example: 'model',
    nullable: true,
    type: String,
  })
  rttSource!: string | null;

  @ApiProperty({
    description: 'Great-circle distance from the viewer, km; null when unknown',
    example: 12.4,
    nullable: true,
    type: Number,
  })
  distanceKm!: number | null;

  @ApiProperty({
    description: 'Data-centre emissions of the video served from here, gCO2e; null when not eligible',
    example: 0.71,
    nullable: true,
    type: Number,
  })
  emissionsG!: number | null;

  @ApiProperty({
    description: 'Egress cost of the video from here, USD; null when unknown or not eligible',
    example: 0.27,
    nullable: true,
    type: Number,
  })
  costUsd!: number | null;

  @ApiProperty({
    description: 'Ranking score (lower is better); null when not eligible',
    example: 0.71,
    nullable: true,
    type: Number,
  })
  @Precision('score')
  score!: number | null;

  @ApiProperty({
    description: 'Live sessions on the origin, across instances',
    type: 'integer',
    example: 120,
  })
  liveSessions!: number;

  @ApiProperty({
    description: 'Concurrent sessions it takes; null = unlimited',
    example: 5000,
    nullable: true,
    type: 'integer',
  })
  capacity!: number | null;

  @ApiProperty({
    description:
      'Recent samples behind a measured or probed estimatedRttMs (each weighs 2^(-age/half-life)); 0 for the model; null when not eligible',
    example: 0,
    nullable: true,
    type: Number,
  })
  @Precision('samples')
  rttSamples!: number | null;
}

export class SteeringSavingsDto {
  @ApiProperty({ description: 'The eligible origin nearest the viewer: the baseline', example: 'frankfurt' })
  versusOriginId!: string;

  @ApiProperty({ description: 'Baseline', enum: ['nearest-eligible'], example: 'nearest-eligible' })
  basis!: string;

  @ApiProperty({ description: 'gCO2e avoided against the baseline (negative: more)', example: 4.2 })
  emissionsG!: number;

  @ApiProperty({ description: 'The same, percent of the baseline', example: 85.5 })
  percent!: number;
}

export class SteeringViewerDto {
  @ApiProperty({
    description: "Viewer's country; null when unlocated",
    example: 'FR',
    nullable: true,
    type: String,
  })
  countryCode!: string | null;

  @ApiProperty({
    description: "Viewer's grid zone; null when unlocated",
    example: 'FR',
    nullable: true,
    type: String,
  })
  zone!: string | null;

  @ApiProperty({
    description: 'Where the viewer was placed, degrees',
    example: 46.2,
    nullable: true,
    type: Number,
  })
  latitude!: number | null;

  @ApiProperty({
    description: 'Where the viewer was placed, degrees',
    example: 2.2,
    nullable: true,
    type: Number,
  })
  longitude!: number | null;

  @ApiProperty({ description: 'How the viewer was located', enum: LOCATION_METHODS, example: 'query' })
  locatedBy!: string;
}

export class WindowDto {
  @ApiProperty({ description: 'Start of the viewing window (ISO 8601)', example: '2026-12-01T10:00:00.000Z' })
  startAt!: string;

  @ApiProperty({ description: 'End of the viewing window (ISO 8601)', example: '2026-12-01T11:00:00.000Z' })
  endAt!: string;
}

/** GET /video/:id with dryRun=true or Accept: application/json. */
export class SteeringDecisionDto {
  @ApiProperty({
    description: 'Decision id (also the X-Decision-Id header and the decision log key)',
    example: '0b0f6f0e-5b7a-4f5e-9a55-3f1c1f2f9a10',
  })
  decisionId!: string;

  @ApiProperty({ description: 'When decided (ISO 8601)', example: '2026-12-01T10:00:00.000Z' })
  decidedAt!: string;

  @ApiProperty({ description: 'Delivery service', example: 'vod-main' })
  service!: string;

  @ApiProperty({ description: 'Video id', example: 'abc' })
  videoId!: string;

  @ApiProperty({ description: 'Session id (given, or issued for a new session)', example: 'session-7f3a2c' })
  sessionId!: string;

  @ApiProperty({ description: 'The session was not given', example: false })
  isNewSession!: boolean;

  @ApiProperty({ description: 'The chosen origin', type: SteeringLocationDto })
  origin!: SteeringLocationDto;

  @ApiProperty({
    description: 'Where the 302 sends the viewer',
    example: 'https://paris.cdn.example.com/vod/abc/master.m3u8',
  })
  url!: string;

  @ApiProperty({
    description: 'Every enabled origin: the chosen one, the other eligible ones by rank, then the rest',
    type: [SteeringLocationDto],
  })
  locations!: SteeringLocationDto[];

  @ApiProperty({ description: 'Why the origin was chosen', enum: DECISION_REASONS, example: 'cleanest' })
  reason!: string;

  @ApiProperty({
    description: "The session's previous origin when it moved",
    example: 'frankfurt',
    nullable: true,
    type: String,
  })
  switchedFrom!: string | null;

  @ApiProperty({
    description: 'Saving against the nearest eligible origin; null when none was eligible',
    type: SteeringSavingsDto,
    nullable: true,
  })
  savings!: SteeringSavingsDto | null;

  @ApiProperty({
    description: 'The best origins were within the close-call share: spread by session',
    example: false,
  })
  closeCall!: boolean;

  @ApiProperty({ description: 'Where the viewer was placed, and how', type: SteeringViewerDto })
  viewer!: SteeringViewerDto;

  @ApiProperty({ description: 'Footprint model of the emissions', example: '1byte' })
  model!: string;

  @ApiProperty({ description: 'Latency budget used, ms', example: 80 })
  maxLatencyMs!: number;

  @ApiProperty({ description: 'Viewing window the intensities are averaged over', type: WindowDto })
  window!: WindowDto;

  @ApiProperty({
    description: 'An intensity came from a fallback source (not live or forecast)',
    example: false,
  })
  degraded!: boolean;
}
