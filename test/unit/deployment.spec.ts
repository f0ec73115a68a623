import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);

describe('deployment files', () => {
  it('compose runs PostgreSQL and the app, the app waiting for a healthy database', () => {
    const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8'));
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'app']));
    expect(compose.services.app.environment.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    expect(compose.services.app.depends_on.postgres.condition).toBe('service_healthy');
    expect(compose.services.app.ports).toContain('3000:3000');
  });

  it('the Dockerfile builds in stages and runs as a non-root user', () => {
    const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/src\/main.js"\]$/m);
  });
});
