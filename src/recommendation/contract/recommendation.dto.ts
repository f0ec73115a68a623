import { LOCATED_BY, type LocatedBy } from '../../geo/domain/viewer-location.js';
import { ApiProperty } from '@nestjs/swagger';
import { Precision } from '../../platform/contract/number-precision.js';
import { FOOTPRINT_MODELS, type FootprintModel } from '../../footprint/domain/coefficients.js';
import { WindowIntensityDto } from '../../intensity/contract/intensity.dto.js';
import { ELIGIBILITY_MODES, type EligibilityMode } from '../domain/eligibility.js';

export class CandidateDto {
  @ApiProperty({ description: 'Region id, `provider:code`', example: 'gcp:europe-west9' })
  regionId!: string;

  @ApiProperty({ description: 'Provider id', example: 'gcp' })
  provider!: string;

  @ApiProperty({ description: "Provider's name for the region", example: 'Paris' })
  displayName!: string;

  @ApiProperty({ description: 'Country of the region, ISO 3166-1 alpha-2', example: 'FR' })
  countryCode!: string;

  @ApiProperty({ description: 'Electricity Maps zone of the region', example: 'FR' })
  zone!: string;

  @ApiProperty({ description: 'Great-circle distance from the viewer, km (0.1 km)', example: 396.2 })
  distanceKm!: number;

  @ApiProperty({
    description:
      'Estimated round trip from the viewer, ms (0.1 ms): shortest path over the distance model and measured region links, access allowance included',
    example: 26.3,
  })
  estimatedRttMs!: number;

  @ApiProperty({
    description:
      "Where estimatedRttMs comes from: `measured` (real users' samples from the viewer's country), `probe` (synthetic probes) or `model` (distance model and region links); docs/LATENCY.md",
    enum: ['measured', 'probe', 'model'],
    example: 'model',
  })
  rttSource!: string;

  @ApiProperty({
    description:
      'Recent samples behind a measured estimatedRttMs (each weighs 2^(-age/half-life)), 0.1; 0 for the model',
    example: 0,
  })
  @Precision('samples')
  rttSamples!: number;

  @ApiProperty({
    description: "Intensity of the region's zone averaged over the viewing window, with its sources",
    type: WindowIntensityDto,
  })
  intensity!: WindowIntensityDto;

  @ApiProperty({ description: "Provider's PUE (ratio)", example: 1.09 })
  @Precision('ratio')
  pue!: number;

  @ApiProperty({
    description:
      'Data-centre energy of this video under the model, kWh (PUE applied only where the model counts IT energy alone)',
    example: 0.216,
  })
  dataCentreEnergyKwh!: number;

  @ApiProperty({
    description: 'Data-centre emissions of serving this video from the region, gCO2e',
    example: 9.547,
  })
  emissionsG!: number;

  @ApiProperty({
    description: 'Egress cost of the video: data volume × egress price, USD; null when no price is known',
    example: 0.36,
    nullable: true,
    type: Number,
  })
  costUsd!: number | null;

  @ApiProperty({
    description: 'Internet egress list price, USD/GB; null when unknown',
    example: 0.12,
    nullable: true,
    type: Number,
  })
  egressUsdPerGb!: number | null;

  @ApiProperty({
    description:
      'Ranking score, lower is better: gCO2e (by emissions), USD (carbon price), or 0..1 (cost weight)',
    example: 9.547,
  })
  @Precision('score')
  score!: number;
}

export class ExcludedRegionDto {
  @ApiProperty({ description: 'Region id', example: 'aws:us-east-1' })
  regionId!: string;

  @ApiProperty({ description: 'Why it is not eligible', example: 'not in FR or a neighbouring country' })
  reason!: string;
}

export class SavingShareDto {
  @ApiProperty({
    description: 'gCO2e avoided by serving from the recommendation instead (negative: it emits more)',
    example: 1.2,
  })
  emissionsG!: number;

  @ApiProperty({ description: 'The same, as a percentage of baselineEmissionsG', example: 35.29 })
  percent!: number;

  @ApiProperty({ description: 'What the nearest region emits over this scope, gCO2e', example: 3.4 })
  baselineEmissionsG!: number;
}

export class SavingsDto {
  @ApiProperty({ description: 'The region compared with', example: 'aws:eu-west-3' })
  versusRegionId!: string;

  @ApiProperty({
    description: 'How that region was chosen: the eligible region nearest the viewer',
    enum: ['nearest'],
    example: 'nearest',
  })
  basis!: 'nearest';

  @ApiProperty({
    description:
      'Deprecated, use dataCentre.emissionsG (the same figure): gCO2e avoided by serving from the recommendation instead (negative: it emits more)',
    example: 1.2,
    deprecated: true,
  })
  emissionsG!: number;

  @ApiProperty({
    description:
      "Deprecated, use dataCentre.percent (the same figure): a percentage of that region's data-centre emissions only; wholeView.percent is the share of the whole view",
    example: 35.29,
    deprecated: true,
  })
  percent!: number;

  @ApiProperty({
    description: "Against the nearest region's data-centre segment (the only segment the region changes)",
    type: SavingShareDto,
  })
  dataCentre!: SavingShareDto;

  @ApiProperty({
    description:
      "Against the nearest region's whole view under the model: data centre, network and device (at the viewer's zone), embodied. Same grams, smaller share",
    type: SavingShareDto,
  })
  wholeView!: SavingShareDto;
}

export class ViewingWindowDto {
  @ApiProperty({ description: 'Start of viewing, ISO 8601 UTC', example: '2026-11-22T20:00:00.000Z' })
  startAt!: string;

  @ApiProperty({ description: 'End of viewing, ISO 8601 UTC', example: '2026-11-22T21:00:00.000Z' })
  endAt!: string;
}

export class RankingDto {
  @ApiProperty({
    description:
      'What the score is: emissions, cost plus priced carbon (carbon-price) or a weighted sum (cost-weight)',
    enum: ['emissions', 'carbon-price', 'cost-weight'],
    example: 'emissions',
  })
  by!: 'emissions' | 'carbon-price' | 'cost-weight';

  @ApiProperty({
    description: 'Carbon price used, USD per tonne CO2e; null unless by carbon-price',
    example: null,
    nullable: true,
    type: Number,
  })
  carbonPriceUsdPerTonne!: number | null;

  @ApiProperty({
    description: 'Weight of cost (0..1); null unless by cost-weight',
    example: null,
    nullable: true,
    type: Number,
  })
  @Precision('ratio')
  costWeight!: number | null;
}

export class ViewerDto {
  @ApiProperty({
    description: "Viewer's country (ISO alpha-2); null when only coordinates were given",
    example: 'FR',
    nullable: true,
    type: String,
  })
  countryCode!: string | null;

  @ApiProperty({
    description: "Viewer's zone when given, else null",
    example: null,
    nullable: true,
    type: String,
  })
  zone!: string | null;

  @ApiProperty({
    description: "Viewer's subdivision (ISO 3166-2) when given, else null",
    example: null,
    nullable: true,
    type: String,
  })
  subdivision!: string | null;

  @ApiProperty({ description: 'Latitude used, decimal degrees', example: 46.0 })
  latitude!: number;

  @ApiProperty({ description: 'Longitude used, decimal degrees', example: 2.0 })
  longitude!: number;

  @ApiProperty({
    description:
      'Where the position comes from: coordinates; the population-weighted centre of the subdivision; the mean of the zone regions; the population-weighted centre of the country; its centroid only for a country without population data',
    enum: LOCATED_BY,
    example: 'country-population-centre',
  })
  locatedBy!: LocatedBy;
}

export class OffParetoFrontDto {
  @ApiProperty({
    description:
      'tie: the score ties with a region as clean and cheaper, and the tie went to the recommendation by lower PUE (then RTT, distance, id); unpriced: the recommendation has no egress price and the front holds priced regions only',
    enum: ['tie', 'unpriced'],
    example: 'tie',
  })
  reason!: 'tie' | 'unpriced';

  @ApiProperty({
    description:
      'The cheapest region of the front at least as clean as the recommendation and cheaper; null when unpriced',
    example: 'azure:francecentral',
    nullable: true,
    type: String,
  })
  dominatedBy!: string | null;
}

export class RecommendationDto {
  @ApiProperty({ description: 'The best candidate', type: CandidateDto })
  recommendation!: CandidateDto;

  @ApiProperty({ description: 'The best `limit` candidates, best first', type: [CandidateDto] })
  candidates!: CandidateDto[];

  @ApiProperty({
    description:
      'Ids of the eligible regions no other beats on both emissions and cost, by ascending emissions',
    type: [String],
    example: ['gcp:europe-west9', 'aws:eu-west-3'],
  })
  paretoFront!: string[];

  @ApiProperty({
    description:
      'Null when the recommendation is on the Pareto front; else why not (docs/RECOMMENDATION.md#scoring)',
    type: OffParetoFrontDto,
    nullable: true,
    example: null,
  })
  offParetoFront!: OffParetoFrontDto | null;

  @ApiProperty({ description: 'Catalogue regions not eligible, with the reason', type: [ExcludedRegionDto] })
  excluded!: ExcludedRegionDto[];

  @ApiProperty({ description: 'Saving against the eligible region nearest the viewer', type: SavingsDto })
  savings!: SavingsDto;

  @ApiProperty({ description: 'The viewing window intensities are averaged over', type: ViewingWindowDto })
  window!: ViewingWindowDto;

  @ApiProperty({
    description:
      "True when the runner-up's score is within 5 % of the winner's (5 % of the 0..1 range for cost-weight)",
    example: false,
  })
  closeCall!: boolean;

  @ApiProperty({ description: 'Footprint model used', enum: FOOTPRINT_MODELS, example: '1byte' })
  model!: FootprintModel;

  @ApiProperty({ description: 'Bytes served for the video, GB (10^9 bytes)', example: 3 })
  dataVolumeGb!: number;

  @ApiProperty({ description: 'Eligibility rule applied', enum: ELIGIBILITY_MODES, example: 'neighbours' })
  eligibility!: EligibilityMode;

  @ApiProperty({
    description:
      'True when the default rule (neighbours) had no region within the budget and latency eligibility was applied instead',
    example: false,
  })
  eligibilityFallback!: boolean;

  @ApiProperty({
    description: 'Round-trip budget applied, ms (every mode); null when latencyBudget=off',
    example: null,
    nullable: true,
    type: Number,
  })
  maxLatencyMs!: number | null;

  @ApiProperty({ description: 'How candidates were ranked', type: RankingDto })
  ranking!: RankingDto;

  @ApiProperty({ description: 'Where the viewer was placed', type: ViewerDto })
  viewer!: ViewerDto;

  @ApiProperty({ description: 'Number of eligible regions (all scored)', type: 'integer', example: 17 })
  eligibleCount!: number;

  @ApiProperty({
    description: 'True when any eligible region was valued from a source other than live or forecast',
    example: false,
  })
  degraded!: boolean;
}

export class WindowChoiceDto {
  @ApiProperty({ description: 'Start, ISO 8601 UTC', example: '2026-11-23T02:00:00.000Z' })
  startAt!: string;

  @ApiProperty({ description: 'End, ISO 8601 UTC', example: '2026-11-23T04:00:00.000Z' })
  endAt!: string;

  @ApiProperty({
    description: 'Average intensity over the window, with its sources',
    type: WindowIntensityDto,
  })
  intensity!: WindowIntensityDto;
}

export class WindowSavingDto {
  @ApiProperty({ description: 'Intensity avoided by waiting, gCO2e/kWh', example: 12.5 })
  gCo2ePerKwh!: number;

  @ApiProperty({ description: 'The same, as a percentage of starting now', example: 28.28 })
  percent!: number;
}

export class BestWindowDto {
  @ApiProperty({ description: 'Electricity Maps zone', example: 'FR' })
  zone!: string;

  @ApiProperty({
    description: 'Region asked for; null when a zone was given',
    example: 'aws:eu-west-3',
    nullable: true,
    type: String,
  })
  region!: string | null;

  @ApiProperty({ description: 'Length of the work, minutes', example: 120 })
  durationMinutes!: number;

  @ApiProperty({ description: 'Longest delay allowed, as asked', example: '24h' })
  within!: string;

  @ApiProperty({
    description: 'The start with the lowest window average (earliest on a tie)',
    type: WindowChoiceDto,
  })
  best!: WindowChoiceDto;

  @ApiProperty({ description: 'Starting now, for comparison', type: WindowChoiceDto })
  now!: WindowChoiceDto;

  @ApiProperty({
    description: 'What waiting for the best start saves against starting now',
    type: WindowSavingDto,
  })
  saving!: WindowSavingDto;

  @ApiProperty({ description: 'Minutes from now to the best start', example: 240 })
  waitMinutes!: number;

  @ApiProperty({
    description: 'Latest start considered: within, and the forecast horizon minus the duration, ISO 8601 UTC',
    example: '2026-11-23T08:00:00.000Z',
  })
  latestStartAt!: string;

  @ApiProperty({
    description: 'Starts evaluated (now, hour boundaries, ends on hour boundaries): exact for hourly data',
    type: 'integer',
    example: 44,
  })
  startsEvaluated!: number;

  @ApiProperty({
    description: 'True when a window used a source other than live or forecast',
    example: false,
  })
  degraded!: boolean;
}
