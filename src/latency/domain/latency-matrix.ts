/**
 * The measured round trips in force at one moment (docs/LATENCY.md#when-measurements-count): per
 * viewer country, the regions whose round trip comes from measurements rather than the model.
 * Built by each instance from the shared aggregates on every refresh; read on the request path.
 * Pure.
 */
import {
  measuredRtt,
  type KeyedAggregate,
  type LatencyAggregate,
  type MeasuredRtt,
  type MeasurementRules,
} from './ewma.js';

export interface LatencyMatrix {
  /**
   * Changes only when a figure in force changes: source, RTT to 0.1 ms, or the recent samples by a
   * power of two (they decay continuously; a finer grain would rebuild the consumers' caches every refresh).
   */
  readonly version: number;
  /** When it was computed, ms since the epoch. */
  readonly builtAtMs: number;
  /** Per viewer country, per region id. */
  readonly byCountry: ReadonlyMap<string, ReadonlyMap<string, MeasuredRtt>>;
  /** Every aggregate, as read (for GET /latency). */
  readonly aggregates: readonly KeyedAggregate[];
}

export const EMPTY_LATENCY_MATRIX: LatencyMatrix = Object.freeze({
  version: 0,
  builtAtMs: 0,
  byCountry: new Map(),
  aggregates: [],
});

/** The matrix as of `nowMs`; `previous` keeps its version (and identity) when nothing in force changed. */
export function buildLatencyMatrix(
  aggregates: readonly KeyedAggregate[],
  nowMs: number,
  rules: MeasurementRules,
  previous: LatencyMatrix,
): LatencyMatrix {
  const pairs = new Map<
    string,
    { user?: LatencyAggregate; probe?: LatencyAggregate; country: string; region: string }
  >();
  for (const aggregate of aggregates) {
    const key = `${aggregate.viewerCountry}|${aggregate.regionId}`;
    const pair = pairs.get(key) ?? { country: aggregate.viewerCountry, region: aggregate.regionId };
    pair[aggregate.kind] = aggregate;
    pairs.set(key, pair);
  }
  const byCountry = new Map<string, Map<string, MeasuredRtt>>();
  const signature: string[] = [];
  for (const pair of pairs.values()) {
    const measured = measuredRtt(pair.user, pair.probe, nowMs, rules);
    if (!measured) continue;
    let regions = byCountry.get(pair.country);
    if (!regions) byCountry.set(pair.country, (regions = new Map()));
    regions.set(pair.region, measured);
    signature.push(
      `${pair.country}|${pair.region}|${measured.source}|${measured.rttMs.toFixed(1)}|${Math.floor(Math.log2(measured.recentSamples))}`,
    );
  }
  const key = signature.sort().join('\n');
  const matrix: LatencyMatrix =
    key === signatureOf(previous)
      ? { version: previous.version, builtAtMs: nowMs, byCountry: previous.byCountry, aggregates }
      : { version: previous.version + 1, builtAtMs: nowMs, byCountry, aggregates };
  signatures.set(matrix, key);
  return matrix;
}

/** Signatures of the matrices built (weak: a replaced matrix takes its signature with it). */
const signatures = new WeakMap<LatencyMatrix, string>();

function signatureOf(matrix: LatencyMatrix): string {
  return signatures.get(matrix) ?? (matrix.version === 0 ? '' : '\u0000');
}
