/**
 * Round-trip time from a viewer to each cloud region, over a graph of connections: regions are
 * nodes, measured region-to-region round trips are edges, and the viewer attaches to every region
 * by the distance model (docs/CATALOGUE-DATA.md#latency-model). A region's estimate is the shortest path
 * (Dijkstra), so a measured link that is faster than the model refines it, and the model alone
 * answers for a region nothing was measured for. Pure: no Nest, no TypeORM.
 */
import { greatCircleKm, type Located } from './distance.js';

/** RTT ≈ baseMs + msPer100Km × km / 100 (+ accessMs from a viewer); configurable (LATENCY_* env). */
export interface LatencyModel {
  /** Fixed part of any round trip (switching, queueing), ms. */
  baseMs: number;
  /** Round trip per 100 km of great-circle distance, ms (1 ms is the ideal in fibre; 1.6 fits the measurements). */
  msPer100Km: number;
  /** The viewer's access network (last mile), added to every viewer-to-region estimate, ms. */
  accessMs: number;
}

/** The model as configured (LATENCY_BASE_MS, LATENCY_MS_PER_100KM, LATENCY_ACCESS_MS in the app's config). */
export function latencyModelOf(config: {
  latencyBaseMs: number;
  latencyMsPer100Km: number;
  latencyAccessMs: number;
}): LatencyModel {
  return {
    baseMs: config.latencyBaseMs,
    msPer100Km: config.latencyMsPer100Km,
    accessMs: config.latencyAccessMs,
  };
}

/**
 * The calibrated fit (median relative error 16 %, docs/CATALOGUE-DATA.md#latency-model) and a 15 ms
 * access allowance.
 */
export const DEFAULT_LATENCY_MODEL: LatencyModel = { baseMs: 5, msPer100Km: 1.6, accessMs: 15 };

/** The distance model's round trip between a viewer and a data centre `distanceKm` apart, ms. */
export function modelRttMs(distanceKm: number, model: LatencyModel): number {
  return model.baseMs + (model.msPer100Km * distanceKm) / 100 + model.accessMs;
}

export interface LatencyNode extends Located {
  id: string;
}

/** A measured round trip between two nodes (either direction), ms. */
export interface LatencyLink {
  a: string;
  b: string;
  rttMs: number;
}

/**
 * The graph in compact form (built once per catalogue, read on every request): node i's edges are
 * `targets[offsets[i] .. offsets[i + 1])` with the same-index `weightsMs`.
 */
export interface LatencyGraph {
  ids: readonly string[];
  indexById: ReadonlyMap<string, number>;
  latitudes: Float64Array;
  longitudes: Float64Array;
  offsets: Int32Array;
  targets: Int32Array;
  weightsMs: Float64Array;
}

/**
 * Builds the graph. Links whose ends are not both nodes are ignored (a region deleted since the
 * measurement); of two links between the same pair, the faster counts; links are undirected.
 */
export function buildLatencyGraph(
  nodes: readonly LatencyNode[],
  links: readonly LatencyLink[],
): LatencyGraph {
  const indexById = new Map<string, number>();
  nodes.forEach((node, index) => indexById.set(node.id, index));
  const best = new Map<number, number>();
  const count = nodes.length;
  for (const link of links) {
    const a = indexById.get(link.a);
    const b = indexById.get(link.b);
    if (a === undefined || b === undefined || a === b || !(link.rttMs > 0)) continue;
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const key = from * count + to;
      const known = best.get(key);
      if (known === undefined || link.rttMs < known) best.set(key, link.rttMs);
    }
  }
  const degree = new Int32Array(count);
  for (const key of best.keys()) degree[Math.floor(key / count)]++;
  const offsets = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i] + degree[i];
  const targets = new Int32Array(best.size);
  const weightsMs = new Float64Array(best.size);
  const fill = offsets.slice(0, count);
  for (const [key, rttMs] of [...best.entries()].sort((x, y) => x[0] - y[0])) {
    const from = Math.floor(key / count);
    const slot = fill[from]++;
    targets[slot] = key % count;
    weightsMs[slot] = rttMs;
  }
  return {
    ids: nodes.map((node) => node.id),
    indexById,
    latitudes: Float64Array.from(nodes, (node) => node.latitude),
    longitudes: Float64Array.from(nodes, (node) => node.longitude),
    offsets,
    targets,
    weightsMs,
  };
}

export interface ViewerLatencies {
  /** Great-circle distance from the viewer to each node, km (index as in the graph). */
  distanceKm: Float64Array;
  /** Shortest-path round trip from the viewer to each node, ms. */
  rttMs: Float64Array;
  /** The node reached just before each node on its shortest path; -1 when the direct (model) edge wins. */
  via: Int32Array;
}

/**
 * Dijkstra from the viewer: the viewer's edge to each node is the distance model (access included),
 * then measured links relax the estimates. Dense selection (O(n²)): with a few hundred nodes, every
 * one of which the viewer reaches directly, a heap would not pay for itself.
 */
export function viewerLatencies(
  graph: LatencyGraph,
  latitude: number,
  longitude: number,
  model: LatencyModel,
): ViewerLatencies {
  const count = graph.ids.length;
  const distanceKm = new Float64Array(count);
  const rttMs = new Float64Array(count);
  const via = new Int32Array(count).fill(-1);
  const isSettled = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    distanceKm[i] = greatCircleKm(latitude, longitude, graph.latitudes[i], graph.longitudes[i]);
    rttMs[i] = modelRttMs(distanceKm[i], model);
  }
  for (let round = 0; round < count; round++) {
    let next = -1;
    let nextRtt = Number.POSITIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      if (isSettled[i] === 0 && rttMs[i] < nextRtt) {
        next = i;
        nextRtt = rttMs[i];
      }
    }
    if (next === -1) break;
    isSettled[next] = 1;
    for (let edge = graph.offsets[next]; edge < graph.offsets[next + 1]; edge++) {
      const target = graph.targets[edge];
      const through = nextRtt + graph.weightsMs[edge];
      if (isSettled[target] === 0 && through < rttMs[target]) {
        rttMs[target] = through;
        via[target] = next;
      }
    }
  }
  return { distanceKm, rttMs, via };
}
