import type { ProviderDto, RegionDto, RegionPageDto } from '../../src/regions/http/region.dto.js';
import { seedReferenceData } from '../../seeds/seed-runner.js';
import { createProviderBody } from '../factories/provider.factory.js';
import { createRegionBody } from '../factories/region.factory.js';
import { asAdmin, startTestApp, TestApp } from '../support/test-app.js';
import { withClient, withDataSource } from '../support/test-database.js';

const TABLES = ['providers', 'regions', 'countries', 'country_borders', 'region_links'];

/** Every row's physical version: a rewritten row gets a new xmin even when its values are equal. */
function rowVersions(url: string): Promise<Record<string, string[]>> {
  return withClient(url, async (client) => {
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
  });
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
    const counts = await withClient(app.databaseUrl, (client) =>
      client.query(
        `SELECT (SELECT count(*) FROM providers)::int AS providers, (SELECT count(*) FROM regions)::int AS regions,
                (SELECT count(*) FROM countries)::int AS countries, (SELECT count(*) FROM country_borders)::int AS borders,
                (SELECT count(*) FROM region_links)::int AS links`,
      ),
    );
    expect(counts.rows[0]).toEqual({ providers: 3, regions: 136, countries: 250, borders: 692, links: 2346 });
  });

  it('changes nothing when run a second time', async () => {
    const before = await rowVersions(app.databaseUrl);
    const report = await withDataSource(app.databaseUrl, (dataSource) => seedReferenceData(dataSource));
    for (const counts of Object.values(report)) expect(counts).toEqual({ inserted: 0, updated: 0 });
    expect(await rowVersions(app.databaseUrl)).toEqual(before);
  });

  it("keeps an admin's added, changed and deleted rows across a restart, which re-seeds", async () => {
    await app.http.post('/providers').set(asAdmin).send(createProviderBody()).expect(201);
    await app.http
      .post('/regions')
      .set(asAdmin)
      .send(
        createRegionBody({
          code: 'eu-west-gra',
          displayName: 'Gravelines',
          city: 'Gravelines',
          latitude: 50.99,
          longitude: 2.13,
        }),
      )
      .expect(201);
    await app.http.patch('/providers/aws').set(asAdmin).send({ pue: 1.2 }).expect(200);
    await app.http
      .patch('/regions/aws:eu-west-3')
      .set(asAdmin)
      .send({ displayName: 'Paris (edited)', pue: 1.05 })
      .expect(200);
    await app.http.delete('/regions/gcp:europe-west1').set(asAdmin).expect(204);

    await app.close({ dropDatabase: false });
    app = await startTestApp({ database: { url: app.databaseUrl, name: app.databaseName } });

    const gravelines: RegionDto = (await app.http.get('/regions/ovhcloud:eu-west-gra').expect(200)).body;
    expect(gravelines.displayName).toBe('Gravelines');
    expect((await app.http.get('/regions/aws:eu-west-3').expect(200)).body).toMatchObject({
      displayName: 'Paris (edited)',
      pue: 1.05,
    });
    await app.http.get('/regions/gcp:europe-west1').expect(404);
    const providers: ProviderDto[] = (await app.http.get('/providers').expect(200)).body;
    expect(providers.find((provider) => provider.id === 'aws')?.pue).toBe(1.2);
    const gcp: RegionPageDto = (await app.http.get('/regions?provider=gcp').expect(200)).body;
    expect(gcp.total).toBe(42);
  });
});
