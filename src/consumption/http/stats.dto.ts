import { Precision } from '../../platform/contract/number-precision.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { STATS_GROUPS, type StatsFigures, type StatsGroup } from '../domain/stats.js';
import type { Stats, StatsRequest } from '../view-statistics.js';

export class StatsQuery implements StatsRequest {
  @ApiPropertyOptional({
    description: 'First day counted (UTC), a date or 00:00 UTC; default: 30 days before `to`',
    example: '2026-11-01',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date' })
  from?: Date;

  @ApiPropertyOptional({
    description: 'Day after the last one counted (exclusive, UTC), a date or 00:00 UTC; default: tomorrow',
    example: '2026-12-01',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date' })
  to?: Date;

  @ApiPropertyOptional({
    description:
      'Grouping: by day, ISO week (key = its Monday) or month, or by a dimension; `video` lists the most viewed videos first (popularity)',
    enum: STATS_GROUPS,
    example: 'viewerCountry',
  })
  @IsOptional()
  @IsIn(STATS_GROUPS)
  groupBy?: StatsGroup;

  @ApiPropertyOptional({
    description: 'Most groups returned, 1 to 10000 (default 100 for `video`, all groups otherwise)',
    example: 10,
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

export class StatsFiguresDto implements StatsFigures {
  @ApiProperty({ description: 'Views counted', type: 'integer', example: 120345 })
  views!: number;

  @ApiProperty({ description: 'Hours watched', example: 84211.5 })
  @Precision('hours')
  hoursViewed!: number;

  @ApiProperty({ description: 'Data volume, GB (10^9 bytes)', example: 252635 })
  dataVolumeGb!: number;

  @ApiProperty({ description: 'Energy, kWh (all segments)', example: 58000 })
  energyKwh!: number;

  @ApiProperty({ description: 'Emissions, kgCO2e (all segments)', example: 4121 })
  emissionsKg!: number;

  @ApiProperty({
    description: 'Emissions per hour watched, gCO2e/h; null when nothing was watched',
    example: 48.94,
    nullable: true,
    type: Number,
  })
  @Precision('g')
  gPerHour!: number | null;

  @ApiProperty({
    description:
      'CO2e avoided, kg: sum of the carbon receipts of the views (data-centre grams of the nearest ' +
      'serving region to the viewer minus those of the region that served; signed, so views served ' +
      'from a dirtier region subtract). Views that named no region carry no receipt. See ' +
      'docs/RECOMMENDATION.md#receipt',
    example: 12.4,
  })
  avoidedKg!: number;

  @ApiProperty({
    description: 'Views that carry a carbon receipt (those that named their serving region)',
    type: 'integer',
    example: 1520000,
  })
  viewsWithReceipt!: number;
}

export class StatsGroupDto extends StatsFiguresDto {
  @ApiProperty({
    description:
      "Group key: a day (2026-11-20), a week's Monday, a month (2026-11), or the dimension's value",
    example: 'FR',
  })
  key!: string;
}

export class StatsDto implements Stats {
  @ApiProperty({ description: 'First day counted (00:00 UTC)', example: '2026-11-01T00:00:00.000Z' })
  from!: string;

  @ApiProperty({
    description: 'End of the range (exclusive, 00:00 UTC)',
    example: '2026-12-01T00:00:00.000Z',
  })
  to!: string;

  @ApiProperty({ description: 'Totals over the range', type: StatsFiguresDto })
  totals!: StatsFiguresDto;

  @ApiProperty({
    description:
      'Groups (only with groupBy): chronological for day/week/month, most viewed first for a dimension',
    type: [StatsGroupDto],
  })
  groups!: StatsGroupDto[];
}
