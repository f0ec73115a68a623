import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WindowIntensityDto } from '../../intensity/contract/intensity.dto.js';
import { FOOTPRINT_MODELS, type FootprintModel } from '../domain/coefficients.js';

export class SegmentsDto {
  @ApiProperty({ description: 'Data centre (serving region)', example: 0.216 })
  dataCentre!: number;

  @ApiProperty({ description: 'Network (and home router where the model has one)', example: 0.456 })
  network!: number;

  @ApiProperty({ description: 'Viewing device', example: 0.019165 })
  device!: number;

  @ApiProperty({ description: 'Manufacturing (SWD v4 only; 0 for the other models)', example: 0 })
  embodied!: number;

  @ApiProperty({ description: 'Sum of the segments', example: 0.691165 })
  total!: number;
}

export class AssumptionDto {
  @ApiProperty({ description: 'Coefficient name', example: 'networkKwhPerGb.wifi' })
  name!: string;

  @ApiProperty({ description: 'Value, in `unit`', example: 0.152 })
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

  @ApiProperty({ description: 'Energy per segment, kWh', type: SegmentsDto })
  energyKwh!: SegmentsDto;

  @ApiProperty({ description: 'Emissions per segment, gCO2e', type: SegmentsDto })
  emissionsG!: SegmentsDto;

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
