import type { Country } from '../geo/domain/countries.js';
import type { ViewerPosition } from '../geo/domain/viewer-location.js';
import type { Ranking } from './domain/scoring.js';
import type { CandidateDto, RankingDto, ViewerDto } from './contract/recommendation.dto.js';
import type { ScoredRegion } from './recommendation-plan.js';

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

export function candidateDto(item: ScoredRegion): CandidateDto {
  const { region } = item.planned.eligible;
  return {
    regionId: region.id,
    provider: region.provider,
    displayName: region.displayName,
    countryCode: region.countryCode,
    zone: region.zone,
    distanceKm: round1(item.distanceKm),
    estimatedRttMs: round1(item.estimatedRttMs),
    rttSource: item.planned.eligible.rttSource,
    rttSamples: item.planned.eligible.rttSamples,
    intensity: item.intensity,
    pue: region.pue,
    dataCentreEnergyKwh: item.planned.energyKwh,
    emissionsG: item.emissionsG,
    costUsd: item.costUsd,
    egressUsdPerGb: region.egressUsdPerGb,
    score: item.score,
  };
}

export function rankingDto(ranking: Ranking): RankingDto {
  return {
    by: ranking.by,
    carbonPriceUsdPerTonne: ranking.by === 'carbon-price' ? ranking.usdPerTonne : null,
    costWeight: ranking.by === 'cost-weight' ? ranking.costWeight : null,
  };
}

export function viewerDto(
  country: Country | undefined,
  zone: string | undefined,
  subdivision: string | undefined,
  { latitude, longitude, locatedBy }: ViewerPosition,
): ViewerDto {
  return {
    countryCode: country?.code ?? null,
    zone: zone ?? null,
    subdivision: subdivision ?? null,
    latitude,
    longitude,
    locatedBy,
  };
}
