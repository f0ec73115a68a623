import { GeoService } from '../../src/geo/geo.service.js';
import { REFERENCE_SOURCE } from '../../src/geo/domain/reference-intensities.js';
import { EventBus } from '../../src/platform/events/event-bus.js';
import { ConflictError, NotFoundError } from '../../src/platform/kernel/errors.js';
import { CatalogueService } from '../../src/regions/catalogue.service.js';
import type { Catalogue } from '../../src/regions/domain/catalogue.js';
import { CATALOGUE_CHANGED } from '../../src/regions/regions.events.js';
import { ProviderAdminService } from '../../src/regions/provider-admin.service.js';
import { RegionAdminService } from '../../src/regions/region-admin.service.js';
import { RegionsService } from '../../src/regions/regions.service.js';
import { createProviderBody } from '../factories/provider.factory.js';
import { createRegionBody } from '../factories/region.factory.js';
import { rejectedInvalidFields } from '../support/invalid-input.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { runSql } from '../support/test-database.js';

const ADMINISTRATOR = 'set by an administrator';

/** A change setting `field` to null, as validation lets through for every optional field of a PATCH. */
function nullFor(field: string): Record<string, null> {
  return { [field]: null };
}

/** GeoService, CatalogueService, RegionsService and the admin services called directly (not through HTTP), on the seeded catalogue. */
describe('catalogue services (application)', () => {
  let app: TestApp;
  let geo: GeoService;
  let catalogue: CatalogueService;
  let regions: RegionsService;
  let regionAdmin: RegionAdminService;
  let providerAdmin: ProviderAdminService;

  beforeAll(async () => {
    app = await startTestApp();
    geo = app.app.get(GeoService);
    catalogue = app.app.get(CatalogueService);
    regions = app.app.get(RegionsService);
    regionAdmin = app.app.get(RegionAdminService);
    providerAdmin = app.app.get(ProviderAdminService);
  });

  afterAll(async () => {
    await app.close();
  });

  describe('GeoService', () => {
    it('describes a country found by its alpha-3 code in any case, with its grid zone and neighbours', () => {
      expect(geo.describeCountry('fra')).toMatchObject({
        code: 'FR',
        alpha3: 'FRA',
        name: 'France',
        zone: 'FR',
        landNeighbours: ['AD', 'BE', 'CH', 'DE', 'ES', 'IT', 'LU', 'MC'],
      });
      expect(() => geo.describeCountry('QQ')).toThrow(new NotFoundError("Unknown country 'QQ'"));
    });
  });

  describe('CatalogueService', () => {
    it('makes a reload asked while another runs wait for the next one, shared by every such caller', async () => {
      const running = catalogue.reload();
      const next = catalogue.reload();
      expect(catalogue.reload()).toBe(next);
      expect(next).not.toBe(running);
      await Promise.all([running, next]);
    });

    it('serves what the database holds after a reload, and hands observers the new catalogue', async () => {
      const seen: Catalogue[] = [];
      const stop = app.app.get(EventBus).on(CATALOGUE_CHANGED, (changed) => seen.push(changed));
      await runSql(app.databaseUrl, `UPDATE regions SET city = 'Dublin (moved)' WHERE id = 'aws:eu-west-1'`);
      try {
        await catalogue.reload();
        expect(catalogue.current().regionById.get('aws:eu-west-1')?.city).toBe('Dublin (moved)');
        expect(seen.at(-1)).toBe(catalogue.current());
      } finally {
        stop();
        await runSql(app.databaseUrl, `UPDATE regions SET city = 'Dublin' WHERE id = 'aws:eu-west-1'`);
        await catalogue.reload();
      }
    });
  });

  describe('RegionsService and the admin services', () => {
    beforeAll(async () => {
      await providerAdmin.createProvider(createProviderBody());
    });

    it("creates a region with the defaults: general access, enabled, its zone's yearly average, the provider's PUE", async () => {
      const created = await regionAdmin.createRegion(createRegionBody());
      expect(created).toMatchObject({
        id: 'ovhcloud:eu-west-par',
        access: 'general',
        enabled: true,
        referenceIntensityGPerKwh: 31,
        referenceIntensitySource: REFERENCE_SOURCE,
        pue: 1.26,
        pueSource: 'provider',
        egressUsdPerGb: null,
        egressPriceSource: null,
      });
      // Visible at once in the reads.
      expect(regions.getRegion('ovhcloud:eu-west-par')).toEqual(created);
      expect(regions.listProviders().find((provider) => provider.id === 'ovhcloud')?.regionCount).toBe(1);
      await expect(regionAdmin.createRegion(createRegionBody())).rejects.toThrow(
        new ConflictError("Region 'ovhcloud:eu-west-par' already exists"),
      );
    });

    it('says an administrator set a reference intensity or an egress price given without its source', async () => {
      const created = await regionAdmin.createRegion(
        createRegionBody({ code: 'eu-west-rbx', referenceIntensityGPerKwh: 40, egressUsdPerGb: 0.01 }),
      );
      expect(created).toMatchObject({
        referenceIntensityGPerKwh: 40,
        referenceIntensitySource: ADMINISTRATOR,
        egressUsdPerGb: 0.01,
        egressPriceSource: ADMINISTRATOR,
      });
    });

    it.each([
      [{ provider: 'nobody' }, 'provider'],
      [{ countryCode: 'QQ' }, 'countryCode'],
      [{ zone: 'XX-NOWHERE' }, 'referenceIntensityGPerKwh'],
    ])('refuses to create a region with %p, naming %s', async (change, field) => {
      expect(
        await rejectedInvalidFields(regionAdmin.createRegion(createRegionBody({ code: 'other', ...change }))),
      ).toEqual([field]);
    });

    it("takes the new zone's yearly average when the zone changes, unless the same change gives one", async () => {
      expect(await regionAdmin.updateRegion('aws:eu-west-3', { zone: 'DE' })).toMatchObject({
        zone: 'DE',
        referenceIntensityGPerKwh: 342,
        referenceIntensitySource: REFERENCE_SOURCE,
      });
      expect(
        await regionAdmin.updateRegion('aws:eu-west-3', { zone: 'FR', referenceIntensityGPerKwh: 30 }),
      ).toMatchObject({
        zone: 'FR',
        referenceIntensityGPerKwh: 30,
        referenceIntensitySource: ADMINISTRATOR,
      });
      expect(
        await regionAdmin.updateRegion('aws:eu-west-3', { referenceIntensityGPerKwh: 31 }),
      ).toMatchObject({
        referenceIntensityGPerKwh: 31,
        referenceIntensitySource: ADMINISTRATOR,
      });
    });

    it("falls back to the provider's default egress price once an override is cleared with null", async () => {
      expect(await regionAdmin.updateRegion('aws:eu-west-2', { egressUsdPerGb: 0.05 })).toMatchObject({
        egressUsdPerGb: 0.05,
        egressPriceSource: ADMINISTRATOR,
      });
      const cleared = await regionAdmin.updateRegion('aws:eu-west-2', { egressUsdPerGb: null });
      expect(cleared.egressPriceSource).toMatch(/^provider default/);
    });

    it('refuses a change that sets a required field to null, or changes nothing', async () => {
      expect(
        await rejectedInvalidFields(regionAdmin.updateRegion('aws:eu-west-2', nullFor('displayName'))),
      ).toEqual(['displayName']);
      expect(await rejectedInvalidFields(regionAdmin.updateRegion('aws:eu-west-2', {}))).toEqual(['body']);
      expect(await rejectedInvalidFields(providerAdmin.updateProvider('aws', nullFor('name')))).toEqual([
        'name',
      ]);
    });

    it('forgets a deleted region for reads and writes, and brings it back when created again', async () => {
      await regionAdmin.deleteRegion('aws:me-south-1');
      expect(() => regions.getRegion('aws:me-south-1')).toThrow(NotFoundError);
      await expect(regionAdmin.deleteRegion('aws:me-south-1')).rejects.toThrow(NotFoundError);
      await expect(regionAdmin.updateRegion('aws:me-south-1', { enabled: false })).rejects.toThrow(
        NotFoundError,
      );
      const revived = await regionAdmin.createRegion(
        createRegionBody({ provider: 'aws', code: 'me-south-1', countryCode: 'BH', zone: 'BH' }),
      );
      expect(revived).toMatchObject({ id: 'aws:me-south-1', displayName: 'Paris', enabled: true });
    });
  });
});
