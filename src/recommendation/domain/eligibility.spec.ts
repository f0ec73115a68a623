import { regionView } from '../../../test/factories/region.factory.js';
import { CountryRequiredError, EligibilityRules, selectEligible } from './eligibility.js';

const REGIONS = [
  regionView('aws:eu-west-3', 'FR'),
  regionView('gcp:europe-west4', 'NL'),
  regionView('gcp:europe-west1', 'BE'),
  regionView('aws:us-east-1', 'US'),
  regionView('azure:francesouth', 'FR', { access: 'restricted' }),
  regionView('aws:eu-south-2', 'ES', { access: 'opt-in' }),
  regionView('azure:francecentral', 'FR', { enabled: false }),
  regionView('azure:spaincentral', 'ES', { egressUsdPerGb: null }),
];
const DISTANCES = [300, 650, 400, 6200, 500, 1000, 300, 1000];
const RTTS = [25.1, 31.8, 28.2, 103.4, 28, 35, 25.1, 80];

const FRANCE = { code: 'FR', neighbours: ['AD', 'BE', 'CH', 'DE', 'ES', 'GB', 'IT', 'LU', 'MC'] };

function rules(overrides: Partial<EligibilityRules>): EligibilityRules {
  return {
    mode: 'neighbours',
    country: FRANCE,
    maxLatencyMs: 80,
    latencyBudget: true,
    fallbackToLatency: false,
    includeOptIn: false,
    needsPrice: false,
    ...overrides,
  };
}

function ids(result: ReturnType<typeof selectEligible>): string[] {
  return result.eligible.map((entry) => entry.region.id);
}

function reasons(result: ReturnType<typeof selectEligible>): Record<string, string> {
  return Object.fromEntries(result.excluded.map((entry) => [entry.regionId, entry.reason]));
}

describe('selectEligible', () => {
  it('keeps the round-trip budget in the country modes, naming it as the reason', () => {
    const result = selectEligible(REGIONS, DISTANCES, [25.1, 31.8, 93.2, 103.4, 28, 35, 25.1, 80], rules({}));
    expect(ids(result)).toEqual(['aws:eu-west-3', 'azure:spaincentral']);
    expect(reasons(result)['gcp:europe-west1']).toBe('estimated RTT 93.2 ms exceeds maxLatencyMs=80');
    expect(result.mode).toBe('neighbours');
  });

  it('lets the caller turn the budget off in the country modes', () => {
    const result = selectEligible(
      REGIONS,
      DISTANCES,
      [25.1, 31.8, 93.2, 103.4, 28, 35, 25.1, 80],
      rules({ latencyBudget: false }),
    );
    expect(ids(result)).toEqual(['aws:eu-west-3', 'gcp:europe-west1', 'azure:spaincentral']);
  });

  it('the default rule falls back to latency when no neighbour is within the budget, and says so', () => {
    const island = { code: 'PH', neighbours: [] };
    const result = selectEligible(
      REGIONS,
      DISTANCES,
      RTTS,
      rules({ country: island, fallbackToLatency: true }),
    );
    expect(result.mode).toBe('latency');
    expect(ids(result)).toEqual([
      'aws:eu-west-3',
      'gcp:europe-west4',
      'gcp:europe-west1',
      'azure:spaincentral',
    ]);
    expect(reasons(result)['aws:us-east-1']).toBe('estimated RTT 103.4 ms exceeds maxLatencyMs=80');
    // With a neighbour within the budget, the neighbour rule stands.
    expect(selectEligible(REGIONS, DISTANCES, RTTS, rules({ fallbackToLatency: true })).mode).toBe(
      'neighbours',
    );
  });

  it('neighbours: the country and its land and sea neighbours, never a non-neighbour', () => {
    const result = selectEligible(REGIONS, DISTANCES, RTTS, rules({}));
    expect(ids(result)).toEqual(['aws:eu-west-3', 'gcp:europe-west1', 'azure:spaincentral']);
    expect(reasons(result)).toEqual({
      'gcp:europe-west4': 'not in FR or a neighbouring country',
      'aws:us-east-1': 'not in FR or a neighbouring country',
      'azure:francesouth': 'restricted access (by provider approval only)',
      'aws:eu-south-2': 'opt-in region: add includeOptIn=true to consider it',
      'azure:francecentral': 'disabled',
    });
    expect(result.eligible[1]).toMatchObject({ index: 2, distanceKm: 400, estimatedRttMs: 28.2 });
  });

  it('country: the viewer country only', () => {
    const result = selectEligible(REGIONS, DISTANCES, RTTS, rules({ mode: 'country' }));
    expect(ids(result)).toEqual(['aws:eu-west-3']);
    expect(reasons(result)['gcp:europe-west1']).toBe('not in FR');
  });

  it('latency: every region within the budget (inclusive), whatever its country', () => {
    const result = selectEligible(
      REGIONS,
      DISTANCES,
      RTTS,
      rules({ mode: 'latency', country: undefined, includeOptIn: true }),
    );
    expect(ids(result)).toEqual([
      'aws:eu-west-3',
      'gcp:europe-west4',
      'gcp:europe-west1',
      'aws:eu-south-2',
      'azure:spaincentral',
    ]);
    expect(reasons(result)['aws:us-east-1']).toBe('estimated RTT 103.4 ms exceeds maxLatencyMs=80');
  });

  it('opt-in regions only with includeOptIn; restricted and disabled never', () => {
    const result = selectEligible(REGIONS, DISTANCES, RTTS, rules({ includeOptIn: true }));
    expect(ids(result)).toContain('aws:eu-south-2');
    expect(ids(result)).not.toContain('azure:francesouth');
    expect(ids(result)).not.toContain('azure:francecentral');
  });

  it('filters providers', () => {
    const result = selectEligible(REGIONS, DISTANCES, RTTS, rules({ providers: new Set(['gcp', 'azure']) }));
    expect(ids(result)).toEqual(['gcp:europe-west1', 'azure:spaincentral']);
    expect(reasons(result)['aws:eu-west-3']).toBe('provider aws not in providers=azure,gcp');
  });

  it('leaves out regions without a price when cost is ranked', () => {
    const result = selectEligible(REGIONS, DISTANCES, RTTS, rules({ needsPrice: true }));
    expect(ids(result)).toEqual(['aws:eu-west-3', 'gcp:europe-west1']);
    expect(reasons(result)['azure:spaincentral']).toBe('no egress price known: cannot be ranked on cost');
  });

  it('says when the viewer country has no neighbour at all', () => {
    const result = selectEligible(
      REGIONS,
      DISTANCES,
      RTTS,
      rules({ country: { code: 'AQ', neighbours: [] } }),
    );
    expect(result.eligible).toEqual([]);
    expect(reasons(result)['aws:eu-west-3']).toBe('not in AQ (AQ has no land or sea neighbour)');
  });

  it('needs a country for neighbours and country modes', () => {
    expect(() => selectEligible(REGIONS, DISTANCES, RTTS, rules({ country: undefined }))).toThrow(
      CountryRequiredError,
    );
    expect(() =>
      selectEligible(REGIONS, DISTANCES, RTTS, rules({ mode: 'country', country: undefined })),
    ).toThrow(CountryRequiredError);
  });
});
