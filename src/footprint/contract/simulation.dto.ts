import { ApiProperty } from '@nestjs/swagger';
import { Precision } from '../../platform/contract/number-precision.js';
import { FootprintDto } from './footprint.dto.js';

export class ScenarioResultDto {
  @ApiProperty({ description: 'Name of the scenario', example: '720p' })
  name!: string;

  @ApiProperty({
    description: 'Parameters changed from the baseline',
    type: 'object',
    additionalProperties: true,
    example: { resolution: '720p' },
  })
  changes!: Record<string, unknown>;

  @ApiProperty({ description: 'Footprint with the changes', type: FootprintDto })
  footprint!: FootprintDto;

  @ApiProperty({
    description: 'Scenario total minus baseline total, gCO2e per view (negative = saving)',
    example: -12.3,
  })
  deltaG!: number;

  @ApiProperty({ description: 'deltaG as a share of the baseline total, percent', example: -36.05 })
  deltaPercent!: number;

  @ApiProperty({ description: 'deltaG over a year at viewsPerWeek, kgCO2e', example: -4.492 })
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
  @Precision('coefficient')
  viewsPerWeek!: number;
}
