/**
 * IP address → country by binary search over sorted, non-overlapping ranges (the layout of the
 * DB-IP Lite country CSVs, docs/DATA-SOURCES.md). IPv4 as 32-bit numbers; IPv6 by its upper 64
 * bits (country allocations are /64 or wider). Pure.
 */

export interface IpRanges<T extends Uint32Array | BigUint64Array> {
  starts: T;
  ends: T;
  /** Two ASCII letters per range, packed: (first << 8) | second. */
  countries: Uint16Array;
}

/** 1.2.3.4 → 16909060; undefined when not a dotted-quad IPv4 address. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** The upper 64 bits of an IPv6 address; undefined when not one. */
export function parseIpv6High64(text: string): bigint | undefined {
  const address = text.split('%')[0];
  if (!/^[0-9a-fA-F:]+$/.test(address) || address.length < 2) return undefined;
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups.slice(0, 4)) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  if (groups.slice(4).some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return value;
}

/** The country code of the range holding `value`, or undefined. */
export function lookupRange<T extends Uint32Array | BigUint64Array>(
  ranges: IpRanges<T>,
  value: T extends Uint32Array ? number : bigint,
): string | undefined {
  const { starts, ends, countries } = ranges;
  let low = 0;
  let high = starts.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (starts[middle] <= value) low = middle + 1;
    else high = middle - 1;
  }
  if (high < 0 || ends[high] < value) return undefined;
  const packed = countries[high];
  return String.fromCharCode(packed >> 8, packed & 0xff);
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; other addresses unchanged. */
export function unmapIpv4(address: string): string {
  return address.toLowerCase().startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
