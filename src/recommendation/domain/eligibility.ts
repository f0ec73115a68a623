/**
 * Which catalogue regions may serve a viewer (docs/RECOMMENDATION.md#eligibility), and why the others
 * may not. Pure: distances and round trips are computed by the caller (geo/domain/latency.ts).
 */
import type { RegionView } from '../../regions/domain/catalogue.js';
import type { MeasuredRtt, RttSource } from '../../latency/domain/ewma.js';

export const ELIGIBILITY_MODES = ['neighbours', 'country', 'latency'] as const;
export type EligibilityMode = (typeof ELIGIBILITY_MODES)[number];

/** The streaming SLO: a round trip the start-up and segment fetches tolerate without a CDN edge. */
export const DEFAULT_MAX_LATENCY_MS = 80;

export interface ViewerCountry {
  code: string;
  /** Land and sea neighbours. */
  neighbours: readonly string[];
}

export interface EligibilityRules {
  mode: EligibilityMode;
  /** Required for `neighbours` and `country`. */
  country?: ViewerCountry;
  /** Round-trip budget, ms: applies in every mode unless `latencyBudget` is false. */
  maxLatencyMs: number;
  /** False only when the caller turns the budget off (never with `latency`). */
  latencyBudget: boolean;
  /**
   * The default rule: when the country rule leaves no region within the budget, fall back to
   * `latency` (docs/RECOMMENDATION.md#eligibility).
   */
  fallbackToLatency: boolean;
  /** Only these providers, when given. */
  providers?: ReadonlySet<string>;
  includeOptIn: boolean;
  /** Cost enters the ranking: a region without an egress price cannot be ranked and is left out. */
  needsPrice: boolean;
}

export interface EligibleRegion {
  region: RegionView;
  /** Position in the catalogue's region list (and in the latency graph). */
  index: number;
  distanceKm: number;
  estimatedRttMs: number;
  /** Where estimatedRttMs comes from (docs/LATENCY.md#when-measurements-count). */
  rttSource: RttSource;
  /** Recent samples behind a measured estimatedRttMs; 0 for the model. */
  rttSamples: number;
}

export interface ExcludedRegion {
  regionId: string;
  reason: string;
}

export interface Eligibility {
  eligible: EligibleRegion[];
  excluded: ExcludedRegion[];
  /** The rule applied: the one asked for, or `latency` after a fallback. */
  mode: EligibilityMode;
}

/** Thrown for a mode that needs the viewer's country when none could be determined. */
export class CountryRequiredError extends Error {
  constructor(readonly mode: EligibilityMode) {
    super(`eligibility=${mode} needs the viewer's country`);
  }
}

/**
 * Splits the regions into eligible and excluded, each exclusion with the first rule it breaks, in
 * this order: disabled, restricted, provider filter, opt-in, geography (country or neighbours),
 * round trip (every mode, unless the budget is off), price (only when cost is ranked).
 * `distanceKm` and `rttMs` are indexed like `regions`. With `fallbackToLatency`, a country rule
 * that leaves nothing eligible is replaced by the latency rule (the answer says which applied).
 * `measured` (by region id) replaces the model's round trip of the regions measured from the
 * viewer's country (docs/LATENCY.md#when-measurements-count).
 */
export function selectEligible(
  regions: readonly RegionView[],
  distanceKm: ArrayLike<number>,
  modelRttMs: ArrayLike<number>,
  rules: EligibilityRules,
  measured?: ReadonlyMap<string, MeasuredRtt>,
): Eligibility {
  const rttMs = withMeasured(regions, modelRttMs, measured);
  if (rules.fallbackToLatency && rules.mode !== 'latency' && rules.latencyBudget) {
    const strict = rules.country ? selectWith(regions, distanceKm, rttMs, rules, measured) : undefined;
    if (strict && strict.eligible.length > 0) return strict;
    return selectWith(regions, distanceKm, rttMs, { ...rules, mode: 'latency' }, measured);
  }
  return selectWith(regions, distanceKm, rttMs, rules, measured);
}

function withMeasured(
  regions: readonly RegionView[],
  modelRttMs: ArrayLike<number>,
  measured: ReadonlyMap<string, MeasuredRtt> | undefined,
): ArrayLike<number> {
  if (!measured || measured.size === 0) return modelRttMs;
  const rttMs = Float64Array.from(modelRttMs);
  regions.forEach((region, index) => {
    const known = measured.get(region.id);
    if (known) rttMs[index] = known.rttMs;
  });
  return rttMs;
}

function selectWith(
  regions: readonly RegionView[],
  distanceKm: ArrayLike<number>,
  rttMs: ArrayLike<number>,
  rules: EligibilityRules,
  measured: ReadonlyMap<string, MeasuredRtt> | undefined,
): Eligibility {
  if (rules.mode !== 'latency' && !rules.country) throw new CountryRequiredError(rules.mode);
  const countries = allowedCountries(rules);
  const geographyReason = describeGeography(rules);
  const budget = rules.latencyBudget || rules.mode === 'latency' ? rules.maxLatencyMs : Infinity;
  const providerList = rules.providers ? [...rules.providers].sort().join(',') : '';
  const eligible: EligibleRegion[] = [];
  const excluded: ExcludedRegion[] = [];
  regions.forEach((region, index) => {
    let reason: string | undefined;
    if (!region.enabled) reason = 'disabled';
    else if (region.access === 'restricted') reason = 'restricted access (by provider approval only)';
    else if (rules.providers && !rules.providers.has(region.provider))
      reason = `provider ${region.provider} not in providers=${providerList}`;
    else if (region.access === 'opt-in' && !rules.includeOptIn)
      reason = 'opt-in region: add includeOptIn=true to consider it';
    else if (countries && !countries.has(region.countryCode)) reason = geographyReason;
    else if (!(rttMs[index] <= budget)) reason = rttReason(rttMs[index], measured?.get(region.id), rules);
    else if (rules.needsPrice && region.egressUsdPerGb === null)
      reason = 'no egress price known: cannot be ranked on cost';
    if (reason === undefined) {
      const known = measured?.get(region.id);
      eligible.push({
        region,
        index,
        distanceKm: distanceKm[index],
        estimatedRttMs: rttMs[index],
        rttSource: known?.source ?? 'model',
        rttSamples: known ? round1(known.recentSamples) : 0,
      });
    } else {
      excluded.push({ regionId: region.id, reason });
    }
  });
  return { eligible, excluded, mode: rules.mode };
}

function rttReason(rttMs: number, measured: MeasuredRtt | undefined, rules: EligibilityRules): string {
  const what = measured
    ? `${measured.source === 'probe' ? 'probed' : 'measured'} RTT ${round1(rttMs)} ms (${round1(measured.recentSamples)} recent samples)`
    : `estimated RTT ${round1(rttMs)} ms`;
  return `${what} exceeds maxLatencyMs=${rules.maxLatencyMs}`;
}

function allowedCountries(rules: EligibilityRules): ReadonlySet<string> | undefined {
  if (rules.mode === 'latency' || !rules.country) return undefined;
  if (rules.mode === 'country') return new Set([rules.country.code]);
  return new Set([rules.country.code, ...rules.country.neighbours]);
}

function describeGeography(rules: EligibilityRules): string {
  const code = rules.country?.code ?? '';
  if (rules.mode === 'country') return `not in ${code}`;
  return rules.country && rules.country.neighbours.length === 0
    ? `not in ${code} (${code} has no land or sea neighbour)`
    : `not in ${code} or a neighbouring country`;
}

/** One decimal place, for messages. */
function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
