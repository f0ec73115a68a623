import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { NoControlCharacters } from '../../platform/kernel/text-validation.js';
import { PATHWAY_PATTERN, SLUG_PATTERN } from '../domain/session-id.js';
import type { NewOrigin, NewService, OriginChanges, ServiceChanges } from '../manage-services.js';

const SLUG_MESSAGE = 'must be 1 to 64 lower-case letters, digits and inner dashes';
const REGION_ID = /^[a-z][a-z0-9-]{1,31}:[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_CAPACITY = 100_000_000;

export class CreateServiceRequest implements NewService {
  @ApiProperty({ description: 'Delivery service id (lower-case slug)', example: 'vod-main' })
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  id!: string;

  @ApiProperty({ description: 'Name', example: 'Main VOD catalogue' })
  @IsString()
  @NoControlCharacters()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ description: 'Whether steering answers for it', default: true, example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateServiceRequest implements ServiceChanges {
  @ApiPropertyOptional({ description: 'Name', example: 'Main VOD catalogue (EU)' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'Whether steering answers for it', example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class CreateOriginRequest implements NewOrigin {
  @ApiProperty({ description: 'Origin id, unique within the service (lower-case slug)', example: 'paris' })
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  id!: string;

  @ApiProperty({
    description: 'Catalogue region id (`provider:code`, see GET /regions)',
    example: 'aws:eu-west-3',
  })
  @Matches(REGION_ID, { message: 'must be a region id `provider:code` such as aws:eu-west-3' })
  region!: string;

  @ApiPropertyOptional({
    description:
      "URL of a video on this origin, http(s): `{videoId}` required, `{region}` and `{path}` optional. Default: the region's origin URL template, when it has one",
    example: 'https://paris.cdn.example.com/vod/{videoId}/{path}',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(2048)
  urlTemplate?: string;

  @ApiPropertyOptional({
    description: 'HLS pathway id / DASH service location, unique within the service; default: the origin id',
    example: 'paris',
  })
  @IsOptional()
  @Matches(PATHWAY_PATTERN, { message: 'must be 1 to 64 characters among A-Z a-z 0-9 . _ -' })
  pathway?: string;

  @ApiPropertyOptional({
    description: 'Concurrent live sessions it takes; absent or null = unlimited',
    example: 5000,
    nullable: true,
    type: Number,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_CAPACITY)
  capacity?: number | null;

  @ApiPropertyOptional({
    description: 'Health URL, http(s), probed by the origin-health feature',
    example: 'https://paris.cdn.example.com/healthz',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(2048)
  @Matches(/^https?:\/\/[^\s{}]+$/, { message: 'must be an http(s) URL' })
  healthUrl?: string | null;

  @ApiPropertyOptional({ description: 'Whether steering may choose it', default: true, example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateOriginRequest implements OriginChanges {
  @ApiPropertyOptional({ description: 'Catalogue region id', example: 'aws:eu-west-3' })
  @IsOptional()
  @Matches(REGION_ID, { message: 'must be a region id `provider:code` such as aws:eu-west-3' })
  region?: string;

  @ApiPropertyOptional({
    description: 'URL template (see POST)',
    example: 'https://paris.cdn.example.com/vod/{videoId}/{path}',
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(2048)
  urlTemplate?: string;

  @ApiPropertyOptional({ description: 'HLS pathway id / DASH service location', example: 'paris' })
  @IsOptional()
  @Matches(PATHWAY_PATTERN, { message: 'must be 1 to 64 characters among A-Z a-z 0-9 . _ -' })
  pathway?: string;

  @ApiPropertyOptional({
    description: 'Concurrent live sessions; null = unlimited',
    example: 8000,
    nullable: true,
    type: Number,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_CAPACITY)
  capacity?: number | null;

  @ApiPropertyOptional({
    description: 'Health URL; null = not probed',
    example: 'https://paris.cdn.example.com/healthz',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(2048)
  @Matches(/^https?:\/\/[^\s{}]+$/, { message: 'must be an http(s) URL' })
  healthUrl?: string | null;

  @ApiPropertyOptional({ description: 'Whether steering may choose it', example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
