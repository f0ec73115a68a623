import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { RESOLUTIONS, type Resolution } from '../../footprint/domain/coefficients.js';
import { MAX_DURATION_MINUTES } from '../../footprint/domain/data-volume.js';
import {
  anyString,
  countryCode,
  decimal,
  matching,
  oneOf,
  QuickQuery,
} from '../../platform/http/quick-query.js';
import { SESSION_ID_PATTERN, SLUG_PATTERN, VIDEO_ID_PATTERN } from '../domain/session-id.js';

const upperCase = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.toUpperCase() : value;

/** The path of GET /steering/hls|dash/{service}/{videoId}. */
export class SteeringManifestParams {
  @ApiProperty({ description: 'Delivery service id', example: 'vod-main' })
  @Matches(SLUG_PATTERN, { message: 'must be a delivery service id such as vod-main' })
  service!: string;

  @ApiProperty({
    description: "Video id in the provider's catalogue (URL-safe, 1–200 characters)",
    example: 'abc',
  })
  @Matches(VIDEO_ID_PATTERN, { message: 'must be 1 to 200 characters among A-Z a-z 0-9 . _ ~ -' })
  videoId!: string;
}

/**
 * What both steering manifests read besides the player's report: the session and, as for GET /video,
 * where the viewer is (kept in the RELOAD-URI, so the reloads decide for the same viewer).
 */
/** The fields every steering manifest query has, read without class-validator when plainly valid. */
const MANIFEST_FIELDS = {
  sessionId: matching(SESSION_ID_PATTERN, 128),
  viewerCountry: countryCode(),
  viewerLat: decimal(-90, 90),
  viewerLon: decimal(-180, 180),
  durationMinutes: decimal(0.001, MAX_DURATION_MINUTES),
  resolution: oneOf(RESOLUTIONS),
};

export class SteeringManifestQuery {
  @ApiPropertyOptional({
    description:
      'Playback session (1–128 of A-Z a-z 0-9 . _ ~ -). Absent on the first request (the SERVER-URI of the stream): GreenStream issues one and puts it in the RELOAD-URI',
    example: 'session-7f3a2c',
  })
  @IsOptional()
  @MaxLength(128)
  @Matches(SESSION_ID_PATTERN, { message: 'must be 1 to 128 characters among A-Z a-z 0-9 . _ ~ -' })
  sessionId?: string;

  @ApiPropertyOptional({
    description:
      "Viewer's country, ISO 3166-1 alpha-2. Without it (or viewerLat/viewerLon) the viewer is located by an edge header (CloudFront-Viewer-Country, CF-IPCountry, X-Viewer-Country), then the client IP, then STEERING_DEFAULT_COUNTRY",
    example: 'FR',
  })
  @IsOptional()
  @Transform(upperCase)
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as FR' })
  viewerCountry?: string;

  @ApiPropertyOptional({
    description: "Viewer's latitude, decimal degrees (-90 to 90), with viewerLon",
    example: 48.86,
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a latitude in degrees' })
  @Min(-90)
  @Max(90)
  viewerLat?: number;

  @ApiPropertyOptional({
    description: "Viewer's longitude, decimal degrees (-180 to 180), with viewerLat",
    example: 2.35,
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a longitude in degrees' })
  @Min(-180)
  @Max(180)
  viewerLon?: number;

  @ApiPropertyOptional({
    description: 'Viewing time the emissions are computed over, minutes (> 0, at most 1440)',
    default: 60,
    example: 60,
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number of minutes' })
  @Min(0.001, { message: 'must be greater than 0' })
  @Max(MAX_DURATION_MINUTES)
  durationMinutes?: number;

  @ApiPropertyOptional({
    description: 'Video quality (sets the data volume)',
    enum: RESOLUTIONS,
    default: '1080p',
  })
  @IsOptional()
  @IsIn(RESOLUTIONS)
  resolution?: Resolution;
}

const STRING = { message: 'must be given once, as a string' };

/** GET /steering/hls/{service}/{videoId}: hls.js, AVPlayer and others add `_HLS_*` on each reload. */
/** A player's reload, read without class-validator (docs/BENCHMARKS.md#quick-query-parsers). */
@QuickQuery({ ...MANIFEST_FIELDS, _HLS_pathway: anyString(), _HLS_throughput: anyString() })
export class HlsSteeringQuery extends SteeringManifestQuery {
  @ApiPropertyOptional({
    description:
      'Pathway ID the player uses now, added by the player (hls.js sends "." before its first manifest)',
    example: 'paris',
  })
  @IsOptional()
  @IsString(STRING)
  _HLS_pathway?: string;

  @ApiPropertyOptional({
    description: "The player's throughput estimate, bits per second (whole number), added by the player",
    example: '4800000',
  })
  @IsOptional()
  @IsString(STRING)
  _HLS_throughput?: string;
}

/** GET /steering/dash/{service}/{videoId}: the DASH-IF reference player adds `_DASH_*` on each reload. */
/** A player's reload, read without class-validator (docs/BENCHMARKS.md#quick-query-parsers). */
@QuickQuery({ ...MANIFEST_FIELDS, _DASH_pathway: anyString(), _DASH_throughput: anyString() })
export class DashSteeringQuery extends SteeringManifestQuery {
  @ApiPropertyOptional({
    description:
      'Service locations the player has used since its last reload, comma-separated, optionally in double quotes (the last is the one in use)',
    example: '"paris"',
  })
  @IsOptional()
  @IsString(STRING)
  _DASH_pathway?: string;

  @ApiPropertyOptional({
    description:
      'Throughput measured on each of those service locations, bits per second, comma-separated in the same order (empty where not measured)',
    example: '4800000',
  })
  @IsOptional()
  @IsString(STRING)
  _DASH_throughput?: string;
}
