import { sessionHashOf } from './session-hash.js';

describe('sessionHashOf', () => {
  it('is the first 32 hex characters of the SHA-256 of the id (as sha256sum prints it)', () => {
    expect(sessionHashOf('session-7f3a2c')).toBe('cb15216ae143d62599ef39e4de795ec5');
    expect(sessionHashOf('session-7f3a2d')).not.toBe(sessionHashOf('session-7f3a2c'));
  });
});
