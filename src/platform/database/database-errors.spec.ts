import { ServiceUnavailableError } from '../kernel/errors.js';
import { isDatabaseUnavailableOrWrapped, unavailable } from './database-errors.js';

describe('database errors', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:43867'), { code: 'ECONNREFUSED' });

  it('answers a database that is not there with a 503 that does not name its address', () => {
    const error = unavailable(refused);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe('The database is unavailable; nothing was stored, retry later');
    expect(error.message).not.toMatch(/127\.0\.0\.1|43867|ECONNREFUSED/);
  });

  it('recognises a lost connection wrapped in a TypeORM error, and not a statement error', () => {
    expect(isDatabaseUnavailableOrWrapped({ message: 'query failed', driverError: refused })).toBe(true);
    expect(
      isDatabaseUnavailableOrWrapped(Object.assign(new Error('Connection terminated unexpectedly'))),
    ).toBe(true);
    expect(isDatabaseUnavailableOrWrapped({ code: '23505', message: 'duplicate key value' })).toBe(false);
  });
});
