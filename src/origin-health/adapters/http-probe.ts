import http from 'node:http';
import https from 'node:https';
import type { ProbeOutcome } from '../domain/health-state.js';

/**
 * One GET of a health URL (docs/LATENCY-AND-HEALTH.md#origin-health). A failure is a 5xx, no
 * response headers within `timeoutMs`, or no connection (refused, reset, DNS); any answer below
 * 500 means the origin is serving. A new connection each time (no keep-alive), so the round trip
 * includes the connection set-up a viewer's first request pays. Never throws.
 */
export function probe(url: string, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const startedAt = performance.now();
    let settled = false;
    const finish = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    let request: http.ClientRequest;
    try {
      const client = url.startsWith('https:') ? https : http;
      request = client.get(
        url,
        { agent: false, headers: { 'user-agent': 'GreenStream-origin-probe' } },
        (response) => {
          const rttMs = Math.round((performance.now() - startedAt) * 10) / 10;
          const status = response.statusCode ?? 0;
          response.resume();
          finish({ ok: status > 0 && status < 500, rttMs, detail: `http ${status}` });
        },
      );
    } catch (error) {
      resolve({ ok: false, rttMs: null, detail: `error: ${(error as Error).message}` });
      return;
    }
    const timer = setTimeout(() => finish({ ok: false, rttMs: null, detail: 'timeout' }), timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish({
        ok: false,
        rttMs: null,
        detail: error.code === 'ECONNREFUSED' ? 'refused' : `error: ${error.code ?? error.message}`,
      }),
    );
  });
}
