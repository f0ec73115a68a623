import { lookupRange, parseIpv4, parseIpv6Prefix48, unmapIpv4, type IpRanges } from './ip-ranges.js';

const pack = (code: string) => (code.charCodeAt(0) << 8) | code.charCodeAt(1);

describe('IP ranges', () => {
  it.each([
    ['1.2.3.4', 16909060],
    ['0.0.0.0', 0],
    ['255.255.255.255', 4294967295],
    ['256.1.1.1', undefined],
    ['1.2.3', undefined],
    ['1.2.3.x', undefined],
    ['::1', undefined],
  ])('parses IPv4 %s', (text, expected) => {
    expect(parseIpv4(text)).toBe(expected);
  });

  it.each([
    ['2001:db8::1', 0x20010db80000],
    ['2a01:cb00:1:2:3:4:5:6', 0x2a01cb000001],
    ['::', 0],
    ['fe80::1%eth0', 0xfe8000000000],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 2 ** 48 - 1],
    ['1.2.3.4', undefined],
    ['2001:db8::1::2', undefined],
    ['12345::', undefined],
  ])('parses the upper 48 bits of IPv6 %s', (text, expected) => {
    expect(parseIpv6Prefix48(text)).toBe(expected);
  });

  it('unmaps IPv4-mapped IPv6 addresses', () => {
    expect(unmapIpv4('::ffff:8.8.8.8')).toBe('8.8.8.8');
    expect(unmapIpv4('2001:db8::1')).toBe('2001:db8::1');
  });

  it('finds the range holding an address, and nothing in the gaps', () => {
    const ranges: IpRanges = {
      starts: Uint32Array.from([10, 20, 40]),
      ends: Uint32Array.from([19, 29, 49]),
      countries: Uint16Array.from([pack('FR'), pack('DE'), pack('ES')]),
    };
    expect([5, 10, 19, 20, 29, 30, 40, 49, 50].map((value) => lookupRange(ranges, value))).toEqual([
      undefined,
      'FR',
      'FR',
      'DE',
      'DE',
      undefined,
      'ES',
      'ES',
      undefined,
    ]);
  });
});
