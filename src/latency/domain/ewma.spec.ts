import {
  aggregateOf,
  decayFactor,
  foldSamples,
  measuredRtt,
  mergeAggregates,
  recentRttSamples,
  type LatencyAggregate,
  type LatencySample,
} from './ewma.js';
import { buildLatencyMatrix, EMPTY_LATENCY_MATRIX } from './latency-matrix.js';

const HALF_LIFE = 1000;
const T0 = Date.UTC(2026, 11, 1, 20, 0, 0);

function sample(rttMs: number | null, atMs: number, extra: Partial<LatencySample> = {}): LatencySample {
  return {
    viewerCountry: 'FR',
    regionId: 'aws:eu-west-3',
    kind: 'user',
    rttMs,
    throughputBps: null,
    atMs,
    ...extra,
  };
}

describe('decayFactor', () => {
  it.each([
    [0, 1],
    [1000, 0.5],
    [2000, 0.25],
    [500, Math.SQRT1_2],
    [-1000, 1],
    [101_000, 0],
  ])('%p ms old weighs %p', (ageMs, expected) => {
    expect(decayFactor(ageMs, HALF_LIFE)).toBeCloseTo(expected, 12);
  });
});

describe('time-decayed EWMA', () => {
  it('weighs an older sample by 2^(-Δt/halfLife): 100 ms one half-life before 200 ms gives 166.67', () => {
    const merged = mergeAggregates(
      aggregateOf(sample(100, T0)),
      aggregateOf(sample(200, T0 + 1000)),
      HALF_LIFE,
    );
    // (100 × 0.5 + 200 × 1) / 1.5
    expect(merged.rttMs).toBeCloseTo(250 / 1.5, 10);
    expect(merged.rttWeight).toBeCloseTo(1.5, 12);
    expect(merged.rttCount).toBe(2);
    expect(merged.lastAtMs).toBe(T0 + 1000);
  });

  it('does not depend on the order the samples arrive in, nor on how they are batched', () => {
    const samples = [sample(40, T0), sample(80, T0 + 300), sample(60, T0 + 2500), sample(10, T0 + 900)];
    const forward = foldSamples(samples, HALF_LIFE)[0];
    const backward = foldSamples([...samples].reverse(), HALF_LIFE)[0];
    const batched = mergeAggregates(
      foldSamples(samples.slice(0, 2), HALF_LIFE)[0],
      foldSamples(samples.slice(2), HALF_LIFE)[0],
      HALF_LIFE,
    );
    const weights = samples.map((s) => 2 ** (-(T0 + 2500 - s.atMs) / HALF_LIFE));
    const expected =
      samples.reduce((sum, s, i) => sum + (s.rttMs as number) * weights[i], 0) /
      weights.reduce((a, b) => a + b);
    for (const aggregate of [forward, backward, batched]) {
      expect(aggregate.rttMs).toBeCloseTo(expected, 10);
      expect(aggregate.rttWeight).toBeCloseTo(
        weights.reduce((a, b) => a + b),
        10,
      );
      expect(aggregate.lastAtMs).toBe(T0 + 2500);
    }
  });

  it('keeps round trip and throughput apart: a throughput-only sample leaves the round trip as it was', () => {
    const merged = mergeAggregates(
      aggregateOf(sample(50, T0)),
      aggregateOf(sample(null, T0 + 1000, { throughputBps: 8e6 })),
      HALF_LIFE,
    );
    expect(merged.rttMs).toBe(50);
    expect(merged.rttWeight).toBeCloseTo(0.5, 12);
    expect(merged.throughputBps).toBe(8e6);
    expect(merged.throughputWeight).toBe(1);
    expect(merged.rttCount).toBe(1);
    expect(merged.throughputCount).toBe(1);
  });

  it('folds a batch into one aggregate per (country, region, kind), sorted by key (the lock order)', () => {
    const folded = foldSamples(
      [
        sample(10, T0, { regionId: 'b' }),
        sample(20, T0, { regionId: 'a', kind: 'probe' }),
        sample(30, T0, { regionId: 'a' }),
        sample(50, T0, { regionId: 'b' }),
      ],
      HALF_LIFE,
    );
    expect(folded.map((a) => `${a.regionId}|${a.kind}|${a.rttMs}|${a.rttCount}`)).toEqual([
      'a|probe|20|1',
      'a|user|30|1',
      'b|user|30|2',
    ]);
  });
});

describe('measuredRtt: when measurements replace the model', () => {
  const rules = { minSamples: 5, halfLifeMs: HALF_LIFE, maxAgeMs: 10_000 };
  const ten: LatencyAggregate = { ...aggregateOf(sample(150, T0)), rttWeight: 10, rttCount: 10 };

  it('takes real users when they have enough recent samples', () => {
    expect(measuredRtt(ten, undefined, T0, rules)).toEqual({
      rttMs: 150,
      source: 'measured',
      recentSamples: 10,
      totalSamples: 10,
      ageMs: 0,
    });
  });

  it('ages out: 10 samples one half-life old are 5 recent ones (enough), two half-lives old 2.5 (not)', () => {
    expect(recentRttSamples(ten, T0 + 1000, HALF_LIFE)).toBeCloseTo(5, 12);
    expect(measuredRtt(ten, undefined, T0 + 1000, rules)?.source).toBe('measured');
    expect(measuredRtt(ten, undefined, T0 + 2000, rules)).toBeUndefined();
  });

  it('ages out past the maximum age however many samples there were', () => {
    const many = { ...ten, rttWeight: 1e9 };
    expect(measuredRtt(many, undefined, T0 + 10_000, rules)?.source).toBe('measured');
    expect(measuredRtt(many, undefined, T0 + 10_001, rules)).toBeUndefined();
  });

  it('falls back to probes when real users are too few, and to nothing when neither is enough', () => {
    const probe = { ...ten, rttMs: 90 };
    const fewUsers = { ...ten, rttWeight: 2 };
    expect(measuredRtt(fewUsers, probe, T0, rules)).toMatchObject({ rttMs: 90, source: 'probe' });
    expect(measuredRtt(fewUsers, { ...probe, rttWeight: 1 }, T0, rules)).toBeUndefined();
  });
});

describe('buildLatencyMatrix', () => {
  const rules = { minSamples: 2, halfLifeMs: HALF_LIFE, maxAgeMs: 60_000 };
  const rows = [
    {
      ...aggregateOf(sample(150, T0)),
      rttWeight: 5,
      rttCount: 5,
      viewerCountry: 'FR',
      regionId: 'r1',
      kind: 'user' as const,
    },
    {
      ...aggregateOf(sample(30, T0)),
      rttWeight: 1,
      rttCount: 1,
      viewerCountry: 'FR',
      regionId: 'r2',
      kind: 'user' as const,
    },
  ];

  it('holds the measured regions per country and keeps its version while nothing in force changes', () => {
    const first = buildLatencyMatrix(rows, T0, rules, EMPTY_LATENCY_MATRIX);
    expect(first.version).toBe(1);
    expect(first.byCountry.get('FR')?.get('r1')?.rttMs).toBe(150);
    expect(first.byCountry.get('FR')?.has('r2')).toBe(false);
    const again = buildLatencyMatrix(rows, T0 + 10, rules, first);
    expect(again.version).toBe(1);
    // One half-life on: 2.5 recent samples of r1 instead of 5 (a power of two less), still in force.
    const later = buildLatencyMatrix(rows, T0 + 1000, rules, again);
    expect(later.version).toBe(2);
    expect(later.byCountry.get('FR')?.get('r1')?.recentSamples).toBeCloseTo(2.5, 12);
    // Two: 1.25 recent samples, fewer than 2: the model again.
    const aged = buildLatencyMatrix(rows, T0 + 2000, rules, later);
    expect(aged.version).toBe(3);
    expect(aged.byCountry.size).toBe(0);
  });
});
