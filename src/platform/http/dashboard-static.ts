import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where the dashboard is served (docs/DASHBOARD.md). */
export const DASHBOARD_PATH = '/dashboard/';

/**
 * The dashboard's own Content-Security-Policy, stricter than the API's: its scripts, styles, data and
 * images come from this origin only, nothing inline (no 'unsafe-inline' even for styles), no frames.
 */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
  "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

/** The built UI: `dist/web` beside the project's package.json (written by `npm run build`, Vite). */
export function dashboardRoot(from: string = fileURLToPath(import.meta.url)): string | undefined {
  let folder = dirname(from);
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
  const root = join(folder, 'dist', 'web');
  return existsSync(join(root, 'index.html')) ? root : undefined;
}

function dashboardHeaders(reply: FastifyReply, path: string): void {
  void reply.header('content-security-policy', DASHBOARD_CSP);
  // Vite names the assets by content hash: they never change; the page itself is revalidated.
  void reply.header(
    'cache-control',
    path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
}

/**
 * Serves the dashboard at /dashboard/ (with its CSP) and redirects `/` to it. Returns false, serving
 * nothing, when the UI has not been built (then `/` still redirects, and /dashboard/ is a 404).
 */
export function serveDashboard(
  fastify: FastifyInstance,
  root: string | undefined = dashboardRoot(),
): boolean {
  fastify.get('/', (_request, reply) => reply.redirect(DASHBOARD_PATH, 302));
  if (root === undefined) return false;
  void fastify.register(fastifyStatic, {
    root,
    prefix: DASHBOARD_PATH,
    decorateReply: false,
    redirect: true,
    index: 'index.html',
    setHeaders: dashboardHeaders,
  });
  return true;
}
