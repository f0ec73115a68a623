import type { MeasuredRtt } from '../../latency/domain/ewma.js';
import { regionView } from '../../../test/factories/region.factory.js';
import { EligibilityRules, selectEligible } from './eligibility.js';

const REGIONS = [
  regionView('aws:eu-west-3', 'FR'),
  regionView('aws:eu-central-1', 'DE'),
  regionView('aws:us-east-1', 'US'),
];
const DISTANCES = [300, 800, 6200];
const MODEL_RTTS = [20, 30, 103.4];
const LATENCY: EligibilityRules = {
  mode: 'latency',
  maxLatencyMs: 80,
  latencyBudget: true,
  fallbackToLatency: false,
  includeOptIn: false,
  needsPrice: false,
};

function measured(rttMs: number, source: MeasuredRtt['source'] = 'measured'): MeasuredRtt {
  return { rttMs, source, recentSamples: 39.84, totalSamples: 40, ageMs: 500 };
}

describe('selectEligible with measured round trips (docs/LATENCY.md#when-measurements-count)', () => {
  it('takes a region measured at 150 ms out of the 80 ms budget although the model says 20 ms, saying so', () => {
    const result = selectEligible(
      REGIONS,
      DISTANCES,
      MODEL_RTTS,
      LATENCY,
      new Map([['aws:eu-west-3', measured(150)]]),
    );
    expect(result.eligible.map((entry) => entry.region.id)).toEqual(['aws:eu-central-1']);
    expect(result.excluded).toEqual([
      {
        regionId: 'aws:eu-west-3',
        reason: 'measured RTT 150 ms (39.8 recent samples) exceeds maxLatencyMs=80',
      },
      { regionId: 'aws:us-east-1', reason: 'estimated RTT 103.4 ms exceeds maxLatencyMs=80' },
    ]);
  });

  it('brings a region the model puts over budget in when probes measure it within, and says where each figure comes from', () => {
    const result = selectEligible(
      REGIONS,
      DISTANCES,
      MODEL_RTTS,
      LATENCY,
      new Map([['aws:us-east-1', measured(70, 'probe')]]),
    );
    expect(
      result.eligible.map((entry) => [
        entry.region.id,
        entry.estimatedRttMs,
        entry.rttSource,
        entry.rttSamples,
      ]),
    ).toEqual([
      ['aws:eu-west-3', 20, 'model', 0],
      ['aws:eu-central-1', 30, 'model', 0],
      ['aws:us-east-1', 70, 'probe', 39.8],
    ]);
  });

  it('is the model alone without measurements (and leaves the model figures untouched)', () => {
    const rtts = [...MODEL_RTTS];
    const result = selectEligible(REGIONS, DISTANCES, rtts, LATENCY, new Map());
    expect(result.eligible.map((entry) => entry.rttSource)).toEqual(['model', 'model']);
    selectEligible(REGIONS, DISTANCES, rtts, LATENCY, new Map([['aws:eu-west-3', measured(150)]]));
    expect(rtts).toEqual(MODEL_RTTS);
  });
});
