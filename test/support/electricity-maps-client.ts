import { ElectricityMapsClient } from '../../src/intensity/adapters/electricity-maps/electricity-maps.client.js';
import { ElectricityMapsError } from '../../src/intensity/adapters/electricity-maps/electricity-maps.errors.js';
import type { ElectricityMapsClientOptions } from '../../src/intensity/adapters/electricity-maps/electricity-maps.types.js';
import { FakeElectricityMaps } from '../fakes/fake-electricity-maps.js';

// The fake's clock: 14:20 UTC, so the current hour is 14:00 and data are fully deterministic.
export const FAKE_NOW = new Date('2026-03-10T14:20:00.000Z');
export const CURRENT_HOUR = new Date('2026-03-10T14:00:00.000Z');
export const HOUR_MS = 3_600_000;
export const TOKEN = 'fake-token';

export interface FakeElectricityMapsHarness {
  /** The fake, started before the suite's tests; faults, scripts, entitlements and calls reset after each. */
  readonly fake: FakeElectricityMaps;
  /** The clients' clock (ms since epoch): 14:30 UTC at the start of each test; tests move it forward. */
  nowMs: number;
  /** A client of the fake's v3 API, closed after the test. */
  makeClient(overrides?: Partial<ElectricityMapsClientOptions>): ElectricityMapsClient;
}

/** Registers the suite's hooks (call it at the top level of a spec) and returns the harness they manage. */
export function useFakeElectricityMaps(): FakeElectricityMapsHarness {
  let fake: FakeElectricityMaps | undefined;
  const openClients: ElectricityMapsClient[] = [];
  const harness: FakeElectricityMapsHarness = {
    get fake(): FakeElectricityMaps {
      if (!fake) throw new Error('the fake Electricity Maps starts in beforeAll');
      return fake;
    },
    nowMs: 0,
    makeClient(overrides = {}) {
      const client = new ElectricityMapsClient({
        baseUrl: harness.fake.baseUrl('v3'),
        token: TOKEN,
        timeoutMs: 2000,
        retryBaseDelayMs: 1,
        // Zero jitter: retries happen at once, so tests are fast and deterministic.
        random: () => 0,
        now: () => harness.nowMs,
        ...overrides,
      });
      openClients.push(client);
      return client;
    },
  };

  beforeAll(async () => {
    fake = await FakeElectricityMaps.start({ now: () => FAKE_NOW, slowMs: 1000 });
  });

  beforeEach(() => {
    harness.nowMs = Date.parse('2026-03-10T14:30:00.000Z');
  });

  afterEach(async () => {
    for (const client of openClients.splice(0)) client.close();
    await harness.fake.setFault(null);
    harness.fake.clearIntensities();
    harness.fake.entitle('*');
    harness.fake.resetCalls();
  });

  afterAll(async () => {
    await fake?.stop();
  });

  return harness;
}

/** The rejection of a call, as an ElectricityMapsError (fails the test if it resolves). */
export async function failureOf(promise: Promise<unknown>): Promise<ElectricityMapsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ElectricityMapsError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
