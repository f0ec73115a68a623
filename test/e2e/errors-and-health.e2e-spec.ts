import { createProviderBody } from '../factories/provider.factory.js';
import { expectProblem } from '../support/assertions.js';
import { asAdmin, startTestApp, TestApp } from '../support/test-app.js';
import { runSql } from '../support/test-database.js';

describe('error shape and health (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { BODY_LIMIT_BYTES: '2048' } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 404 problem+json for an unknown route', async () => {
    const response = await app.http.get('/no-such-route').expect(404);
    expectProblem(response, 404);
  });

  it('leads GET / to the dashboard (302 to /dashboard/), whose page links the API documentation', async () => {
    const response = await app.http.get('/').expect(302);
    expect(response.headers.location).toBe('/dashboard/');
    await app.http.get('/docs').redirects(1).expect(200);
  });

  it('answers 413 problem+json for a body over the limit', async () => {
    const response = await app.http
      .post('/providers')
      .set(asAdmin)
      .send(createProviderBody({ id: 'big', name: 'x'.repeat(4096) }))
      .expect(413);
    expectProblem(response, 413);
  });

  it('answers 415 problem+json for a body that is not JSON', async () => {
    for (const type of ['application/xml', 'text/plain']) {
      const response = await app.http
        .post('/providers')
        .set(asAdmin)
        .set('Content-Type', type)
        .send('<provider/>')
        .expect(415);
      expectProblem(response, 415);
    }
  });

  it('answers 400 problem+json for malformed JSON', async () => {
    const response = await app.http
      .post('/providers')
      .set(asAdmin)
      .set('Content-Type', 'application/json')
      .send('{"id": ')
      .expect(400);
    expectProblem(response, 400);
  });

  it('keeps a well-formed caller request id and replaces a malformed one', async () => {
    const kept = await app.http.get('/regions/aws:nowhere').set('X-Request-Id', 'trace-42').expect(404);
    expect(kept.headers['x-request-id']).toBe('trace-42');
    expect(kept.body.requestId).toBe('trace-42');
    const replaced = await app.http.get('/health/live').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unexpected failure with a generic 500 that carries the request id and no internals', async () => {
    await runSql(app.databaseUrl, 'ALTER TABLE providers RENAME TO providers_moved');
    try {
      const response = await app.http.post('/providers').set(asAdmin).send(createProviderBody()).expect(500);
      expectProblem(response, 500);
      expect(response.body.title).toBe('Internal Server Error');
      expect(Object.keys(response.body).sort()).toEqual([
        'detail',
        'instance',
        'requestId',
        'status',
        'title',
        'type',
      ]);
      expect(response.body.detail).not.toMatch(/providers|relation|QueryFailed|stack/i);
    } finally {
      await runSql(app.databaseUrl, 'ALTER TABLE providers_moved RENAME TO providers');
    }
  });

  it('is live, and ready while the database is reachable and migrated', async () => {
    expect((await app.http.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    const ready = await app.http.get('/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, migrations: { status: 'up' } });
  });

  it('is not ready while a migration is pending', async () => {
    await runSql(
      app.databaseUrl,
      'CREATE TABLE migrations_backup AS SELECT * FROM migrations; DELETE FROM migrations',
    );
    try {
      const response = await app.http.get('/health/ready').expect(503);
      expect(response.body.details.migrations.status).toBe('down');
      await app.http.get('/health/live').expect(200);
    } finally {
      await runSql(
        app.databaseUrl,
        'INSERT INTO migrations SELECT * FROM migrations_backup; DROP TABLE migrations_backup',
      );
    }
    await app.http.get('/health/ready').expect(200);
  });
});
