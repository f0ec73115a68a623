// The page a player test opens: a real node:http server on 127.0.0.1 that serves the player library
// (hls.js or the DASH-IF reference player, from node_modules), a page that plays one manifest in a
// <video> element, and the manifest itself (which a test writes to point at its steering server).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';

const require = createRequire(import.meta.url);

const LIBRARIES = {
  hls: { packageName: 'hls.js', file: 'dist/hls.min.js', route: '/hls.min.js' },
  dash: { packageName: 'dashjs', file: 'dist/modern/umd/dash.all.min.js', route: '/dash.all.min.js' },
} as const;

/** A file of an installed package, found from its entry point (dashjs exports no deep paths). */
function packageFile(packageName: string, file: string): string {
  const entry = require.resolve(packageName);
  const marker = `${sep}node_modules${sep}${packageName}${sep}`;
  return join(entry.slice(0, entry.lastIndexOf(marker) + marker.length), file);
}

export type PlayerKind = keyof typeof LIBRARIES;

/**
 * Player settings for the tests: a short forward buffer (2 s), so the player keeps fetching one-second
 * segments all along instead of loading the whole stream at once, and steering left on.
 */
function script(kind: PlayerKind, manifestUrl: string): string {
  const url = JSON.stringify(manifestUrl);
  if (kind === 'hls') {
    return `
      const video = document.querySelector('video');
      const hls = new Hls({ maxBufferLength: 2, maxMaxBufferLength: 3, backBufferLength: 0, enableWorker: false });
      window.playerErrors = [];
      hls.on(Hls.Events.ERROR, (_, data) => { if (data.fatal) window.playerErrors.push(data.details); });
      hls.loadSource(${url});
      hls.attachMedia(video);
      video.muted = true;
      video.play().catch(() => {});
      window.player = hls;`;
  }
  return `
      const video = document.querySelector('video');
      const player = dashjs.MediaPlayer().create();
      window.playerErrors = [];
      player.updateSettings({
        debug: { logLevel: dashjs.Debug.LOG_LEVEL_WARNING },
        streaming: { buffer: { bufferTimeAtTopQuality: 2, bufferTimeAtTopQualityLongForm: 2, bufferTimeDefault: 2, bufferToKeep: 1 } },
      });
      player.on(dashjs.MediaPlayer.events.ERROR, (event) => window.playerErrors.push(String(event.error?.message ?? event.error)));
      video.muted = true;
      player.initialize(video, ${url}, true);
      window.player = player;`;
}

export class PlayerPage {
  private manifest = '';

  private constructor(
    private readonly kind: PlayerKind,
    private readonly server: http.Server,
  ) {}

  static async start(kind: PlayerKind): Promise<PlayerPage> {
    const library = readFileSync(packageFile(LIBRARIES[kind].packageName, LIBRARIES[kind].file));
    const server = http.createServer();
    const page = new PlayerPage(kind, server);
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      const pathname = new URL(request.url ?? '/', 'http://page').pathname;
      if (pathname === LIBRARIES[kind].route) {
        response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(library);
      } else if (pathname === '/manifest') {
        const type = kind === 'hls' ? 'application/vnd.apple.mpegurl' : 'application/dash+xml';
        response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(page.manifest);
      } else if (pathname === '/') {
        const html =
          `<!doctype html><html><head><meta charset="utf-8"><title>player</title>` +
          `<link rel="icon" href="data:,"></head><body><video width="160" height="90"></video>` +
          `<script src="${LIBRARIES[kind].route}"></script>` +
          `<script>${script(kind, `${page.baseUrl}/manifest`)}</script></body></html>`;
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return page;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The manifest (multivariant playlist or MPD) that the page plays. */
  setManifest(text: string): void {
    this.manifest = text;
  }

  get playerKind(): PlayerKind {
    return this.kind;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
