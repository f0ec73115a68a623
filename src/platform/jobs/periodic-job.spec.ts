import { waitUntil } from '../../../test/support/wait.js';
import { PeriodicJob } from './periodic-job.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PeriodicJob', () => {
  it('runs after the first delay, then every interval after each run ends, never two at once', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const job = new PeriodicJob(async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await tick(15);
      runs += 1;
      active -= 1;
    }, 5);
    job.start(0);
    await waitUntil(() => runs >= 3);
    await job.stop();
    expect(maxActive).toBe(1);
  });

  it('lets a run asked for meanwhile join the run under way', async () => {
    let runs = 0;
    const job = new PeriodicJob(async () => {
      runs += 1;
      await tick(20);
    }, 60_000);
    await Promise.all([job.runNow(), job.runNow(), job.runNow()]);
    expect(runs).toBe(1);
  });

  it('tells when the run under way has ended', async () => {
    let finished = false;
    const job = new PeriodicJob(async () => {
      await tick(20);
      finished = true;
    }, 60_000);
    await job.idle();
    void job.runNow();
    await job.idle();
    expect(finished).toBe(true);
  });

  it('waits for the run under way when stopped, and schedules nothing after', async () => {
    let finished = 0;
    const job = new PeriodicJob(async () => {
      await tick(30);
      finished += 1;
    }, 1);
    job.start(0);
    await tick(5);
    await job.stop();
    expect(finished).toBe(1);
    await tick(20);
    expect(finished).toBe(1);
  });

  it('keeps its schedule when a run throws', async () => {
    let runs = 0;
    const job = new PeriodicJob(async () => {
      runs += 1;
      throw new Error('database away');
    }, 5);
    job.start(0);
    await waitUntil(() => runs >= 2);
    await job.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
  });
});
