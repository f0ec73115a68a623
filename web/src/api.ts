// The answers the dashboard reads, as the API sends them (docs/openapi.json), and one way to call it.

export type IntensitySource = 'live' | 'forecast' | 'stored' | 'profile' | 'reference';

export interface IntensityValue {
  zone: string;
  gCo2ePerKwh: number;
  source: IntensitySource;
  datetime: string;
  isEstimated: boolean;
  ageSeconds: number;
}

export interface WindowIntensity extends IntensityValue {
  from: string;
  to: string;
  sources: IntensitySource[];
}

export interface Region {
  id: string;
  provider: string;
  code: string;
  zone: string;
  displayName: string;
  city: string;
  countryCode: string;
  latitude: number;
  longitude: number;
  enabled: boolean;
  access: string;
}

export interface RegionPage {
  items: Region[];
  total: number;
  limit: number;
  offset: number;
}

export interface ZoneIntensity {
  zone: string;
  latest: IntensityValue;
  forecast: { datetime: string; gCo2ePerKwh: number }[];
  degraded: boolean;
}

export interface WindowChoice {
  startAt: string;
  endAt: string;
  intensity: WindowIntensity;
}

export interface BestWindow {
  zone: string;
  region: string | null;
  durationMinutes: number;
  within: string;
  best: WindowChoice;
  now: WindowChoice;
  saving: { gCo2ePerKwh: number; percent: number };
  waitMinutes: number;
  latestStartAt: string;
  startsEvaluated: number;
  degraded: boolean;
}

export interface Candidate {
  regionId: string;
  provider: string;
  displayName: string;
  countryCode: string;
  zone: string;
  distanceKm: number;
  estimatedRttMs: number;
  intensity: WindowIntensity;
  pue: number;
  dataCentreEnergyKwh: number;
  emissionsG: number;
  costUsd: number | null;
  egressUsdPerGb: number | null;
  score: number;
}

/** A saving figure: gCO2e avoided against another region, and as a percentage of its emissions. */
export interface SavingFigure {
  emissionsG: number;
  percent: number;
}

/**
 * The saving against the nearest eligible region. Today its top-level figure is the data centre's;
 * richer answers may add per-scope figures (e.g. `dataCentre`, `wholeView`), which the viewer panel
 * shows when present (web/src/viewer-panel.ts, SAVING_SCOPES).
 */
export interface Savings extends SavingFigure {
  versusRegionId: string;
  basis: string;
  [scope: string]: unknown;
}

export interface Recommendation {
  recommendation: Candidate;
  candidates: Candidate[];
  excluded: { regionId: string; reason: string }[];
  savings: Savings;
  window: { startAt: string; endAt: string };
  closeCall: boolean;
  model: string;
  dataVolumeGb: number;
  eligibility: string;
  maxLatencyMs: number | null;
  ranking: { by: string };
  viewer: {
    countryCode: string | null;
    zone: string | null;
    latitude: number;
    longitude: number;
    locatedBy: string;
  };
  eligibleCount: number;
  degraded: boolean;
}

export interface Segments {
  dataCentre: number;
  network: number;
  device: number;
  embodied: number;
  total: number;
}

export interface Footprint {
  model: string;
  dataVolumeGb: number;
  energyKwh: Segments;
  emissionsG: Segments;
  intensity: { dataCentre: WindowIntensity; viewer: WindowIntensity };
  region: string | null;
  dataCentreZone: string;
  viewerZone: string;
  startAt: string;
  endAt: string;
  notes: string[];
  degraded: boolean;
}

export interface ScenarioResult {
  name: string;
  changes: Record<string, unknown>;
  footprint: Footprint;
  deltaG: number;
  deltaPercent: number;
  yearlyDeltaKg: number;
}

export interface Simulation {
  baseline: Footprint;
  scenarios: ScenarioResult[];
  best: string | null;
  viewsPerWeek: number;
}

export interface StatsFigures {
  views: number;
  hoursViewed: number;
  dataVolumeGb: number;
  energyKwh: number;
  emissionsKg: number;
  gPerHour: number | null;
}

export interface StatsGroup extends StatsFigures {
  key: string;
}

export interface Stats {
  from: string;
  to: string;
  totals: StatsFigures;
  groups?: StatsGroup[];
}

/** An answer other than 2xx, with the problem's detail when the API sent problem+json. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

async function failure(response: Response): Promise<ApiError> {
  let detail = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { detail?: string; title?: string };
    detail = body.detail ?? body.title ?? detail;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, detail);
}

/** GETs (or POSTs, with a body) a JSON answer of this origin's API. */
export async function api<T>(path: string, options: { key?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: options.body === undefined ? 'GET' : 'POST',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/** A query string from defined values only. */
export function query(parameters: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  return search.toString();
}

/** Every enabled region (all pages). */
export async function enabledRegions(): Promise<Region[]> {
  const regions: Region[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await api<RegionPage>(`/regions?enabled=true&limit=500&offset=${offset}`);
    regions.push(...page.items);
    if (regions.length >= page.total || page.items.length === 0) return regions;
  }
}

/** Runs `work` over the items, at most `limit` at a time (the browser's connections per host). */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Now, to the minute, as ISO 8601: pinned into a query so the same inputs give the same answer. */
export function nowToTheMinute(): string {
  const now = new Date();
  now.setUTCSeconds(0, 0);
  return now.toISOString().replace('.000Z', 'Z');
}
