import type { FastifyReply, onRequestHookHandler, onResponseHookHandler } from 'fastify';
import { problem } from './problem.js';
import { sendProblem } from './problem-details.filter.js';
import { requestIdOf } from './request-id.js';
import type { RouteHookFactory } from './route-hooks.js';

/** The part of a reply the sweep looks at (a FastifyReply in the app; a stand-in in unit tests). */
export type TrackedReply = Pick<FastifyReply, 'sent' | 'request' | 'header'> & {
  raw: { headersSent: boolean; destroyed: boolean };
};

/**
 * REQUEST_TIMEOUT_MS for answers: a request not answered in time gets 503 problem+json (the work
 * behind it is not cancelled, and its late answer is dropped). Fastify's own `handlerTimeout`
 * does the same with an AbortController, a timer and a socket listener per request, a measurable
 * share of a warm read (docs/BENCHMARKS.md#request-deadlines). Here a request costs one Map insertion
 * and one deletion, and one timer sweeps the requests in flight a few times per timeout: the 503
 * goes out between the limit and the limit plus a quarter of it (at most one second late).
 *
 * Every request has the same limit, so the Map's insertion order is deadline order and a sweep
 * stops at the first request still within its time. Routes marked `@RouteConfig(STREAMING_ROUTE)`
 * are not tracked: a long download is not a stuck request.
 */
export class RequestDeadlines {
  private readonly inFlight = new Map<TrackedReply, number>();
  private timer: NodeJS.Timeout | undefined;
  readonly sweepEveryMs: number;

  constructor(
    readonly timeoutMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.sweepEveryMs = Math.min(1000, Math.max(25, Math.floor(timeoutMs / 4)));
  }

  start(): void {
    this.timer ??= setInterval(() => this.sweep(), this.sweepEveryMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  track(reply: TrackedReply): void {
    this.inFlight.set(reply, this.now() + this.timeoutMs);
  }

  release(reply: TrackedReply): void {
    this.inFlight.delete(reply);
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Answers 503 to every request past its deadline that has no answer yet. */
  sweep(nowMs = this.now()): void {
    for (const [reply, deadlineMs] of this.inFlight) {
      if (deadlineMs > nowMs) break;
      this.inFlight.delete(reply);
      // Answered already, or the client went away (an aborted request never reaches onResponse).
      if (reply.sent || reply.raw.headersSent || reply.raw.destroyed) continue;
      const request = reply.request;
      const body = problem(
        503,
        `The request took longer than the server allows (REQUEST_TIMEOUT_MS, ${this.timeoutMs} ms); retry later`,
        { instance: request.url.split('?')[0] ?? request.url, requestId: requestIdOf(request) },
      );
      sendProblem(reply as FastifyReply, body);
    }
  }

  /** Per-route hooks: track when a request starts, release when its answer is sent. */
  routeHooks(): RouteHookFactory {
    const onRequest: onRequestHookHandler = (_request, reply, done) => {
      this.inFlight.set(reply, this.now() + this.timeoutMs);
      done();
    };
    const onResponse: onResponseHookHandler = (_request, reply, done) => {
      this.inFlight.delete(reply);
      done();
    };
    return (route) => (route.isStreaming ? undefined : { onRequest, onResponse });
  }
}
