import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type OriginMode = 'healthy' | 'error' | 'hang';

/**
 * Local stand-ins for origin servers' health URLs: one HTTP server on 127.0.0.1 answering
 * `GET /{name}/health` as told: `healthy` (200), `error` (500) or `hang` (headers never sent).
 * Counts the requests per origin name with their arrival times.
 */
export class FakeOrigins {
  private readonly modes = new Map<string, OriginMode>();
  private readonly hits = new Map<string, number[]>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<FakeOrigins> {
    const holder: { fake?: FakeOrigins } = {};
    const server = http.createServer((request, response) => holder.fake?.handle(request, response));
    server.on('connection', (socket) => {
      holder.fake?.sockets.add(socket);
      socket.on('close', () => holder.fake?.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.fake = new FakeOrigins(server, `http://127.0.0.1:${port}`);
    return holder.fake;
  }

  healthUrl(name: string): string {
    return `${this.baseUrl}/${name}/health`;
  }

  set(name: string, mode: OriginMode): void {
    this.modes.set(name, mode);
  }

  /** Times (Date.now()) of the requests for `name` since `sinceMs`. */
  hitsSince(name: string, sinceMs: number): number[] {
    return (this.hits.get(name) ?? []).filter((at) => at >= sinceMs);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const name = (request.url ?? '/').split('/')[1] ?? '';
    const times = this.hits.get(name) ?? [];
    times.push(Date.now());
    this.hits.set(name, times);
    const mode = this.modes.get(name) ?? 'healthy';
    if (mode === 'hang') return; // never answers; the socket is destroyed at stop()
    response.writeHead(mode === 'healthy' ? 200 : 500, { 'content-type': 'text/plain' });
    response.end(mode === 'healthy' ? 'ok' : 'internal error');
  }
}
