import { ADVISORY_LOCKS } from './advisory-locks.js';

describe('advisory lock keys', () => {
  it('are distinct, so that no two features wait on each other', () => {
    const keys = Object.values(ADVISORY_LOCKS);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
