import {
  isCloseCall,
  nearestCandidate,
  offParetoFront,
  paretoFront,
  rankCandidates,
  savingVersus,
  Scorable,
} from './scoring.js';

function candidate(
  id: string,
  emissionsG: number,
  costUsd: number | null,
  estimatedRttMs = 30,
  distanceKm = 500,
): Scorable {
  return { id, emissionsG, costUsd, estimatedRttMs, distanceKm, score: 0 };
}

// 3 GB served: egress at $0.09, $0.12 and $0.15 per GB.
const CLEAN_PRICEY = candidate('clean-pricey', 2, 0.45, 40, 800);
const MIDDLE = candidate('middle', 6, 0.36, 30, 600);
const DIRTY_CHEAP = candidate('dirty-cheap', 10, 0.27, 20, 300);
const DIRTY_PRICEY = candidate('dirty-pricey', 12, 0.45, 25, 400);
const ALL = [DIRTY_PRICEY, DIRTY_CHEAP, MIDDLE, CLEAN_PRICEY];

const order = (ranked: Scorable[]) => ranked.map((item) => item.id);

describe('rankCandidates', () => {
  it('ranks by emissions by default, the score being the grams', () => {
    const ranked = rankCandidates(ALL, { by: 'emissions' });
    expect(order(ranked)).toEqual(['clean-pricey', 'middle', 'dirty-cheap', 'dirty-pricey']);
    expect(ranked.map(({ score }) => score)).toEqual([2, 6, 10, 12]);
  });

  it('keeps only the best `count`, in the same order as a full ranking', () => {
    for (const ranking of [
      { by: 'emissions' },
      { by: 'carbon-price', usdPerTonne: 100 },
      { by: 'cost-weight', costWeight: 0.5 },
    ] as const) {
      const full = order(rankCandidates(ALL, ranking));
      for (const count of [1, 2, 3])
        expect(order(rankCandidates(ALL, ranking, count))).toEqual(full.slice(0, count));
    }
  });

  it('breaks ties by RTT, then distance, then id', () => {
    const ranked = rankCandidates(
      [candidate('z', 5, 1, 30, 100), candidate('far', 5, 1, 31, 50), candidate('a', 5, 1, 30, 100)],
      { by: 'emissions' },
    );
    expect(order(ranked)).toEqual(['a', 'z', 'far']);
  });

  it('with a carbon price: cost plus priced carbon, in USD', () => {
    // At $100/t a gram costs $0.0001: cost dominates.
    const ranked = rankCandidates(ALL, { by: 'carbon-price', usdPerTonne: 100 });
    expect(order(ranked)).toEqual(['dirty-cheap', 'middle', 'clean-pricey', 'dirty-pricey']);
    expect(ranked[0].score).toBeCloseTo(0.27 + 10 * 0.0001, 12);
    // At $50,000/t (5 ¢ a gram) carbon wins: clean-pricey 0.45 + 0.1 = 0.55 < middle 0.36 + 0.3.
    const steep = rankCandidates(ALL, { by: 'carbon-price', usdPerTonne: 50_000 });
    expect(order(steep)[0]).toBe('clean-pricey');
    expect(steep[0].score).toBeCloseTo(0.55, 12);
  });

  it('with a cost weight: weighted sum of min-max normalised emissions and cost', () => {
    // emissions 2..12, cost 0.27..0.45.
    const half = rankCandidates(ALL, { by: 'cost-weight', costWeight: 0.5 });
    const scores = Object.fromEntries(half.map(({ id, score }) => [id, score]));
    expect(scores['clean-pricey']).toBeCloseTo(0.5 * 0 + 0.5 * 1, 12);
    expect(scores['middle']).toBeCloseTo(0.5 * 0.4 + 0.5 * 0.5, 12);
    expect(scores['dirty-cheap']).toBeCloseTo(0.5 * 0.8 + 0.5 * 0, 12);
    expect(scores['dirty-pricey']).toBeCloseTo(0.5 * 1 + 0.5 * 1, 12);
    expect(order(half)).toEqual(['dirty-cheap', 'middle', 'clean-pricey', 'dirty-pricey']);
    expect(order(rankCandidates(ALL, { by: 'cost-weight', costWeight: 1 }))[0]).toBe('dirty-cheap');
    expect(order(rankCandidates(ALL, { by: 'cost-weight', costWeight: 0 }))[0]).toBe('clean-pricey');
  });

  it('never lets a region without a price win on cost', () => {
    const ranked = rankCandidates([candidate('unpriced', 0, null), MIDDLE], {
      by: 'cost-weight',
      costWeight: 1,
    });
    expect(order(ranked)).toEqual(['middle', 'unpriced']);
  });
});

describe('isCloseCall', () => {
  it('is true when the runner-up is within 5 % of the winner', () => {
    const close = rankCandidates([candidate('a', 10, 1), candidate('b', 10.5, 1)], { by: 'emissions' });
    expect(isCloseCall(close, { by: 'emissions' })).toBe(true);
    const clear = rankCandidates([candidate('a', 10, 1), candidate('b', 10.6, 1)], { by: 'emissions' });
    expect(isCloseCall(clear, { by: 'emissions' })).toBe(false);
    expect(
      isCloseCall(rankCandidates([candidate('a', 10, 1)], { by: 'emissions' }), { by: 'emissions' }),
    ).toBe(false);
  });

  it('compares weighted scores on their 0..1 range', () => {
    const ranking = { by: 'cost-weight', costWeight: 1 } as const;
    // Costs 1, 1.04, 2: normalised 0, 0.04, 1.
    const ranked = rankCandidates(
      [candidate('a', 1, 1), candidate('b', 1, 1.04), candidate('c', 1, 2)],
      ranking,
    );
    expect(isCloseCall(ranked, ranking)).toBe(true);
  });
});

describe('paretoFront', () => {
  it('keeps the candidates nothing beats on both emissions and cost, by ascending emissions', () => {
    expect(paretoFront(ALL)).toEqual(['clean-pricey', 'middle', 'dirty-cheap']);
  });

  it('agrees with the definition (nothing at least as good on both, better on one) on many points', () => {
    const points: Scorable[] = [];
    for (let i = 0; i < 60; i++) {
      // Deterministic spread: 4 price levels, emissions in 7 levels.
      points.push(
        candidate(`r${String(i).padStart(2, '0')}`, ((i * 37) % 7) + 1, [0.27, 0.261, 0.36, 0.45][i % 4]),
      );
    }
    const dominated = (p: Scorable) =>
      points.some(
        (q) =>
          q.emissionsG <= p.emissionsG &&
          (q.costUsd as number) <= (p.costUsd as number) &&
          (q.emissionsG < p.emissionsG || (q.costUsd as number) < (p.costUsd as number)),
      );
    const expected = points
      .filter((p) => !dominated(p))
      .sort((a, b) => a.emissionsG - b.emissionsG || (a.id < b.id ? -1 : 1))
      .map((p) => p.id);
    expect(paretoFront(points)).toEqual(expected);
  });

  it('keeps identical points and drops unpriced ones', () => {
    expect(
      paretoFront([
        candidate('b', 5, 1),
        candidate('a', 5, 1),
        candidate('c', 5, 2),
        candidate('n', 1, null),
      ]),
    ).toEqual(['a', 'b']);
  });
});

describe('savings against the nearest candidate', () => {
  it('compares the recommendation with the nearest eligible region', () => {
    const nearest = nearestCandidate(ALL) as Scorable;
    expect(nearest.id).toBe('dirty-cheap');
    expect(savingVersus(CLEAN_PRICEY, nearest)).toEqual({
      versusRegionId: 'dirty-cheap',
      basis: 'nearest',
      emissionsG: 8,
      percent: 80,
      dataCentre: { emissionsG: 8, percent: 80, baselineEmissionsG: 10 },
      wholeView: { emissionsG: 8, percent: 80, baselineEmissionsG: 10 },
    });
    expect(savingVersus(nearest, nearest).emissionsG).toBe(0);
  });

  it('gives the same grams as a share of the whole view, which the region does not change outside the data centre', () => {
    const nearest = nearestCandidate(ALL) as Scorable;
    // 10 g in the nearest data centre, 150 g on the network and the device.
    expect(savingVersus(CLEAN_PRICEY, nearest, 150).wholeView).toEqual({
      emissionsG: 8,
      percent: 5,
      baselineEmissionsG: 160,
    });
  });

  it('breaks a tie of equal emissions by the lower PUE before the round trip', () => {
    const base = { emissionsG: 5, costUsd: 1, distanceKm: 10, score: 0 };
    const ranked = rankCandidates(
      [
        { ...base, id: 'closer-pue-1.14', estimatedRttMs: 10, pue: 1.14 },
        { ...base, id: 'farther-pue-1.09', estimatedRttMs: 30, pue: 1.09 },
      ],
      { by: 'emissions' },
    );
    expect(ranked.map((item) => item.id)).toEqual(['farther-pue-1.09', 'closer-pue-1.14']);
  });
});

describe('offParetoFront', () => {
  // Three regions of one zone: same grams, the lowest PUE the dearest (the FR case).
  const base = { emissionsG: 6.696, estimatedRttMs: 5, distanceKm: 0, score: 0 };
  const SAME_ZONE: Scorable[] = [
    { ...base, id: 'gcp', costUsd: 0.36, pue: 1.09 },
    { ...base, id: 'aws', costUsd: 0.27, pue: 1.14 },
    { ...base, id: 'azure', costUsd: 0.261, pue: 1.18 },
  ];

  it('is null when the recommendation is on the front', () => {
    const [best] = rankCandidates(ALL, { by: 'emissions' });
    expect(offParetoFront(best, paretoFront(ALL), ALL)).toBeNull();
  });

  it('names the cheapest equally clean region when a tie went to the lower PUE', () => {
    const [best] = rankCandidates(SAME_ZONE, { by: 'emissions' });
    expect(best.id).toBe('gcp');
    const front = paretoFront(SAME_ZONE);
    expect(front).toEqual(['azure']);
    expect(offParetoFront(best, front, SAME_ZONE)).toEqual({ reason: 'tie', dominatedBy: 'azure' });
  });

  it('says unpriced when the recommendation has no egress price', () => {
    const items = [candidate('unpriced', 1, null), candidate('priced', 2, 0.3)];
    const [best] = rankCandidates(items, { by: 'emissions' });
    expect(offParetoFront(best, paretoFront(items), items)).toEqual({
      reason: 'unpriced',
      dominatedBy: null,
    });
  });

  it('never happens outside a tie: every ranking puts a front region first when scores differ', () => {
    for (const ranking of [
      { by: 'emissions' },
      { by: 'carbon-price', usdPerTonne: 100 },
      { by: 'cost-weight', costWeight: 0.5 },
      { by: 'cost-weight', costWeight: 1 },
    ] as const) {
      const [best] = rankCandidates(ALL, ranking);
      expect(offParetoFront(best, paretoFront(ALL), ALL)).toBeNull();
    }
  });
});
