import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Precision } from '../../platform/contract/number-precision.js';
import { WindowIntensityDto } from '../../intensity/contract/intensity.dto.js';
import { FOOTPRINT_MODELS, type FootprintModel } from '../domain/coefficients.js';

/** Energy of each segment of a view, kWh. */
export class EnergySegmentsDto {
  @ApiProperty({ description: 'Data centre (serving region), kWh', example: 0.216 })
  @Precision('kWh')
  dataCentre!: number;

  @ApiProperty({ description: 'Network (and home router where the model has one), kWh', example: 0.456 })
  @Precision('kWh')
  network!: number;

  @ApiProperty({ description: 'Viewing device, kWh', example: 0.1 })
  @Precision('kWh')
  device!: number;

  @ApiProperty({ description: 'Manufacturing (SWD v4 only; 0 for the other models), kWh', example: 0 })
  @Precision('kWh')
  embodied!: number;

  @ApiProperty({ description: 'Sum of the segments, kWh', example: 0.772 })
  @Precision('kWh')
  total!: number;
}

/**
 * Emissions of each segment of a view, gCO2e: the segment's energy times the intensity of its zone
 * (the examples: the energy examples at the intensity example, 44.2 gCO2e/kWh).
 */
export class EmissionSegmentsDto {
  @ApiProperty({ description: 'Data centre (serving region), gCO2e', example: 9.547 })
  @Precision('g')
  dataCentre!: number;

  @ApiProperty({ description: 'Network (and home router where the model has one), gCO2e', example: 20.16 })
  @Precision('g')
  network!: number;

  @ApiProperty({ description: 'Viewing device, gCO2e', example: 4.42 })
  @Precision('g')
  device!: number;

  @ApiProperty({ description: 'Manufacturing (SWD v4 only; 0 for the other models), gCO2e', example: 0 })
  @Precision('g')
  embodied!: number;

  @ApiProperty({ description: 'Sum of the segments, gCO2e', example: 34.12 })
  @Precision('g')
  total!: number;
}

export class AssumptionDto {
  @ApiProperty({ description: 'Coefficient name', example: 'networkKwhPerGb.wifi' })
  name!: string;

  @ApiProperty({ description: 'Value, in `unit`', example: 0.152 })
  @Precision('coefficient')
  value!: number;

  @ApiProperty({ description: 'Unit of the value', example: 'kWh/GB' })
  unit!: string;

  @ApiProperty({
    description: 'Where the value comes from',
    example: 'The Shift Project, 1byte Model (2018)',
  })
  source!: string;

  @ApiPropertyOptional({
    description: 'Confidence: P published, R reported, D derived',
    enum: ['P', 'R', 'D'],
    example: 'P',
  })
  confidence?: string;
}

export class FootprintIntensitiesDto {
  @ApiProperty({
    description: 'Average intensity of the serving zone over the viewing window',
    type: WindowIntensityDto,
  })
  dataCentre!: WindowIntensityDto;

  @ApiProperty({
    description: "Average intensity of the viewer's zone over the viewing window",
    type: WindowIntensityDto,
  })
  viewer!: WindowIntensityDto;
}

export class FootprintDto {
  @ApiProperty({ description: 'Model used', enum: FOOTPRINT_MODELS, example: '1byte' })
  model!: FootprintModel;

  @ApiProperty({ description: 'Data volume of the session, GB (10^9 bytes)', example: 3 })
  dataVolumeGb!: number;

  @ApiProperty({ description: 'Energy per segment, kWh', type: EnergySegmentsDto })
  energyKwh!: EnergySegmentsDto;

  @ApiProperty({ description: 'Emissions per segment, gCO2e', type: EmissionSegmentsDto })
  emissionsG!: EmissionSegmentsDto;

  @ApiProperty({ description: 'Intensities used, with their sources', type: FootprintIntensitiesDto })
  intensity!: FootprintIntensitiesDto;

  @ApiProperty({
    description: 'Serving region id; null when only dataCentreZone was given',
    example: 'aws:eu-west-3',
    nullable: true,
    type: String,
  })
  region!: string | null;

  @ApiProperty({ description: 'Electricity Maps zone of the serving data centre', example: 'FR' })
  dataCentreZone!: string;

  @ApiProperty({ description: 'Electricity Maps zone of the viewer', example: 'FR' })
  viewerZone!: string;

  @ApiProperty({ description: 'Start of viewing, ISO 8601 UTC', example: '2026-11-22T20:00:00.000Z' })
  startAt!: string;

  @ApiProperty({ description: 'End of viewing, ISO 8601 UTC', example: '2026-11-22T21:00:00.000Z' })
  endAt!: string;

  @ApiProperty({ description: 'Every coefficient used, with unit and source', type: [AssumptionDto] })
  assumptions!: AssumptionDto[];

  @ApiProperty({
    description: 'What was borrowed, ignored or assumed, for a person',
    example: ['1byte has no tv figure: Carbon Trust 100 W used'],
  })
  notes!: string[];

  @ApiProperty({
    description:
      'Machine-readable caveats: `1byte-extended`, `carbon-trust-extended`, `iea-extended` (a device figure borrowed from another source), `iea-central` (the IEA published figure)',
    example: [],
    type: [String],
  })
  flags!: string[];

  @ApiProperty({
    description: 'True when an intensity used came from a source other than live or forecast',
    example: false,
  })
  degraded!: boolean;
}

export class FootprintAllModelsDto {
  @ApiProperty({ description: 'One footprint per model', type: [FootprintDto] })
  results!: FootprintDto[];
}
