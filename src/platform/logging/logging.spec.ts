import { Logger } from '@nestjs/common';
import { createAppLogger, PinoLoggerService } from './logging.js';

function capturedLogger(level = 'trace') {
  const lines: string[] = [];
  const service = new PinoLoggerService(
    createAppLogger({ logLevel: level as 'trace' }, { write: (line: string) => lines.push(line) }),
  );
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { service, records };
}

describe('PinoLoggerService (Nest logger over pino)', () => {
  it('writes one JSON line per call, with the context and the pino level of each Nest method', () => {
    const { service, records } = capturedLogger();
    service.verbose('v', 'Ctx');
    service.debug('d', 'Ctx');
    service.log('l', 'Ctx');
    service.warn('w', 'Ctx');
    service.error('e', 'Ctx');
    service.fatal('f', 'Ctx');
    service.log('no context');
    expect(records().map(({ level, context, msg }) => ({ level, context, msg }))).toEqual([
      { level: 10, context: 'Ctx', msg: 'v' },
      { level: 20, context: 'Ctx', msg: 'd' },
      { level: 30, context: 'Ctx', msg: 'l' },
      { level: 40, context: 'Ctx', msg: 'w' },
      { level: 50, context: 'Ctx', msg: 'e' },
      { level: 60, context: 'Ctx', msg: 'f' },
      { level: 30, context: undefined, msg: 'no context' },
    ]);
    expect(Object.keys(records()[0])).toEqual(['level', 'time', 'pid', 'hostname', 'context', 'msg']);
  });

  it('honours the configured level', () => {
    const { service, records } = capturedLogger('warn');
    service.log('dropped', 'Ctx');
    service.warn('kept', 'Ctx');
    expect(records().map((record) => record.msg)).toEqual(['kept']);
  });

  it('logs an Error as `err` (type, message, stack), and merges a logged object into the line', () => {
    const { service, records } = capturedLogger();
    const error = Object.assign(new Error('boom'), { code: 'E_BOOM' });
    service.error(error, 'Ctx');
    service.log({ views: 3, msg: 'loaded' }, 'Ctx');
    const [logged, merged] = records();
    expect(logged).toMatchObject({
      context: 'Ctx',
      msg: 'boom',
      err: { type: 'Error', message: 'boom', code: 'E_BOOM', stack: error.stack },
    });
    expect(merged).toMatchObject({ context: 'Ctx', views: 3, msg: 'loaded' });
  });

  it("turns Nest's error(message, stack, context) into one error with that stack", () => {
    const { service, records } = capturedLogger();
    service.error('Request failed', 'Error: Request failed\n    at handler (x.js:1:1)', 'ExceptionsHandler');
    expect(records()[0]).toMatchObject({
      level: 50,
      context: 'ExceptionsHandler',
      msg: 'Request failed',
      err: {
        type: 'Error',
        message: 'Request failed',
        stack: 'Error: Request failed\n    at handler (x.js:1:1)',
      },
    });
  });

  it('interpolates extra arguments into the message', () => {
    const { service, records } = capturedLogger();
    service.warn('%s of %d', 'one', 2, 'Ctx');
    expect(records()[0]).toMatchObject({ context: 'Ctx', msg: 'one of 2' });
  });

  it('redacts credentials that an object might carry', () => {
    const { service, records } = capturedLogger();
    service.log(
      {
        req: { method: 'GET', url: '/regions', headers: { authorization: 'Bearer secret-key' } },
        headers: { authorization: 'Bearer secret-key' },
        config: { databaseUrl: 'postgres://user:secret-password@host/db' },
        user: { password: 'secret-password', token: 'secret-token', apiKey: 'secret-key' },
      },
      'Ctx',
    );
    const line = JSON.stringify(records()[0]);
    expect(line).not.toMatch(/secret/);
    expect(records()[0]).toMatchObject({
      req: { method: 'GET', url: '/regions', headers: '[redacted]' },
      headers: { authorization: '[redacted]' },
      config: { databaseUrl: '[redacted]' },
      user: { password: '[redacted]', token: '[redacted]', apiKey: '[redacted]' },
    });
  });

  it("serves as Nest's logger for `new Logger(Context)`", () => {
    const { service, records } = capturedLogger();
    Logger.overrideLogger(service);
    try {
      new Logger('CatalogueService').log('Catalogue loaded');
    } finally {
      Logger.overrideLogger(true);
    }
    expect(records()[0]).toMatchObject({ level: 30, context: 'CatalogueService', msg: 'Catalogue loaded' });
  });
});
