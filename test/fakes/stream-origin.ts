import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';

/** One file an origin served: its path and when. */
export interface ServedFile {
  path: string;
  at: number;
}

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.mpd': 'application/dash+xml',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
};

/**
 * A video origin for player tests: a real node:http server on 127.0.0.1 that serves one directory (a
 * generated test stream) to a page of another origin (CORS), and records every file it served, so a
 * test can tell which pathway the player fetched its segments from.
 */
export class StreamOrigin {
  readonly served: ServedFile[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly name: string,
    private readonly server: http.Server,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(name: string, directory: string): Promise<StreamOrigin> {
    const root = path.resolve(directory);
    const server = http.createServer();
    const origin = new StreamOrigin(name, server);
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      response.setHeader('Access-Control-Allow-Origin', '*');
      if (request.method === 'OPTIONS') {
        response.writeHead(204, { 'Access-Control-Allow-Headers': '*' }).end();
        return;
      }
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://origin').pathname);
      const file = path.resolve(root, `.${pathname}`);
      if (!file.startsWith(`${root}${path.sep}`)) {
        response.writeHead(403).end();
        return;
      }
      stat(file).then(
        (info) => {
          if (!info.isFile()) throw new Error('not a file');
          origin.served.push({ path: pathname, at: Date.now() });
          response.writeHead(200, {
            'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
            'Content-Length': info.size,
            'Cache-Control': 'no-store',
          });
          createReadStream(file).pipe(response);
        },
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return origin;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Media segments served (playlists and manifests left out), in order. */
  segments(since = 0): ServedFile[] {
    return this.served.filter(
      (file) => file.at >= since && /\.(ts|m4s)$/.test(file.path) && !file.path.includes('init'),
    );
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
