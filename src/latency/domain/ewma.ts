/**
 * Measured round trips and throughputs per (viewer country, region, kind), as time-decayed
 * exponentially weighted moving averages (docs/LATENCY.md#the-aggregate). Pure.
 *
 * A sample seen Δt before the aggregate's reference time weighs 2^(−Δt / halfLife), so samples
 * arriving at irregular times, in any order and in batches are weighed by their age alone:
 * value = Σ wᵢ·xᵢ / Σ wᵢ. An aggregate keeps the value, the weight Σ wᵢ (its "recent samples", as of
 * its reference time `lastAtMs`, the newest sample's time) and the total count. Two aggregates merge
 * exactly (the SQL upsert does the same computation: persistence/latency.store.ts).
 */

/** `user`: real viewers' players (the default); `probe`: synthetic probes from a location. */
export const SAMPLE_KINDS = ['user', 'probe'] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];

/** Where a round trip figure comes from: real users, synthetic probes, or the distance/graph model. */
export const RTT_SOURCES = ['measured', 'probe', 'model'] as const;
export type RttSource = (typeof RTT_SOURCES)[number];

/** Ages beyond this many half-lives weigh nothing (2^−100 ≈ 8e−31; also keeps SQL away from float underflow). */
export const MAX_HALF_LIVES = 100;

export interface LatencyAggregate {
  /** EWMA of the round trip, ms; null when no sample carried one. */
  rttMs: number | null;
  /** Σ of the round-trip samples' weights as of lastAtMs. */
  rttWeight: number;
  rttCount: number;
  /** EWMA of the throughput, bits/s; null when no sample carried one. */
  throughputBps: number | null;
  throughputWeight: number;
  throughputCount: number;
  /** The newest sample's time (the reference time of the weights), ms since the epoch. */
  lastAtMs: number;
}

export interface LatencySample {
  viewerCountry: string;
  regionId: string;
  kind: SampleKind;
  rttMs: number | null;
  throughputBps: number | null;
  atMs: number;
}

/** 2^(−ageMs / halfLifeMs); 0 beyond MAX_HALF_LIVES; 1 for a negative age (never grows). */
export function decayFactor(ageMs: number, halfLifeMs: number): number {
  // Samples of one batch often share their millisecond: 2 ** -0 is 1, without the power.
  if (ageMs <= 0) return 1;
  const halfLives = ageMs / halfLifeMs;
  return halfLives > MAX_HALF_LIVES ? 0 : 2 ** -halfLives;
}

/** The aggregate of a single sample. */
export function aggregateOf(sample: LatencySample): LatencyAggregate {
  return {
    rttMs: sample.rttMs,
    rttWeight: sample.rttMs === null ? 0 : 1,
    rttCount: sample.rttMs === null ? 0 : 1,
    throughputBps: sample.throughputBps,
    throughputWeight: sample.throughputBps === null ? 0 : 1,
    throughputCount: sample.throughputBps === null ? 0 : 1,
    lastAtMs: sample.atMs,
  };
}

/** The aggregate of both (commutative and associative, up to rounding). */
export function mergeAggregates(
  a: LatencyAggregate,
  b: LatencyAggregate,
  halfLifeMs: number,
): LatencyAggregate {
  const lastAtMs = Math.max(a.lastAtMs, b.lastAtMs);
  const fa = decayFactor(lastAtMs - a.lastAtMs, halfLifeMs);
  const fb = decayFactor(lastAtMs - b.lastAtMs, halfLifeMs);
  const [rttMs, rttWeight] = mergeMean(a.rttMs, a.rttWeight * fa, b.rttMs, b.rttWeight * fb);
  const [throughputBps, throughputWeight] = mergeMean(
    a.throughputBps,
    a.throughputWeight * fa,
    b.throughputBps,
    b.throughputWeight * fb,
  );
  return {
    rttMs,
    rttWeight,
    rttCount: a.rttCount + b.rttCount,
    throughputBps,
    throughputWeight,
    throughputCount: a.throughputCount + b.throughputCount,
    lastAtMs,
  };
}

function mergeMean(
  x: number | null,
  wx: number,
  y: number | null,
  wy: number,
): [value: number | null, weight: number] {
  const weight = (x === null ? 0 : wx) + (y === null ? 0 : wy);
  if (weight <= 0) return [x ?? y, 0];
  return [((x ?? 0) * (x === null ? 0 : wx) + (y ?? 0) * (y === null ? 0 : wy)) / weight, weight];
}

/** The key of an aggregate: country, region and kind. */
export function aggregateKey(viewerCountry: string, regionId: string, kind: SampleKind): string {
  return `${viewerCountry}|${regionId}|${kind}`;
}

export interface KeyedAggregate extends LatencyAggregate {
  viewerCountry: string;
  regionId: string;
  kind: SampleKind;
}

/**
 * A batch folded into one aggregate per key, sorted by key: the order the upsert takes its row
 * locks in, so that two concurrent batches never wait on each other in a cycle (no deadlock).
 */
export function foldSamples(samples: readonly LatencySample[], halfLifeMs: number): KeyedAggregate[] {
  const byKey = new Map<string, KeyedAggregate>();
  for (const sample of samples) {
    const key = aggregateKey(sample.viewerCountry, sample.regionId, sample.kind);
    const known = byKey.get(key);
    if (known === undefined) {
      byKey.set(key, {
        ...aggregateOf(sample),
        viewerCountry: sample.viewerCountry,
        regionId: sample.regionId,
        kind: sample.kind,
      });
    } else {
      // Merged in place: a player report per steering reload folds thousands of samples per key.
      Object.assign(known, mergeAggregates(known, aggregateOf(sample), halfLifeMs));
    }
  }
  return [...byKey.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([, a]) => a);
}

/** When measurements replace the model (LATENCY_MIN_SAMPLES, LATENCY_HALF_LIFE_MS, LATENCY_MAX_AGE_MS). */
export interface MeasurementRules {
  minSamples: number;
  halfLifeMs: number;
  maxAgeMs: number;
}

/** A region's round trip from measurements, for one viewer country. */
export interface MeasuredRtt {
  rttMs: number;
  source: Exclude<RttSource, 'model'>;
  /** Recent samples: their decayed weight now (a sample one half-life old counts ½). */
  recentSamples: number;
  /** Every round-trip sample the aggregate has taken. */
  totalSamples: number;
  /** Age of the newest sample, ms. */
  ageMs: number;
}

/** The aggregate's recent round-trip samples as of `nowMs`. */
export function recentRttSamples(aggregate: LatencyAggregate, nowMs: number, halfLifeMs: number): number {
  return aggregate.rttWeight * decayFactor(nowMs - aggregate.lastAtMs, halfLifeMs);
}

/**
 * The measured round trip that replaces the model, if any: real users' when they are enough
 * (at least minSamples recent samples, the newest within maxAgeMs), else probes' on the same
 * terms, else undefined (the model answers).
 */
export function measuredRtt(
  user: LatencyAggregate | undefined,
  probe: LatencyAggregate | undefined,
  nowMs: number,
  rules: MeasurementRules,
): MeasuredRtt | undefined {
  for (const [aggregate, source] of [
    [user, 'measured'],
    [probe, 'probe'],
  ] as const) {
    if (!aggregate || aggregate.rttMs === null) continue;
    const ageMs = Math.max(0, nowMs - aggregate.lastAtMs);
    const recentSamples = recentRttSamples(aggregate, nowMs, rules.halfLifeMs);
    if (ageMs <= rules.maxAgeMs && recentSamples >= rules.minSamples) {
      return { rttMs: aggregate.rttMs, source, recentSamples, totalSamples: aggregate.rttCount, ageMs };
    }
  }
  return undefined;
}
