import { expectInvalidField } from '../../../test/support/invalid-input.js';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('view cursor', () => {
  it('round-trips a position exactly, to the microsecond', () => {
    const position = { startedAtMicros: 1_795_642_200_123_456n, id: 9_007_199_254_740_993n };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it('refuses anything it did not make', () => {
    for (const bad of ['', 'abc', '!!', Buffer.from('v1:1:x').toString('base64url'), 'a'.repeat(201)]) {
      expectInvalidField(() => decodeCursor(bad), 'cursor');
    }
  });
});
