// Builds the dashboard (docs/DASHBOARD.md) from web/ into dist/web, served by the app at /dashboard/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const VIRTUAL_COUNTRIES = 'virtual:countries';

interface WorldCountry {
  cca2: string;
  ccn3: string;
  name: { common: string };
  latlng: [number, number];
}

/**
 * `virtual:countries`: ISO 3166 numeric code → alpha-2 code and name, for the map's countries (world-atlas
 * names them by numeric code) and the country pickers. Derived at build time from world-countries (ODbL 1.0),
 * so the bundle carries ~250 short rows rather than the whole data set.
 */
function countriesModule(): Plugin {
  return {
    name: 'greenstream-countries',
    resolveId: (id) => (id === VIRTUAL_COUNTRIES ? `\0${VIRTUAL_COUNTRIES}` : undefined),
    load(id) {
      if (id !== `\0${VIRTUAL_COUNTRIES}`) return undefined;
      const file = fileURLToPath(import.meta.resolve('world-countries/countries.json'));
      const countries = JSON.parse(readFileSync(file, 'utf8')) as WorldCountry[];
      const rows = countries
        .filter((country) => /^[A-Z]{2}$/.test(country.cca2))
        .map((country) => [country.ccn3, country.cca2, country.name.common])
        .sort((a, b) => a[2].localeCompare(b[2], 'en'));
      return `export default ${JSON.stringify(rows)};`;
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  plugins: [countriesModule()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // No inline module-preload polyfill: the page runs under a CSP without inline scripts.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
    // Rolldown's note on slow plugin hooks is noise on a loaded machine (the whole build takes seconds).
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
