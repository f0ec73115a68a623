import type { CountryDto } from '../../src/geo/http/country.dto.js';
import type { ProviderDto, RegionPageDto } from '../../src/regions/http/region.dto.js';
import { createProviderBody } from '../factories/provider.factory.js';
import { createRegionBody } from '../factories/region.factory.js';
import { expectProblemNaming, problemFields } from '../support/assertions.js';
import { ANALYST_KEY, asAdmin, startTestApp, TestApp } from '../support/test-app.js';

const ovhRegion = createRegionBody();

describe('catalogue (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  describe('GET /providers', () => {
    it('lists aws, azure and gcp with their PUE, source and region count', async () => {
      const response = await app.http.get('/providers').expect(200);
      const providers: ProviderDto[] = response.body;
      expect(providers.map((provider) => provider.id)).toEqual(['aws', 'azure', 'gcp']);
      expect(response.body[0]).toMatchObject({ id: 'aws', pue: 1.14, regionCount: 36 });
      expect(response.body[0].pueSource).toEqual(expect.stringContaining('202'));
    });
  });

  describe('GET /regions', () => {
    it.each([
      ['aws', 36],
      ['gcp', 43],
      ['azure', 57],
    ])('counts %s regions: %i', async (provider, total) => {
      const page: RegionPageDto = (await app.http.get(`/regions?provider=${provider}`).expect(200)).body;
      expect(page.total).toBe(total);
      expect(page.items.every((region) => region.provider === provider)).toBe(true);
    });

    it('serves every column of the reference file for a region', async () => {
      const response = await app.http.get('/regions/aws:eu-west-3').expect(200);
      expect(response.body).toMatchObject({
        id: 'aws:eu-west-3',
        provider: 'aws',
        code: 'eu-west-3',
        displayName: 'Europe (Paris)',
        city: 'Paris',
        countryCode: 'FR',
        zone: 'FR',
        referenceIntensityGPerKwh: 31,
        pue: 1.14,
        access: 'general',
        egressUsdPerGb: 0.09,
        enabled: true,
      });
      expect(response.body.latitude).toBeCloseTo(48.86, 1);
      expect(response.body.referenceIntensitySource).toContain('Electricity Maps');
    });

    it("gives an Azure region the provider's default egress price and names it as such", async () => {
      const response = await app.http.get('/regions/azure:francecentral').expect(200);
      expect(response.body.egressUsdPerGb).toBe(0.087);
      expect(response.body.egressPriceSource).toMatch(/^provider default/);
    });

    it('filters by country, zone and access, and pages with limit and offset', async () => {
      const fr: RegionPageDto = (await app.http.get('/regions?country=fr').expect(200)).body;
      expect(fr.items.map((region) => region.id)).toEqual(
        expect.arrayContaining(['aws:eu-west-3', 'azure:francecentral', 'gcp:europe-west9']),
      );
      expect(fr.items.every((region) => region.countryCode === 'FR')).toBe(true);

      const restricted = await app.http.get('/regions?access=restricted').expect(200);
      expect(restricted.body.total).toBe(8);

      const pjm = await app.http.get('/regions?zone=US-MIDA-PJM').expect(200);
      expect(pjm.body.total).toBe(7);

      const first = await app.http.get('/regions?limit=2&offset=0').expect(200);
      const second = await app.http.get('/regions?limit=2&offset=2').expect(200);
      expect(first.body).toMatchObject({ total: 136, limit: 2, offset: 0 });
      expect(first.body.items).toHaveLength(2);
      expect(second.body.items[0].id > first.body.items[1].id).toBe(true);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=abc', 'limit'],
      ['offset=-1', 'offset'],
      ['access=public', 'access'],
      ['enabled=maybe', 'enabled'],
      ['country=France', 'country'],
      ['provider=AWS!', 'provider'],
      ['colour=green', 'colour'],
    ])('answers 400 problem+json naming the field for %s', async (query, field) => {
      const response = await app.http.get(`/regions?${query}`).expect(400);
      expect(response.body).toMatchObject({ status: 400, title: 'Bad Request', instance: '/regions' });
      expectProblemNaming(response, field);
    });

    it('answers 404 problem+json for an unknown region and 400 for a malformed id', async () => {
      const unknown = await app.http.get('/regions/aws:eu-west-99').expect(404);
      expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(unknown.body).toMatchObject({ status: 404, detail: "Unknown region 'aws:eu-west-99'" });
      const malformed = await app.http.get('/regions/not-an-id').expect(400);
      expect(malformed.body.errors[0].field).toBe('id');
    });
  });

  describe('GET /countries/:code', () => {
    it('gives the zone and the land and sea neighbours', async () => {
      const france: CountryDto = (await app.http.get('/countries/FR').expect(200)).body;
      expect(france).toMatchObject({ code: 'FR', alpha3: 'FRA', name: 'France', zone: 'FR' });
      expect(france.landNeighbours).toEqual(['AD', 'BE', 'CH', 'DE', 'ES', 'IT', 'LU', 'MC']);
      expect(france.seaNeighbours).toContain('GB');
      expect(france.neighbours).toEqual(expect.arrayContaining(['BE', 'GB']));
    });

    it('stores borders symmetrically, sea neighbours included', async () => {
      for (const [a, b] of [
        ['JP', 'KR'],
        ['SG', 'MY'],
        ['AU', 'NZ'],
        ['DK', 'SE'],
      ]) {
        const left = await app.http.get(`/countries/${a}`).expect(200);
        const right = await app.http.get(`/countries/${b}`).expect(200);
        expect(left.body.neighbours).toContain(b);
        expect(right.body.neighbours).toContain(a);
      }
    });

    it('accepts alpha-3 codes in any case, answers 404 for unknown ones and 400 for malformed ones', async () => {
      expect((await app.http.get('/countries/jpn').expect(200)).body.code).toBe('JP');
      const unknown = await app.http.get('/countries/QQ').expect(404);
      expect(unknown.body.detail).toContain('QQ');
      const malformed = await app.http.get('/countries/F1').expect(400);
      expect(malformed.body.errors[0].field).toBe('code');
    });
  });

  describe('admin writes', () => {
    it('answers 401 without a key, 401 with an unknown key and 403 with a key of another role', async () => {
      const none = await app.http.post('/regions').send(ovhRegion).expect(401);
      expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      await app.http
        .post('/regions')
        .set('Authorization', 'Bearer not-a-real-key-at-all')
        .send(ovhRegion)
        .expect(401);
      const analyst = await app.http
        .delete('/regions/aws:eu-west-3')
        .set('Authorization', `Bearer ${ANALYST_KEY}`)
        .expect(403);
      expect(analyst.body).toMatchObject({ status: 403, title: 'Forbidden' });
      await app.http.get('/regions/aws:eu-west-3').expect(200);
    });

    it('adds a provider and a region of it, visible at once in the reads', async () => {
      await app.http.post('/providers').set(asAdmin).send(createProviderBody()).expect(201);
      const created = await app.http.post('/regions').set(asAdmin).send(ovhRegion).expect(201);
      expect(created.body).toMatchObject({
        id: 'ovhcloud:eu-west-par',
        pue: 1.26,
        pueSource: 'provider',
        referenceIntensityGPerKwh: 31,
        access: 'general',
        enabled: true,
      });
      expect(created.body.referenceIntensitySource).toContain('Electricity Maps');
      const listed = await app.http.get('/regions?provider=ovhcloud').expect(200);
      expect(listed.body.total).toBe(1);
      const providers: ProviderDto[] = (await app.http.get('/providers').expect(200)).body;
      expect(providers.find((provider) => provider.id === 'ovhcloud')).toMatchObject({ regionCount: 1 });
    });

    it('answers every one of many concurrent creates with the created provider (each sees its own write)', async () => {
      const ids = Array.from({ length: 24 }, (_, index) => `burst-${index}`);
      const responses = await Promise.all(
        ids.map((id) =>
          app.http
            .post('/providers')
            .set(asAdmin)
            .send(createProviderBody({ id, name: id })),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(ids.map(() => 201));
      expect(responses.map((response) => response.body.id)).toEqual(ids);
    });

    it('answers 409 for a duplicate provider or region', async () => {
      await app.http
        .post('/providers')
        .set(asAdmin)
        .send(createProviderBody({ id: 'aws', name: 'Again' }))
        .expect(409);
      const duplicate = await app.http
        .post('/regions')
        .set(asAdmin)
        .send({ ...ovhRegion, provider: 'aws', code: 'eu-west-3' })
        .expect(409);
      expect(duplicate.body).toMatchObject({ status: 409, detail: "Region 'aws:eu-west-3' already exists" });
    });

    it('rejects a region naming each bad field', async () => {
      const response = await app.http
        .post('/regions')
        .set(asAdmin)
        .send({ ...ovhRegion, latitude: 91, zone: 'fr', access: 'public', extra: 1 })
        .expect(400);
      expect(problemFields(response)).toEqual(
        expect.arrayContaining(['latitude', 'zone', 'access', 'extra']),
      );
    });

    it('answers 400 for a control character in a name, and stores nothing', async () => {
      const response = await app.http
        .post('/regions')
        .set(asAdmin)
        .send({ ...ovhRegion, code: 'nul', displayName: 'Paris\u0000', city: 'Par\nis' })
        .expect(400);
      expect(problemFields(response).sort()).toEqual(['city', 'displayName']);
      await app.http.get(`/regions/${ovhRegion.provider}:nul`).expect(404);
      const patched = await app.http
        .patch('/regions/gcp:europe-west9')
        .set(asAdmin)
        .send({ egressPriceSource: 'list\u0000price' })
        .expect(400);
      expect(patched.body.errors[0].field).toBe('egressPriceSource');
    });

    it.each([
      [{ provider: 'nobody' }, 'provider'],
      [{ countryCode: 'QQ' }, 'countryCode'],
      [{ zone: 'XX-NOWHERE' }, 'referenceIntensityGPerKwh'],
    ])('answers 400 for %p, naming %s', async (change, field) => {
      const response = await app.http
        .post('/regions')
        .set(asAdmin)
        .send({ ...ovhRegion, code: 'other', ...change })
        .expect(400);
      expect(response.body.errors[0].field).toBe(field);
    });

    it('changes a region partially and keeps the rest', async () => {
      const response = await app.http
        .patch('/regions/gcp:europe-west9')
        .set(asAdmin)
        .send({ enabled: false, egressUsdPerGb: 0.05 })
        .expect(200);
      expect(response.body).toMatchObject({
        id: 'gcp:europe-west9',
        enabled: false,
        egressUsdPerGb: 0.05,
        egressPriceSource: 'set by an administrator',
        zone: 'FR',
      });
      const disabled: RegionPageDto = (await app.http.get('/regions?enabled=false').expect(200)).body;
      expect(disabled.items.map((region) => region.id)).toContain('gcp:europe-west9');
    });

    it("takes the new zone's yearly average when the zone changes", async () => {
      const response = await app.http
        .patch('/regions/azure:westus2')
        .set(asAdmin)
        .send({ zone: 'US-NW-GCPD' })
        .expect(200);
      expect(response.body.zone).toBe('US-NW-GCPD');
      expect(response.body.referenceIntensityGPerKwh).not.toBe(129);
    });

    it('rejects an empty change, an unknown field or an identity change, and 404s an unknown region', async () => {
      expect(
        (await app.http.patch('/regions/aws:eu-west-1').set(asAdmin).send({}).expect(400)).body.errors[0]
          .field,
      ).toBe('body');
      const identity = await app.http
        .patch('/regions/aws:eu-west-1')
        .set(asAdmin)
        .send({ code: 'x' })
        .expect(400);
      expect(identity.body.errors[0].field).toBe('code');
      await app.http.patch('/regions/aws:nowhere-1').set(asAdmin).send({ enabled: false }).expect(404);
      await app.http.patch('/providers/nobody').set(asAdmin).send({ pue: 1.3 }).expect(404);
    });

    it('answers 400 naming the field when a PATCH sets a required field to null, and clears an override with null', async () => {
      for (const field of ['displayName', 'latitude', 'access', 'enabled', 'zone']) {
        const response = await app.http
          .patch('/regions/gcp:europe-west1')
          .set(asAdmin)
          .send({ [field]: null })
          .expect(400);
        expect(problemFields(response)).toContain(field);
      }
      for (const field of ['pue', 'name']) {
        const response = await app.http
          .patch('/providers/aws')
          .set(asAdmin)
          .send({ [field]: null })
          .expect(400);
        expect(response.body.errors[0].field).toBe(field);
      }
      await app.http.patch('/regions/gcp:europe-west1').set(asAdmin).send({ pue: 1.3 }).expect(200);
      const cleared = await app.http
        .patch('/regions/gcp:europe-west1')
        .set(asAdmin)
        .send({ pue: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ pue: 1.09, pueSource: 'provider' });
    });

    it('deletes a region: 204, then 404 on read and on a second delete', async () => {
      await app.http.delete('/regions/aws:eu-south-2').set(asAdmin).expect(204);
      await app.http.get('/regions/aws:eu-south-2').expect(404);
      await app.http.delete('/regions/aws:eu-south-2').set(asAdmin).expect(404);
      expect((await app.http.get('/regions?provider=aws').expect(200)).body.total).toBe(35);
    });

    it('brings a deleted region back with POST', async () => {
      await app.http.delete('/regions/aws:me-south-1').set(asAdmin).expect(204);
      const revived = await app.http
        .post('/regions')
        .set(asAdmin)
        .send({
          ...ovhRegion,
          provider: 'aws',
          code: 'me-south-1',
          countryCode: 'BH',
          zone: 'BH',
          displayName: 'Bahrain',
        })
        .expect(201);
      expect(revived.body.id).toBe('aws:me-south-1');
    });
  });
});
