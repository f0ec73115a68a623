import { FakeElectricityMaps } from '../fakes/fake-electricity-maps.js';
import { liveEnv } from '../support/live-env.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

/**
 * Right after boot, before the first refresh cycle has ended, the Electricity Maps link is
 * `starting` (200), not `down` (503): health does not flap at boot
 * (docs/OPERATIONS.md#crashes-and-recovery).
 */
describe('Electricity Maps link health at boot (e2e)', () => {
  let fake: FakeElectricityMaps;
  let app: TestApp | undefined;

  beforeAll(async () => {
    // Every call takes 3 s against a 1 s timeout: the first cycle cannot end within a second.
    fake = await FakeElectricityMaps.start({ slowMs: 3000 });
    await fake.setFault('slow');
  });

  afterAll(async () => {
    await app?.close();
    await fake.stop();
  });

  it('is starting until the first refresh cycle has ended, then down while the upstream fails, then active', async () => {
    app = await startTestApp({ env: liveEnv(fake, { ELECTRICITY_MAPS_TIMEOUT_MS: '1000' }) });
    const first = await app.http.get('/health/electricity-maps').expect(200);
    expect(first.body).toMatchObject({ status: 'starting', details: { link: 'starting' } });
    const health = await app.http.get('/health').expect(200);
    expect(health.body.details.electricityMaps).toMatchObject({ status: 'up', link: 'starting' });

    const down = await waitUntil(
      async () => {
        const response = await app!.http.get('/health/electricity-maps');
        return response.status === 503 ? response : undefined;
      },
      30000,
      'the link to be reported down once the first cycle has ended',
    );
    expect(down.body.details.link).toBe('down');

    await fake.setFault(null);
    await waitUntil(
      async () => (await app!.http.get('/health/electricity-maps')).body.details?.link === 'active',
      30000,
      'an active link',
    );
  });
});
