import { ApiKeyRegistry, bearerToken } from './api-keys.js';

describe('ApiKeyRegistry', () => {
  const registry = new ApiKeyRegistry({
    admin: ['admin-key-0123456789'],
    provider: ['provider-key-0123456789', 'provider-key-abcdefghij'],
    analyst: [],
  });

  it('identifies each key with its role and a stable id that is not the key', () => {
    const admin = registry.identify('admin-key-0123456789');
    expect(admin?.role).toBe('admin');
    expect(admin?.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(admin?.keyId).not.toContain('admin');
    expect(registry.identify('provider-key-abcdefghij')?.role).toBe('provider');
    expect(registry.identify('provider-key-abcdefghij')?.keyId).not.toBe(
      registry.identify('provider-key-0123456789')?.keyId,
    );
  });

  it('knows no key that differs by one character, is a prefix, or is empty', () => {
    expect(registry.identify('admin-key-012345678X')).toBeUndefined();
    expect(registry.identify('admin-key-01234')).toBeUndefined();
    expect(registry.identify('')).toBeUndefined();
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer   abc  ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    [undefined, undefined],
  ])('reads %p as %p', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});
