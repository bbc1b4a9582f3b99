/**
 * Serves the built web dashboard (web/dist, `npm run build:web`) at `/`: its files with their content types,
 * hashed assets as immutable and precompressed when the browser accepts it, and index.html for any other page
 * path so client-side routes survive a reload. The API's own paths are never answered with the app. Without a
 * build, `/` keeps the placeholder page that says how to build it.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Env, Hono } from 'hono';
import { registerHomePage } from './home-page.js';

/** web/dist from both src/api (tsx) and dist/api (the built server): two levels up is the repository. */
export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

/** Paths that belong to the server: an unknown one is a JSON 404, never the app's index.html. */
const SERVER_PATHS = /^\/(api|v1|docs|openapi\.json|healthz)(\/|$)/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/**
 * The app loads its scripts and styles from itself and talks only to this server. ECharts sets inline styles
 * on the SVG it draws, hence 'unsafe-inline' for styles (never for scripts).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export function webDistAvailable(dir = WEB_DIST): boolean {
  return existsSync(join(dir, 'index.html'));
}

export function registerWebApp<E extends Env>(app: Hono<E>, dir = WEB_DIST): void {
  if (!webDistAvailable(dir)) {
    registerHomePage(app);
    return;
  }
  const files = serveStatic<E>({ root: dir, precompressed: true });
  app.use('*', async (c, next) => {
    if (SERVER_PATHS.test(c.req.path)) return next();
    const res = await files(c, next);
    // A file was found (otherwise the handlers after this one answered, through `next`).
    if (res instanceof Response) {
      res.headers.set('x-content-type-options', 'nosniff');
      // Hashed names change with their content: cache them for good. Anything else is revalidated, so a new
      // build is picked up at once.
      res.headers.set('cache-control', c.req.path.startsWith('/assets/') ? IMMUTABLE : 'no-cache');
      if (res.headers.get('content-type')?.startsWith('text/html'))
        res.headers.set('content-security-policy', CSP);
    }
    return res;
  });
  // Client-side routes (/accounts/acc-1, /service/backlog): any GET for a page, not a file, gets the app.
  app.get('*', async (c, next) => {
    const path = c.req.path;
    if (SERVER_PATHS.test(path) || /\.[a-z0-9]+$/i.test(path.split('/').pop() ?? '')) return next();
    const html = await readFile(join(dir, 'index.html'), 'utf8').catch(() => null);
    if (html === null) return next();
    return c.html(html, 200, {
      'cache-control': 'no-cache',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
    });
  });
}
