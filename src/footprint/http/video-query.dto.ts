import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { RESOLUTIONS } from '../domain/coefficients.js';
import type { Resolution } from '../domain/coefficients.js';
import { MAX_DURATION_MINUTES, type DataVolumeInput } from '../domain/data-volume.js';

/**
 * What is watched and how much data it moves: the query fields that GET /footprint, POST /simulate
 * and GET /recommend share (their DTOs extend this class, so rules and docs are written once).
 */
export class VideoQuery implements DataVolumeInput {
  @ApiProperty({
    description: 'Viewing time (length of the video watched), minutes (> 0, at most 1440)',
    example: 60,
  })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number of minutes' })
  @Min(0.001, { message: 'must be greater than 0' })
  @Max(MAX_DURATION_MINUTES)
  durationMinutes!: number;

  @ApiPropertyOptional({
    description: 'Video quality; sets the data rate (GB/h) unless overridden',
    enum: RESOLUTIONS,
    default: '1080p',
    example: '1080p',
  })
  @IsOptional()
  @IsIn(RESOLUTIONS)
  resolution?: Resolution;

  @ApiPropertyOptional({
    // No example: Swagger UI would send it with dataVolumeGb's (they exclude each other).
    description: 'Delivered bitrate, Mbit/s, e.g. 5; overrides the resolution (not with dataVolumeGb)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(1000)
  bitrateMbps?: number;

  @ApiPropertyOptional({
    description:
      'Data volume of the session, GB (10^9 bytes), e.g. 3; overrides the resolution (not with bitrateMbps)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.000001)
  @Max(10000)
  dataVolumeGb?: number;
}
