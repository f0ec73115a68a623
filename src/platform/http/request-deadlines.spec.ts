import { RequestDeadlines, TrackedReply } from './request-deadlines.js';

interface FakeReply extends TrackedReply {
  answers: { status: number; body: Record<string, unknown> }[];
}

function fakeReply(url: string, state: { sent?: boolean; destroyed?: boolean } = {}): FakeReply {
  const headers: Record<string, string> = {};
  const reply = {
    sent: state.sent ?? false,
    raw: { headersSent: false, destroyed: state.destroyed ?? false },
    request: { url, id: `id-${url}` },
    answers: [] as FakeReply['answers'],
    statusCode: 200,
    header(name: string, value: string) {
      headers[name] = value;
      return reply;
    },
    status(code: number) {
      reply.statusCode = code;
      return reply;
    },
    send(body: Record<string, unknown>) {
      reply.answers.push({ status: reply.statusCode, body });
      reply.sent = true;
      return reply;
    },
  };
  return reply as unknown as FakeReply;
}

describe('RequestDeadlines', () => {
  it('answers 503 problem+json to the requests past the limit, and only to those', () => {
    let nowMs = 0;
    const deadlines = new RequestDeadlines(1000, () => nowMs);
    const slow = fakeReply('/intensity/IS?from=x');
    const answered = fakeReply('/regions');
    const gone = fakeReply('/footprint', { destroyed: true });
    deadlines.track(slow);
    deadlines.track(answered);
    deadlines.track(gone);
    nowMs = 600;
    const late = fakeReply('/simulate');
    deadlines.track(late);
    deadlines.release(answered);
    nowMs = 999;
    deadlines.sweep();
    expect(slow.answers).toEqual([]);
    nowMs = 1000;
    deadlines.sweep();
    expect(slow.answers).toEqual([
      {
        status: 503,
        body: expect.objectContaining({
          status: 503,
          instance: '/intensity/IS',
          requestId: 'id-/intensity/IS?from=x',
          detail: expect.stringContaining('REQUEST_TIMEOUT_MS'),
        }),
      },
    ]);
    expect(gone.answers).toEqual([]);
    // The request that started at 600 ms still has until 1600 ms.
    expect(late.answers).toEqual([]);
    expect(deadlines.inFlightCount).toBe(1);
    nowMs = 1600;
    deadlines.sweep();
    expect(late.answers.map((answer) => answer.status)).toEqual([503]);
    expect(deadlines.inFlightCount).toBe(0);
  });

  it('does not answer a request that was answered meanwhile', () => {
    let nowMs = 0;
    const deadlines = new RequestDeadlines(100, () => nowMs);
    const reply = fakeReply('/regions', { sent: true });
    deadlines.track(reply);
    nowMs = 500;
    deadlines.sweep();
    expect(reply.answers).toEqual([]);
    expect(deadlines.inFlightCount).toBe(0);
  });

  it('sweeps a few times per limit, at most every second', () => {
    expect(new RequestDeadlines(400).sweepEveryMs).toBe(100);
    expect(new RequestDeadlines(30_000).sweepEveryMs).toBe(1000);
    expect(new RequestDeadlines(60).sweepEveryMs).toBe(25);
  });

  it('leaves streaming routes alone', () => {
    const hooks = new RequestDeadlines(1000).routeHooks();
    expect(
      hooks({ url: '/consumption', method: 'GET', isNotFound: false, isStreaming: true }),
    ).toBeUndefined();
    expect(hooks({ url: '/regions', method: 'GET', isNotFound: false, isStreaming: false })).toMatchObject({
      onRequest: expect.any(Function),
      onResponse: expect.any(Function),
    });
  });
});
