// Panel 5 (the operations strip) and the steering services panel: the Electricity Maps link state
// (GET /health, which answers 200 whatever the link's state, so a down link logs no failed request),
// the share of degraded intensity answers since the service started (GET /metrics, Prometheus text),
// and the steering services with their origins (GET /services) once the API has that route.
import { byId, el, fill } from './dom.js';
import { degradedShare, parseMetrics, type MetricsFigures } from './figures.js';
import { age, withUnit } from './format.js';

export async function readMetrics(): Promise<MetricsFigures | string> {
  const response = await fetch('/metrics', { headers: { accept: 'text/plain' } });
  if (response.status === 401 || response.status === 403) return 'needs the metrics token (METRICS_TOKEN)';
  if (!response.ok) return `unavailable (${response.status})`;
  return parseMetrics(await response.text());
}

/** GET /health: always 200 while the database is up; the link's state is in details.electricityMaps. */
interface HealthAnswer {
  details?: {
    electricityMaps?: { link?: string; mode?: string; lastSuccessAgeSeconds?: number | null };
  };
}

interface ServiceLike {
  id?: string;
  name?: string;
  origins?: {
    id?: string;
    regionId?: string;
    region?: string;
    status?: string;
    health?: string;
    healthy?: boolean;
    capacity?: unknown;
  }[];
}

let servicesRoute: Promise<boolean> | undefined;

/** Whether the API offers GET /services (read once from its OpenAPI document, so no 404 is ever asked for). */
export function hasServicesRoute(): Promise<boolean> {
  servicesRoute ??= fetch('/docs-json')
    .then(async (response) =>
      response.ok
        ? Boolean(((await response.json()) as { paths?: Record<string, unknown> }).paths?.['/services'])
        : false,
    )
    .catch(() => false);
  return servicesRoute;
}

export async function readServices(): Promise<ServiceLike[]> {
  if (!(await hasServicesRoute())) return [];
  const response = await fetch('/services', { headers: { accept: 'application/json' } });
  if (!response.ok) return [];
  const body = (await response.json()) as ServiceLike[] | { items?: ServiceLike[] };
  return Array.isArray(body) ? body : (body.items ?? []);
}

function originUp(origin: NonNullable<ServiceLike['origins']>[number]): boolean | undefined {
  if (typeof origin.healthy === 'boolean') return origin.healthy;
  const state = origin.health ?? origin.status;
  return state === undefined ? undefined : ['up', 'healthy', 'ok'].includes(state);
}

/** The services panel: each service with its origins' health and capacity, or "no services configured". */
export function renderServices(services: ServiceLike[]): void {
  const panel = byId('services-result');
  if (services.length === 0) {
    fill(
      panel,
      el(
        'p',
        { 'data-services': 'none' },
        'No services configured: steering services and their origins appear here once they exist.',
      ),
    );
    return;
  }
  fill(
    panel,
    el(
      'ul',
      { 'data-services': String(services.length) },
      ...services.map((service) =>
        el(
          'li',
          {},
          el('strong', {}, service.name ?? service.id ?? 'service'),
          el(
            'ul',
            {},
            ...(service.origins ?? []).map((origin) => {
              const up = originUp(origin);
              return el(
                'li',
                {},
                `${origin.regionId ?? origin.region ?? origin.id ?? 'origin'}: ${up === undefined ? 'health unknown' : up ? 'up' : 'down'}` +
                  (origin.capacity === undefined ? '' : `, capacity ${String(origin.capacity)}`),
              );
            }),
          ),
        ),
      ),
    ),
  );
}

/** Refreshes the operations strip. */
export async function refreshOperations(): Promise<void> {
  const [link, metrics, services] = await Promise.all([
    fetch('/health', { headers: { accept: 'application/json' } })
      .then(async (response) => ((await response.json()) as HealthAnswer).details?.electricityMaps)
      .catch(() => undefined),
    readMetrics().catch(() => 'unavailable'),
    readServices().catch(() => []),
  ]);
  const linkItem = byId('ops-link');
  const active = link?.link === 'active';
  linkItem.dataset.state = link?.link ?? 'unknown';
  const facts = [
    link?.mode ? `${link.mode} mode` : '',
    typeof link?.lastSuccessAgeSeconds === 'number' ? `data ${age(link.lastSuccessAgeSeconds)} old` : '',
  ].filter(Boolean);
  fill(
    linkItem,
    el('span', { class: `dot ${active ? 'up' : 'down'}`, 'aria-hidden': 'true' }),
    `Electricity Maps link: ${link?.link ?? 'unknown (health unreachable)'}${facts.length ? ` (${facts.join(', ')})` : ''}`,
  );

  const degradedItem = byId('ops-degraded');
  if (typeof metrics === 'string') {
    fill(degradedItem, `Degraded answers: ${metrics}`);
  } else {
    const share = degradedShare(metrics);
    degradedItem.dataset.share = share === undefined ? '' : String(share.share);
    fill(
      degradedItem,
      share === undefined
        ? 'Degraded answers: none served yet'
        : `Degraded answers: ${withUnit(share.share * 100, '%', 1)} of ${withUnit(share.total, 'intensity values', 0)} since start`,
    );
    const avoided = document.getElementById('stats-avoided');
    if (avoided) {
      avoided.dataset.avoidedG = String(metrics.avoidedG);
      avoided.textContent =
        `CO2e avoided by the ${withUnit(metrics.recommendations, 'recommendations', 0)} served since the service started: ` +
        `${withUnit(metrics.avoidedG / 1000, 'kgCO2e', 3)} (against the nearest eligible region; from GET /metrics).`;
    }
  }

  const origins = services.flatMap((service) => service.origins ?? []);
  const up = origins.filter((origin) => originUp(origin) === true).length;
  const down = origins.filter((origin) => originUp(origin) === false).length;
  fill(
    byId('ops-origins'),
    origins.length === 0 ? 'Origins: none configured' : `Origins: ${up} up, ${down} down`,
  );
  renderServices(services);
  byId('ops-time').textContent = `Updated ${new Date().toISOString().slice(11, 19)} UTC`;
}
