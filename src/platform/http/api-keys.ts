import { createHash, timingSafeEqual } from 'node:crypto';

export type ApiRole = 'admin' | 'provider' | 'analyst';

export interface ApiKeyIdentity {
  role: ApiRole;
  /** A stable, non-reversible id of the key (hash prefix): safe to log and to scope data by. */
  keyId: string;
}

interface StoredKey {
  role: ApiRole;
  digest: Buffer;
  keyId: string;
}

function digestOf(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * Keys per role, held as SHA-256 digests. Lookup compares the presented key's digest with every
 * stored digest using `timingSafeEqual` and never stops early, so the time taken says nothing
 * about which key, or how much of one, matched.
 */
export class ApiKeyRegistry {
  private readonly keys: StoredKey[];

  constructor(keysByRole: Record<ApiRole, string[]>) {
    this.keys = (Object.entries(keysByRole) as [ApiRole, string[]][]).flatMap(([role, keys]) =>
      keys.map((key) => {
        const digest = digestOf(key);
        return { role, digest, keyId: digest.toString('hex').slice(0, 16) };
      }),
    );
  }

  identify(presentedKey: string): ApiKeyIdentity | undefined {
    const presented = digestOf(presentedKey);
    let found: StoredKey | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(key.digest, presented) && found === undefined) found = key;
    }
    return found ? { role: found.role, keyId: found.keyId } : undefined;
  }
}

/** Reads `Authorization: Bearer <key>`; undefined when absent or not a bearer credential. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
