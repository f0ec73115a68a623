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
