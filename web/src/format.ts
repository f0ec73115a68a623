// Numbers as the dashboard shows them: always with their unit.

const formats = new Map<number, Intl.NumberFormat>();

function numberFormat(digits: number): Intl.NumberFormat {
  let format = formats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en', { maximumFractionDigits: digits });
    formats.set(digits, format);
  }
  return format;
}

/** `value` with `digits` decimals at most and its unit ("—" when there is no value). */
export function withUnit(value: number | null | undefined, unit: string, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${numberFormat(digits).format(value)} ${unit}`;
}

/** A number with a sensible precision for its size, for emissions that range over magnitudes. */
export function significant(value: number, unit: string): string {
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : magnitude >= 0.01 ? 3 : 5;
  return withUnit(value, unit, digits);
}

/** An age in seconds as words: "45 s", "12 min", "3 h 5 min", "2 d". */
export function age(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.round(hours / 24)} d`;
}

/** An ISO instant as "2026-11-22 14:00 UTC". */
export function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** An ISO instant as the hour of day, "14:00". */
export function hourOf(iso: string): string {
  return iso.slice(11, 16);
}

export const SOURCE_WORDS: Record<string, string> = {
  live: 'live (fresh latest value)',
  forecast: 'forecast',
  stored: 'stored (an older value)',
  profile: 'profile (typical hour of the zone)',
  reference: 'reference (yearly average)',
};
