import pg from 'pg';
import { createDataSource } from '../../src/data-source.js';
import { seedReferenceData } from '../../seeds/seed-runner.js';
import { ADMIN_KEY, startTestApp, TestApp } from '../support/test-app.js';

const admin = { Authorization: `Bearer ${ADMIN_KEY}` };
const TABLES = ['providers', 'regions', 'countries', 'country_borders', 'region_links'];

/** Every row's physical version: a rewritten row gets a new xmin even when its values are equal. */
async function rowVersions(url: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const versions: Record<string, string[]> = {};
    for (const table of TABLES) {
      const result = await client.query(
        `SELECT xmin::text AS version, ${table}::text AS row FROM ${table} ORDER BY 2`,
      );
      versions[table] = result.rows.map(
        (row: { version: string; row: string }) => `${row.version} ${row.row}`,
      );
    }
    return versions;
  } finally {
    await client.end();
  }
}

describe('seeding (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('seeded every reference row at start', async () => {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    const counts = await client.query(
      `SELECT (SELECT count(*) FROM providers)::int AS providers, (SELECT count(*) FROM regions)::int AS regions,
              (SELECT count(*) FROM countries)::int AS countries, (SELECT count(*) FROM country_borders)::int AS borders,
              (SELECT count(*) FROM region_links)::int AS links`,
    );
    await client.end();
    expect(counts.rows[0]).toEqual({ providers: 3, regions: 136, countries: 250, borders: 692, links: 2346 });
  });

  it('changes nothing when run a second time', async () => {
    const before = await rowVersions(app.databaseUrl);
    const dataSource = createDataSource(app.databaseUrl, 1);
    await dataSource.initialize();
    try {
      const report = await seedReferenceData(dataSource);
      for (const counts of Object.values(report)) expect(counts).toEqual({ inserted: 0, updated: 0 });
    } finally {
      await dataSource.destroy();
    }
    expect(await rowVersions(app.databaseUrl)).toEqual(before);
  });

  it("keeps an admin's added, changed and deleted rows across a restart, which re-seeds", async () => {
    await app.http
      .post('/providers')
      .set(admin)
      .send({ id: 'ovhcloud', name: 'OVHcloud', pue: 1.26, pueSource: 'OVHcloud 2025' })
      .expect(201);
    await app.http
      .post('/regions')
      .set(admin)
      .send({
        provider: 'ovhcloud',
        code: 'eu-west-gra',
        displayName: 'Gravelines',
        city: 'Gravelines',
        countryCode: 'FR',
        latitude: 50.99,
        longitude: 2.13,
        zone: 'FR',
      })
      .expect(201);
    await app.http.patch('/providers/aws').set(admin).send({ pue: 1.2 }).expect(200);
    await app.http
      .patch('/regions/aws:eu-west-3')
      .set(admin)
      .send({ displayName: 'Paris (edited)', pue: 1.05 })
      .expect(200);
    await app.http.delete('/regions/gcp:europe-west1').set(admin).expect(204);

    await app.close({ dropDatabase: false });
    app = await startTestApp({ database: { url: app.databaseUrl, name: app.databaseName } });

    expect((await app.http.get('/regions/ovhcloud:eu-west-gra').expect(200)).body.displayName).toBe(
      'Gravelines',
    );
    expect((await app.http.get('/regions/aws:eu-west-3').expect(200)).body).toMatchObject({
      displayName: 'Paris (edited)',
      pue: 1.05,
    });
    await app.http.get('/regions/gcp:europe-west1').expect(404);
    const providers = (await app.http.get('/providers').expect(200)).body as { id: string; pue: number }[];
    expect(providers.find((provider) => provider.id === 'aws')?.pue).toBe(1.2);
    expect((await app.http.get('/regions?provider=gcp').expect(200)).body.total).toBe(42);
  });
});
