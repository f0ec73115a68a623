import { InvalidInputError } from '../../platform/kernel/errors.js';
import { CountryRequiredError } from './eligibility.js';
import {
  countryRequiredProblem,
  eligibilityRules,
  rankingOf,
  type RecommendRequest,
} from './request-rules.js';

const PROVIDERS = new Set(['aws', 'gcp', 'azure']);

function request(fields: Partial<RecommendRequest> = {}): RecommendRequest {
  return { durationMinutes: 60, viewerCountry: 'FR', ...fields };
}

function problem(run: () => unknown): { field: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.errors;
    throw error;
  }
  throw new Error('no InvalidInputError thrown');
}

describe('eligibilityRules', () => {
  it('defaults to the neighbours rule, the streaming SLO, no provider filter, no opt-in and no price', () => {
    expect(eligibilityRules(request(), PROVIDERS)).toEqual({
      mode: 'neighbours',
      maxLatencyMs: 80,
      latencyBudget: true,
      fallbackToLatency: true,
      providers: undefined,
      includeOptIn: false,
      needsPrice: false,
    });
  });

  it.each([
    [{ carbonPriceUsdPerTonne: 100 }, true],
    [{ costWeight: 0.5 }, true],
    [{ costWeight: 0 }, false],
  ])('needs a price when cost enters the ranking (%j: %s)', (fields, needsPrice) => {
    expect(eligibilityRules(request(fields), PROVIDERS).needsPrice).toBe(needsPrice);
  });

  it('takes maxLatencyMs in every mode, and turns the budget off only when asked, never for latency', () => {
    expect(eligibilityRules(request({ eligibility: 'latency', maxLatencyMs: 120 }), PROVIDERS)).toMatchObject(
      { mode: 'latency', maxLatencyMs: 120, latencyBudget: true, fallbackToLatency: false },
    );
    expect(eligibilityRules(request({ eligibility: 'country', maxLatencyMs: 120 }), PROVIDERS)).toMatchObject(
      { mode: 'country', maxLatencyMs: 120, latencyBudget: true },
    );
    expect(eligibilityRules(request({ latencyBudget: 'off' }), PROVIDERS)).toMatchObject({
      mode: 'neighbours',
      latencyBudget: false,
    });
    expect(
      problem(() => eligibilityRules(request({ eligibility: 'latency', latencyBudget: 'off' }), PROVIDERS)),
    ).toEqual([{ field: 'latencyBudget', message: 'cannot be off with eligibility=latency' }]);
    expect(
      problem(() => eligibilityRules(request({ latencyBudget: 'off', maxLatencyMs: 90 }), PROVIDERS)),
    ).toEqual([{ field: 'maxLatencyMs', message: 'cannot be given with latencyBudget=off' }]);
  });

  it('filters on known providers and names the unknown ones', () => {
    expect(eligibilityRules(request({ providers: 'aws,gcp' }), PROVIDERS).providers).toEqual(
      new Set(['aws', 'gcp']),
    );
    expect(problem(() => eligibilityRules(request({ providers: 'aws,ovh,ibm' }), PROVIDERS))).toEqual([
      { field: 'providers', message: 'has unknown provider ids: ovh, ibm' },
    ]);
  });
});

describe('rankingOf', () => {
  it.each([
    [{}, { by: 'emissions' }],
    [{ carbonPriceUsdPerTonne: 80 }, { by: 'carbon-price', usdPerTonne: 80 }],
    [{ costWeight: 0.3 }, { by: 'cost-weight', costWeight: 0.3 }],
  ])('ranks %j by %j', (fields, ranking) => {
    expect(rankingOf(request(fields))).toEqual(ranking);
  });

  it('refuses a carbon price and a cost weight together', () => {
    expect(problem(() => rankingOf(request({ carbonPriceUsdPerTonne: 80, costWeight: 0.3 })))).toEqual([
      { field: 'costWeight', message: 'cannot be given together with carbonPriceUsdPerTonne' },
    ]);
  });
});

describe('countryRequiredProblem', () => {
  it('asks for the viewer country, or the latency rule', () => {
    expect(countryRequiredProblem(new CountryRequiredError('country')).errors).toEqual([
      {
        field: 'viewerCountry',
        message:
          'is required for eligibility=country (give viewerCountry or viewerZone, or use eligibility=latency)',
      },
    ]);
  });
});
