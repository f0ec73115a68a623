import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { IpRanges, lookupRange, parseIpv4, parseIpv6High64, unmapIpv4 } from '../domain/ip-ranges.js';

/** The npm package shipping DB-IP Lite country data (CC BY 4.0, docs/DATA-SOURCES.md). */
const PACKAGE = '@ip-location-db/dbip-country';

/**
 * Client IP → ISO country, from the DB-IP Lite country database shipped in an npm package: read
 * once into typed arrays (about 4 MB), looked up by binary search. Loading takes about a second:
 * it runs in the background from start-up, and lookups answer undefined until it is done (the
 * viewer then falls to the configured default country).
 */
@Injectable()
export class IpCountryDatabase implements OnApplicationBootstrap {
  private readonly logger = new Logger(IpCountryDatabase.name);
  private ipv4: IpRanges<Uint32Array> | undefined;
  private ipv6: IpRanges<BigUint64Array> | undefined;
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
    return this.ipv4 !== undefined;
  }

  countryOf(address: string): string | undefined {
    const plain = unmapIpv4(address);
    const v4 = parseIpv4(plain);
    if (v4 !== undefined) return this.ipv4 ? lookupRange(this.ipv4, v4) : undefined;
    const v6 = parseIpv6High64(plain);
    return v6 !== undefined && this.ipv6 ? lookupRange(this.ipv6, v6) : undefined;
  }

  private async read(): Promise<void> {
    const folder = dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`));
    const startedAt = Date.now();
    this.ipv4 = await readRanges(join(folder, 'dbip-country-ipv4-num.csv'), 'v4');
    this.ipv6 = await readRanges(join(folder, 'dbip-country-ipv6-num.csv'), 'v6');
    this.logger.log(
      `IP-to-country database loaded: ${this.ipv4.starts.length} IPv4 and ${this.ipv6.starts.length} IPv6 ranges in ${Date.now() - startedAt} ms`,
    );
  }
}

async function readRanges(file: string, kind: 'v4'): Promise<IpRanges<Uint32Array>>;
async function readRanges(file: string, kind: 'v6'): Promise<IpRanges<BigUint64Array>>;
async function readRanges(file: string, kind: 'v4' | 'v6'): Promise<IpRanges<Uint32Array | BigUint64Array>> {
  const starts: (number | bigint)[] = [];
  const ends: (number | bigint)[] = [];
  const countries: number[] = [];
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    const [start, end, country] = line.split(',');
    if (!country || country.length !== 2) continue;
    if (kind === 'v4') {
      starts.push(Number(start));
      ends.push(Number(end));
    } else {
      starts.push(BigInt(start) >> 64n);
      ends.push(BigInt(end) >> 64n);
    }
    countries.push((country.charCodeAt(0) << 8) | country.charCodeAt(1));
  }
  return kind === 'v4'
    ? {
        starts: Uint32Array.from(starts as number[]),
        ends: Uint32Array.from(ends as number[]),
        countries: Uint16Array.from(countries),
      }
    : {
        starts: BigUint64Array.from(starts as bigint[]),
        ends: BigUint64Array.from(ends as bigint[]),
        countries: Uint16Array.from(countries),
      };
}
