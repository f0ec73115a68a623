import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { IpRanges, lookupRange, parseIpv4, parseIpv6Prefix48, unmapIpv4 } from '../domain/ip-ranges.js';

/** The npm package shipping DB-IP Lite country data (CC BY 4.0, docs/DATA-SOURCES.md). */
const PACKAGE = '@ip-location-db/dbip-country';
/** Lines parsed between two yields to the event loop while loading: 20,000 IPv6 lines held it for more than the 400 ms of a tight REQUEST_TIMEOUT_MS. */
const LINES_PER_TURN = 2_000;

/**
 * Client IP → ISO country, from the DB-IP Lite country database shipped in an npm package: read
 * once into typed arrays (about 8 MB), looked up by binary search. Loading takes a second or two
 * on an idle machine: it runs in the background from start-up, yielding to requests as it goes,
 * and lookups answer undefined until it is done (the viewer then falls to the default country).
 */
@Injectable()
export class IpCountryDatabase implements OnApplicationBootstrap {
  private readonly logger = new Logger(IpCountryDatabase.name);
  private ipv4: IpRanges | undefined;
  private ipv6: IpRanges | undefined;
  private loading: Promise<void> | undefined;

  onApplicationBootstrap(): void {
    void this.load();
  }

  /** Starts loading (once); resolves when loaded or failed. */
  load(): Promise<void> {
    this.loading ??= this.read().catch((error: unknown) => {
      this.logger.warn({ error: (error as Error).message }, 'IP-to-country database not loaded');
    });
    return this.loading;
  }

  get isLoaded(): boolean {
    return this.ipv4 !== undefined && this.ipv6 !== undefined;
  }

  countryOf(address: string): string | undefined {
    const plain = unmapIpv4(address);
    const v4 = parseIpv4(plain);
    if (v4 !== undefined) return this.ipv4 ? lookupRange(this.ipv4, v4) : undefined;
    const v6 = parseIpv6Prefix48(plain);
    return v6 !== undefined && this.ipv6 ? lookupRange(this.ipv6, v6) : undefined;
  }

  private async read(): Promise<void> {
    const folder = dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`));
    const startedAt = Date.now();
    this.ipv4 = await readRanges(join(folder, 'dbip-country-ipv4-num.csv'), Number);
    this.ipv6 = await readRanges(
      join(folder, 'dbip-country-ipv6.csv'),
      (text) => parseIpv6Prefix48(text) ?? NaN,
    );
    this.logger.log(
      `IP-to-country database loaded: ${this.ipv4.starts.length} IPv4 and ${this.ipv6.starts.length} IPv6 ranges in ${Date.now() - startedAt} ms`,
    );
  }
}

/** `start,end,CC` lines, sorted by start; lines that do not parse are skipped. */
async function readRanges(file: string, parse: (text: string) => number): Promise<IpRanges> {
  const text = await readFile(file, 'latin1');
  const capacity = countLines(text);
  const starts = new Float64Array(capacity);
  const ends = new Float64Array(capacity);
  const countries = new Uint16Array(capacity);
  let count = 0;
  let position = 0;
  let sinceYield = 0;
  while (position < text.length) {
    let lineEnd = text.indexOf('\n', position);
    if (lineEnd === -1) lineEnd = text.length;
    const firstComma = text.indexOf(',', position);
    const secondComma = firstComma === -1 ? -1 : text.indexOf(',', firstComma + 1);
    if (secondComma !== -1 && secondComma < lineEnd && lineEnd - secondComma >= 3) {
      const start = parse(text.slice(position, firstComma));
      const end = parse(text.slice(firstComma + 1, secondComma));
      if (Number.isFinite(start) && Number.isFinite(end)) {
        starts[count] = start;
        ends[count] = end;
        countries[count] = (text.charCodeAt(secondComma + 1) << 8) | text.charCodeAt(secondComma + 2);
        count++;
      }
    }
    position = lineEnd + 1;
    if (++sinceYield === LINES_PER_TURN) {
      sinceYield = 0;
      await nextTurn();
    }
  }
  return {
    starts: starts.subarray(0, count),
    ends: ends.subarray(0, count),
    countries: countries.subarray(0, count),
  };
}

function countLines(text: string): number {
  let lines = 1;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines++;
  return lines;
}
