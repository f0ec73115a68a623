// Countries by ISO code, built into the bundle from world-countries (web/vite.config.ts).
import rows from 'virtual:countries';

export interface Country {
  numeric: string;
  alpha2: string;
  name: string;
}

export const COUNTRIES: readonly Country[] = rows.map(([numeric, alpha2, name]) => ({
  numeric,
  alpha2,
  name,
}));
export const BY_NUMERIC = new Map(COUNTRIES.map((country) => [country.numeric, country]));
export const BY_ALPHA2 = new Map(COUNTRIES.map((country) => [country.alpha2, country]));

export function countryName(alpha2: string | null | undefined): string {
  return (alpha2 && BY_ALPHA2.get(alpha2)?.name) ?? alpha2 ?? '—';
}
