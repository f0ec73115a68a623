import type { EligibilityRules } from './eligibility.js';
import { noEligibleRegion } from './no-eligible-region.js';

const VIEWER = { countryCode: 'AQ', zone: null, latitude: -75, longitude: 0, locatedBy: 'country-centroid' };

function rules(fields: Partial<EligibilityRules> = {}): EligibilityRules {
  return {
    mode: 'neighbours',
    maxLatencyMs: 80,
    latencyBudget: true,
    fallbackToLatency: false,
    includeOptIn: false,
    needsPrice: false,
    ...fields,
  };
}

describe('noEligibleRegion', () => {
  it('counts the exclusions by reason, most frequent first, and sends the viewer back', () => {
    const error = noEligibleRegion(VIEWER, rules(), [
      { regionId: 'a:1', reason: 'not in AQ (AQ has no land or sea neighbour)' },
      { regionId: 'a:2', reason: 'disabled' },
      { regionId: 'a:3', reason: 'not in AQ (AQ has no land or sea neighbour)' },
    ]);
    expect(error.message).toBe(
      'No eligible region for a viewer in AQ with eligibility=neighbours: 2 not in AQ (AQ has no land or sea neighbour); 1 disabled. ' +
        'eligibility=latency (with a larger maxLatencyMs if needed), includeOptIn=true or fewer provider filters may help',
    );
    expect(error.details).toEqual({
      eligibility: 'neighbours',
      viewer: VIEWER,
      reasons: [
        { reason: 'not in AQ (AQ has no land or sea neighbour)', regions: 2 },
        { reason: 'disabled', regions: 1 },
      ],
    });
  });

  it('counts the round-trip exclusions under one heading and suggests a larger budget', () => {
    const error = noEligibleRegion(
      { ...VIEWER, countryCode: null },
      rules({ mode: 'latency', maxLatencyMs: 30 }),
      [
        { regionId: 'a:1', reason: 'estimated RTT 95.2 ms exceeds maxLatencyMs=30' },
        { regionId: 'a:2', reason: 'estimated RTT 140 ms exceeds maxLatencyMs=30' },
      ],
    );
    expect(error.message).toBe(
      'No eligible region for this viewer with eligibility=latency: 2 estimated RTT above maxLatencyMs=30. ' +
        'a larger maxLatencyMs, includeOptIn=true or fewer provider filters may help',
    );
  });
});
