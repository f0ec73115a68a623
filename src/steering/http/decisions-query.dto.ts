import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsStoredInstant } from '../../platform/http/instant-query.js';
import { SLUG_PATTERN } from '../domain/session-id.js';
import { DEFAULT_EXPORT_LIMIT, MAX_EXPORT_LIMIT, type DecisionsQuery } from '../export-decisions.js';

export class DecisionsQueryDto implements DecisionsQuery {
  @ApiPropertyOptional({
    description: 'Decisions made at or after this instant (ISO 8601); default: 24 hours before `to`',
    example: '2026-12-01T00:00:00.000Z',
  })
  @IsOptional()
  @IsStoredInstant()
  from?: Date;

  @ApiPropertyOptional({
    description: 'Decisions made before this instant (ISO 8601); default: now',
    example: '2026-12-31T00:00:00.000Z',
  })
  @IsOptional()
  @IsStoredInstant()
  to?: Date;

  @ApiPropertyOptional({ description: 'Only this delivery service', example: 'vod-main' })
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: 'must be a delivery service id such as vod-main' })
  service?: string;

  @ApiPropertyOptional({
    description: 'Where the previous page ended: its X-Next-Cursor header, as is',
    example: 'ZDF8MjAyNi0xMi0wMVQxMDowMDowMC4wMDBafDBiMGY2ZjBlLTViN2EtNGY1ZS05YTU1LTNmMWMxZjJmOWExMA',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'is not a cursor this API gave' })
  cursor?: string;

  @ApiPropertyOptional({
    description: `Decisions per page (1 to ${MAX_EXPORT_LIMIT})`,
    default: DEFAULT_EXPORT_LIMIT,
    example: 1000,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_EXPORT_LIMIT)
  limit?: number;
}
