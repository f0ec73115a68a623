import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { MetricsService } from '../../src/platform/metrics/metrics.service.js';
import { FeatureMetrics } from '../../src/metrics/feature-metrics.js';

const root = new URL('../../', import.meta.url);

function read(path: string): string {
  return readFileSync(new URL(path, root), 'utf8');
}

// The manifests are free-form YAML: typed loosely on purpose, each check says what it expects.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Manifest = Record<string, any>;

function k8sManifests(): Manifest[] {
  const folder = new URL('deploy/k8s/', root);
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .flatMap((name) =>
      parseAllDocuments(readFileSync(new URL(name, folder), 'utf8')).map((document) => {
        expect(document.errors).toEqual([]);
        return document.toJS() as Manifest;
      }),
    );
}

function manifest(kind: string, name: string): Manifest {
  const found = k8sManifests().find(
    (candidate) => candidate.kind === kind && candidate.metadata?.name === name,
  );
  if (!found) throw new Error(`no ${kind} ${name} in deploy/k8s`);
  return found;
}

/** Whether an `engines.node` range made of `^X.Y.Z` and `>=X.Y.Z` parts accepts Node.js major.minor. */
function acceptsNode(range: string, major: number, minor: number): boolean {
  return range.split('||').some((part) => {
    const match = /^\s*(\^|>=)(\d+)\.(\d+)\.\d+\s*$/.exec(part);
    if (!match) throw new Error(`unexpected engines part: ${part}`);
    const [, operator, lowMajor, lowMinor] = match;
    const atLeast = major > Number(lowMajor) || (major === Number(lowMajor) && minor >= Number(lowMinor));
    return operator === '>=' ? atLeast : atLeast && major === Number(lowMajor);
  });
}

/** Metric families the app exports, with the series names a histogram adds. */
function exportedSeries(): Set<string> {
  const core = new MetricsService();
  new FeatureMetrics(core);
  const names = core.metricNames();
  return new Set(names.flatMap((name) => [name, `${name}_bucket`, `${name}_sum`, `${name}_count`]));
}

/** Metric names in a PromQL expression: our prefixes and the process/nodejs ones. */
function metricNamesIn(expr: string): string[] {
  return [...expr.matchAll(/\b((?:greenstream|process|nodejs)_[a-z0-9_]+)\b/g)].map(
    (match) => match[1] as string,
  );
}

describe('deployment files', () => {
  it('compose runs PostgreSQL, the app, Prometheus and Grafana, the app waiting for a healthy database', () => {
    const compose = parse(read('docker-compose.yml'));
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgres', 'app', 'prometheus', 'grafana']),
    );
    expect(compose.services.app.environment.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    expect(compose.services.app.depends_on.postgres.condition).toBe('service_healthy');
    expect(compose.services.app.ports).toContain('3000:3000');
    expect(compose.services.prometheus.ports).toContain('9090:9090');
    expect(compose.services.grafana.ports).toContain('3001:3000');
    const mounts: string[] = [...compose.services.prometheus.volumes, ...compose.services.grafana.volumes];
    expect(mounts).toEqual(
      expect.arrayContaining([
        './deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
        './deploy/grafana/provisioning:/etc/grafana/provisioning:ro',
        './deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro',
      ]),
    );
    // Every mounted file exists.
    for (const mount of mounts.filter((entry) => entry.startsWith('./'))) {
      expect([mount, existsSync(new URL(mount.split(':')[0] as string, root))]).toEqual([mount, true]);
    }
  });

  it('Prometheus scrapes the app on port 3000 at /metrics and loads the alert rules', () => {
    const prometheus = parse(read('deploy/prometheus/prometheus.yml'));
    const job = prometheus.scrape_configs.find((config: Manifest) => config.job_name === 'greenstream');
    expect(job.metrics_path).toBe('/metrics');
    expect(job.dns_sd_configs[0]).toMatchObject({ names: ['app'], port: 3000 });
    expect(prometheus.rule_files).toContain('/etc/prometheus/alerts.yml');
  });

  it('alert rules query only metrics the app exports', () => {
    const series = exportedSeries();
    const rules: Manifest[] = parse(read('deploy/prometheus/alerts.yml')).groups.flatMap(
      (group: Manifest) => group.rules,
    );
    expect(rules.length).toBeGreaterThanOrEqual(6);
    const unknown = rules.flatMap((rule) => metricNamesIn(rule.expr)).filter((name) => !series.has(name));
    expect(unknown).toEqual([]);
  });

  it('Grafana gets the Prometheus data source and the dashboard folder', () => {
    const datasources = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml'));
    expect(datasources.datasources[0]).toMatchObject({
      type: 'prometheus',
      uid: 'prometheus',
      url: 'http://prometheus:9090',
    });
    const dashboards = parse(read('deploy/grafana/provisioning/dashboards/greenstream.yml'));
    expect(dashboards.providers[0].options.path).toBe('/var/lib/grafana/dashboards');
  });

  it('the dashboard parses, covers what operators watch, and queries only metrics the app exports', () => {
    const dashboard = JSON.parse(read('deploy/grafana/dashboards/greenstream.json'));
    const exprs: string[] = dashboard.panels.flatMap((panel: Manifest) =>
      panel.targets.map((target: Manifest) => target.expr as string),
    );
    const used = new Set(exprs.flatMap(metricNamesIn));
    const series = exportedSeries();
    expect([...used].filter((name) => !series.has(name))).toEqual([]);
    expect(exprs.every((expr) => metricNamesIn(expr).length > 0)).toBe(true);
    for (const needed of [
      'greenstream_zone_carbon_intensity_gco2e_per_kwh',
      'greenstream_http_request_duration_seconds_count',
      'greenstream_http_request_duration_seconds_bucket',
      'greenstream_intensity_answers_total',
      'greenstream_co2e_avoided_grams_total',
      'greenstream_views_ingested_total',
    ]) {
      expect(used).toContain(needed);
    }
    for (const panel of dashboard.panels)
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
  });

  it('the Deployment runs several replicas with liveness and readiness probes on the health routes', () => {
    const deployment = manifest('Deployment', 'greenstream');
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const [container] = deployment.spec.template.spec.containers;
    expect(container.ports).toContainEqual({ name: 'http', containerPort: 3000, protocol: 'TCP' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.envFrom).toEqual([
      { configMapRef: { name: 'greenstream-config' } },
      { secretRef: { name: 'greenstream-secrets' } },
    ]);
    // Time to drain: more than the app's own shutdown deadline.
    const shutdownMs = Number(manifest('ConfigMap', 'greenstream-config').data.SHUTDOWN_TIMEOUT_MS);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(shutdownMs);
  });

  it('the Service, HPA, ConfigMap and Secret fit the Deployment and the configuration schema', async () => {
    const service = manifest('Service', 'greenstream');
    expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': 'greenstream' });
    expect(service.spec.ports).toContainEqual({
      name: 'http',
      port: 80,
      targetPort: 'http',
      protocol: 'TCP',
    });
    const hpa = manifest('HorizontalPodAutoscaler', 'greenstream');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'greenstream',
    });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    const { validateEnv } = await import('../../src/platform/config/env.schema.js');
    const config = manifest('ConfigMap', 'greenstream-config').data;
    const secret = manifest('Secret', 'greenstream-secrets').stringData;
    // The example values boot: the same validation as at start-up.
    expect(() => validateEnv({ ...config, ...secret })).not.toThrow();
    expect(secret.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(manifest('Service', 'postgres').spec.ports[0].port).toBe(5432);
  });

  it('the Dockerfile builds in stages and runs as a non-root user', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/src\/main.js"\]$/m);
  });

  it('the Dockerfile installs the lockfile with npm ci, on a maintained Node.js line that engines accept', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).not.toMatch(/npm install/);
    const { engines } = JSON.parse(read('package.json')) as { engines: { node: string } };
    const images = [...dockerfile.matchAll(/^FROM node:(\d+)\.(\d+)-/gm)];
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const [, major, minor] of images) {
      // Node.js 20 reached its end of life in April 2026; 22 and 24 are maintained LTS lines.
      expect(['22', '24']).toContain(major);
      expect(acceptsNode(engines.node, Number(major), Number(minor))).toBe(true);
    }
  });
});
