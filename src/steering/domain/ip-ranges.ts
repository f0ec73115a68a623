/**
 * IP address → country by binary search over sorted, non-overlapping ranges (the layout of the
 * DB-IP Lite country CSVs, docs/DATA-SOURCES.md). IPv4 as 32-bit numbers; IPv6 by its upper 48
 * bits. Pure.
 */

export interface IpRanges {
  /** Sorted range starts: IPv4 as 32-bit numbers, IPv6 as 48-bit prefixes. */
  starts: ArrayLike<number>;
  ends: ArrayLike<number>;
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

/**
 * The upper 48 bits of an IPv6 address as a number (exact: below 2^53); undefined when not one.
 * Country allocations are /48 or wider, so 48 bits place an address; a range narrower than a /48
 * shares its prefix with its neighbours and the last of them wins.
 */
export function parseIpv6Prefix48(text: string): number | undefined {
  const address = text.split('%')[0];
  if (!/^[0-9a-fA-F:]+$/.test(address) || address.length < 2) return undefined;
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return parseInt(groups[0], 16) * 2 ** 32 + parseInt(groups[1], 16) * 2 ** 16 + parseInt(groups[2], 16);
}

/** The country code of the range holding `value`, or undefined. */
export function lookupRange(ranges: IpRanges, value: number): string | undefined {
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
