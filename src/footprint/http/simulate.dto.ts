import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { FootprintQuery } from './footprint-query.dto.js';
import { FootprintDto } from './footprint.dto.js';

/** What a scenario changes in the baseline: any footprint parameter. */
export class ScenarioChanges extends PartialType(OmitType(FootprintQuery, ['model'] as const)) {}

export class ScenarioRequest {
  @ApiProperty({ description: 'Name of the scenario', example: '720p' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({
    description: 'Parameters that differ from the baseline',
    type: ScenarioChanges,
    example: { resolution: '720p' },
  })
  @IsDefined()
  @ValidateNested()
  @Type(() => ScenarioChanges)
  changes!: ScenarioChanges;
}

export class SimulateRequest {
  @ApiProperty({
    description: 'The viewing habit as it is (the parameters of GET /footprint, one model)',
    type: FootprintQuery,
  })
  @IsDefined()
  @ValidateNested()
  @Type(() => FootprintQuery)
  baseline!: FootprintQuery;

  @ApiPropertyOptional({
    description:
      "Changes to evaluate (at most 50); without it, a standard set: each lower resolution, each other connection, each smaller device, and the cleanest other region in the viewer's country or a neighbouring one",
    type: [ScenarioRequest],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ScenarioRequest)
  scenarios?: ScenarioRequest[];

  @ApiPropertyOptional({
    description: 'Views per week, for the yearly figures (default 7: one a day)',
    example: 10,
    default: 7,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10000)
  viewsPerWeek?: number;
}

export class ScenarioResultDto {
  @ApiProperty({ description: 'Name of the scenario', example: '720p' })
  name!: string;

  @ApiProperty({ description: 'Parameters changed from the baseline', example: { resolution: '720p' } })
  changes!: Record<string, unknown>;

  @ApiProperty({ description: 'Footprint with the changes', type: FootprintDto })
  footprint!: FootprintDto;

  @ApiProperty({
    description: 'Scenario total minus baseline total, gCO2e per view (negative = saving)',
    example: -12.3,
  })
  deltaG!: number;

  @ApiProperty({ description: 'deltaG as a share of the baseline total, percent', example: -40.1 })
  deltaPercent!: number;

  @ApiProperty({ description: 'deltaG over a year at viewsPerWeek, kgCO2e', example: -6.4 })
  yearlyDeltaKg!: number;
}

export class SimulateResponseDto {
  @ApiProperty({ description: 'Footprint of the baseline', type: FootprintDto })
  baseline!: FootprintDto;

  @ApiProperty({ description: 'Scenarios, most saving first', type: [ScenarioResultDto] })
  scenarios!: ScenarioResultDto[];

  @ApiProperty({
    description: 'Name of the scenario that saves most; null when none saves',
    example: '720p',
    nullable: true,
    type: String,
  })
  best!: string | null;

  @ApiProperty({ description: 'Views per week used for the yearly figures', example: 7 })
  viewsPerWeek!: number;
}
