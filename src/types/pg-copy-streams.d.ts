// pg-copy-streams ships no types; only COPY ... FROM STDIN is used.
declare module 'pg-copy-streams' {
  import type { Writable } from 'node:stream';
  import type { Submittable } from 'pg';

  export type CopyStreamQuery = Writable & Submittable & { rowCount?: number };
  export function from(sql: string): CopyStreamQuery;
}
