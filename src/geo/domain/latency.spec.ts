import { EARTH_RADIUS_KM } from './distance.js';
import {
  latencyModelOf,
  buildLatencyGraph,
  DEFAULT_LATENCY_MODEL,
  LatencyModel,
  modelRttMs,
  viewerLatencies,
} from './latency.js';

/** 10 degrees of longitude on the equator, km. */
const TEN_DEGREES_KM = (EARTH_RADIUS_KM * Math.PI) / 18;

describe('latencyModelOf', () => {
  it("reads the model's three figures from the configuration", () => {
    expect(latencyModelOf({ latencyBaseMs: 5, latencyMsPer100Km: 1.6, latencyAccessMs: 8 })).toEqual({
      baseMs: 5,
      msPer100Km: 1.6,
      accessMs: 8,
    });
  });
});

describe('modelRttMs', () => {
  it.each([
    // 5 ms + 1.6 ms × 6.4 + 15 ms access.
    [640, DEFAULT_LATENCY_MODEL, 30.24],
    [0, DEFAULT_LATENCY_MODEL, 20],
    [5461, DEFAULT_LATENCY_MODEL, 107.376],
    // The conservative variant (docs/CATALOGUE-DATA.md#latency-model), without access allowance.
    [1000, { baseMs: 5, msPer100Km: 2.2, accessMs: 0 }, 27],
  ])('%p km with %j is %p ms', (km, model, expected) => {
    expect(modelRttMs(km, model as LatencyModel)).toBeCloseTo(expected, 9);
  });
});

describe('latency graph and Dijkstra from a viewer', () => {
  // Three regions on the equator, 10° apart; the viewer stands on A.
  const nodes = [
    { id: 'a', latitude: 0, longitude: 0 },
    { id: 'b', latitude: 0, longitude: 10 },
    { id: 'c', latitude: 0, longitude: 20 },
  ];
  const model: LatencyModel = { baseMs: 5, msPer100Km: 1.6, accessMs: 15 };

  it('uses the distance model alone when nothing is measured', () => {
    const graph = buildLatencyGraph(nodes, []);
    const { distanceKm, rttMs, via } = viewerLatencies(graph, 0, 0, model);
    expect(distanceKm[0]).toBe(0);
    expect(distanceKm[1]).toBeCloseTo(TEN_DEGREES_KM, 6);
    expect(rttMs[0]).toBeCloseTo(20, 9);
    expect(rttMs[1]).toBeCloseTo(20 + 0.016 * TEN_DEGREES_KM, 9); // 37.7912…
    expect(rttMs[2]).toBeCloseTo(20 + 0.032 * TEN_DEGREES_KM, 9); // 55.5824…
    expect([...via]).toEqual([-1, -1, -1]);
  });

  it('takes the shortest path: measured links refine the model, over several hops', () => {
    const graph = buildLatencyGraph(nodes, [
      { a: 'a', b: 'c', rttMs: 10 },
      { a: 'c', b: 'b', rttMs: 2 },
      // A slower duplicate of the same pair is ignored; a link to an unknown region too.
      { a: 'c', b: 'a', rttMs: 50 },
      { a: 'a', b: 'gone', rttMs: 1 },
    ]);
    expect(graph.targets.length).toBe(4);
    const { rttMs, via } = viewerLatencies(graph, 0, 0, model);
    expect(rttMs[0]).toBeCloseTo(20, 9);
    // viewer → a (20) → c (10) = 30, better than the model's 55.58.
    expect(rttMs[2]).toBeCloseTo(30, 9);
    // viewer → a → c → b = 32, better than the model's 37.79.
    expect(rttMs[1]).toBeCloseTo(32, 9);
    expect([...via]).toEqual([-1, 2, 0]);
  });

  it('keeps the direct model when a measured detour is slower', () => {
    const graph = buildLatencyGraph(nodes, [{ a: 'a', b: 'b', rttMs: 40 }]);
    const { rttMs, via } = viewerLatencies(graph, 0, 0, model);
    expect(rttMs[1]).toBeCloseTo(20 + 0.016 * TEN_DEGREES_KM, 9);
    expect(via[1]).toBe(-1);
  });

  it('lets the viewer enter the graph at any region: the nearest is not always the way in', () => {
    // Viewer on B: c is reached directly (37.79) or via b (20 + 2 = 22).
    const graph = buildLatencyGraph(nodes, [{ a: 'b', b: 'c', rttMs: 2 }]);
    const { rttMs } = viewerLatencies(graph, 0, 10, model);
    expect(rttMs[2]).toBeCloseTo(22, 9);
    expect(rttMs[0]).toBeCloseTo(20 + 0.016 * TEN_DEGREES_KM, 9);
  });
});
