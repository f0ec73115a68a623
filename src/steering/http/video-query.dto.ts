import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNumber, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { RESOLUTIONS, type Resolution } from '../../footprint/domain/coefficients.js';
import { MAX_DURATION_MINUTES } from '../../footprint/domain/data-volume.js';
import { toBoolean } from '../../regions/http/regions-query.dto.js';
import { countryCode, decimal, flag, matching, oneOf, QuickQuery } from '../../platform/http/quick-query.js';
import { SESSION_ID_PATTERN, SLUG_PATTERN, VIDEO_ID_PATTERN } from '../domain/session-id.js';

const upperCase = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.toUpperCase() : value;

export class VideoParam {
  @ApiProperty({
    description: "Video id in the provider's catalogue (URL-safe, 1–200 characters)",
    example: 'abc',
  })
  @Matches(VIDEO_ID_PATTERN, { message: 'must be 1 to 200 characters among A-Z a-z 0-9 . _ ~ -' })
  id!: string;
}

/** GET /video/:id (docs/STEERING.md#get-videoid). */
/** Path segments of A-Z a-z 0-9 . _ ~ - separated by single slashes, no `.` or `..` segment. */
const ASSET_PATH_PATTERN = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;

/** The common queries, read without class-validator (docs/BENCHMARKS.md#quick-query-parsers). */
@QuickQuery({
  service: matching(SLUG_PATTERN),
  viewerCountry: countryCode(),
  viewerLat: decimal(-90, 90),
  viewerLon: decimal(-180, 180),
  sessionId: matching(SESSION_ID_PATTERN, 128),
  dryRun: flag(),
  path: matching(ASSET_PATH_PATTERN, 512),
  durationMinutes: decimal(0.001, MAX_DURATION_MINUTES),
  resolution: oneOf(RESOLUTIONS),
})
export class SteerVideoQuery {
  @ApiPropertyOptional({
    description: 'Delivery service id; may be left out when exactly one service is enabled',
    example: 'vod-main',
  })
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: 'must be a delivery service id such as vod-main' })
  service?: string;

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
    description:
      'Playback session (1–128 of A-Z a-z 0-9 . _ ~ -): the same session stays on its origin unless moving saves at least STEERING_SWITCH_THRESHOLD_PERCENT. Absent: a new session id is issued (X-Session-Id header, `sessionId` in JSON)',
    example: 'session-7f3a2c',
  })
  @IsOptional()
  @MaxLength(128)
  @Matches(SESSION_ID_PATTERN, { message: 'must be 1 to 128 characters among A-Z a-z 0-9 . _ ~ -' })
  sessionId?: string;

  @ApiPropertyOptional({
    description:
      'Answer 200 with the decision as JSON instead of the 302 (as `Accept: application/json` does)',
    default: false,
    example: true,
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({
    description: 'Asset path below the video, filling `{path}` of the origin URL template (e.g. master.m3u8)',
    example: 'master.m3u8',
  })
  @IsOptional()
  @MaxLength(512)
  @Matches(ASSET_PATH_PATTERN, {
    message: 'must be path segments of A-Z a-z 0-9 . _ ~ - separated by single slashes (no . or .. segment)',
  })
  path?: string;

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
    example: '1080p',
  })
  @IsOptional()
  @IsIn(RESOLUTIONS)
  resolution?: Resolution;
}
