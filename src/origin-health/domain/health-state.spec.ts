import {
  holdMs,
  initialHealth,
  nextHealth,
  type HealthRules,
  type HealthState,
  type ProbeOutcome,
} from './health-state.js';

const RULES: HealthRules = { downAfter: 3, upAfter: 2, intervalMs: 1000, maxHoldMs: 60_000 };
const OK: ProbeOutcome = { ok: true, rttMs: 12, detail: 'http 200' };
const FAIL: ProbeOutcome = { ok: false, rttMs: null, detail: 'timeout' };

function run(state: HealthState, outcomes: ProbeOutcome[], startMs: number): HealthState {
  let current = state;
  outcomes.forEach((outcome, index) => {
    current = nextHealth(current, outcome, startMs + index * RULES.intervalMs, RULES);
  });
  return current;
}

describe('origin health state', () => {
  it('starts up and goes down only at the K-th consecutive failure', () => {
    let state = initialHealth(0);
    expect(state.status).toBe('up');
    state = run(state, [FAIL, FAIL], 1000);
    expect(state.status).toBe('up');
    expect(state.consecutiveFailures).toBe(2);
    state = nextHealth(state, FAIL, 3000, RULES);
    expect(state).toMatchObject({
      status: 'down',
      transitions: 1,
      falls: 1,
      heldUntilMs: null,
      changedAtMs: 3000,
    });
  });

  it('a success in between resets the failure count', () => {
    const state = run(initialHealth(0), [FAIL, FAIL, OK, FAIL, FAIL], 1000);
    expect(state.status).toBe('up');
    expect(state.consecutiveFailures).toBe(2);
  });

  it('comes back after M consecutive successes, without hold after a first fall', () => {
    let state = run(initialHealth(0), [FAIL, FAIL, FAIL], 1000);
    state = nextHealth(state, OK, 4000, RULES);
    expect(state.status).toBe('down');
    state = nextHealth(state, OK, 5000, RULES);
    expect(state).toMatchObject({ status: 'up', transitions: 2, changedAtMs: 5000, lastRttMs: 12 });
  });

  it('holds a flapping origin down longer each time, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((falls) => holdMs(falls, RULES))).toEqual([
      0, 4000, 8000, 16000, 32000, 60000, 60000,
    ]);
    let state = run(initialHealth(0), [FAIL, FAIL, FAIL, OK, OK], 1000); // down at 3000, up at 5000
    state = run(state, [FAIL, FAIL, FAIL], 6000); // falls again at 8000: second fall in a row
    expect(state).toMatchObject({ status: 'down', falls: 2, heldUntilMs: 12_000 });
    state = run(state, [OK, OK, OK], 9000); // successes at 9000..11000: still held
    expect(state.status).toBe('down');
    state = nextHealth(state, OK, 12_000, RULES);
    expect(state).toMatchObject({ status: 'up', heldUntilMs: null });
  });

  it('forgives an origin that stayed up longer than the cap', () => {
    let state = run(initialHealth(0), [FAIL, FAIL, FAIL, OK, OK], 1000); // up again at 5000
    state = run(state, [FAIL, FAIL, FAIL], 70_000);
    expect(state).toMatchObject({ status: 'down', falls: 1, heldUntilMs: null });
  });
});
