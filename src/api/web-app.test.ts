import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebApp } from './web-app.js';

const INDEX =
  '<!doctype html><html><body><div id="root"></div><script src="/assets/app-1a2b.js"></script></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});`;

/** The server's own routes are registered first, as in createApp; then the web app; then the JSON 404. */
function appOver(dir: string) {
  const app = new Hono();
  app.get('/api/things', (c) => c.json({ things: [] }));
  app.get('/docs', (c) => c.html('<title>docs</title>'));
  app.get('/openapi.json', (c) => c.json({ openapi: '3.1.0' }));
  registerWebApp(app, dir);
  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'no route' } }, 404));
  return app;
}

describe('the web dashboard at /', () => {
  let dir: string;
  let empty: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keel-web-'));
    empty = await mkdtemp(join(tmpdir(), 'keel-web-empty-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(dir, 'assets', 'app-1a2b.js'), SCRIPT);
    await writeFile(join(dir, 'assets', 'app-1a2b.js.gz'), gzipSync(SCRIPT));
    await writeFile(join(dir, 'assets', 'app-1a2b.js.br'), brotliCompressSync(SCRIPT));
    await writeFile(join(dir, 'assets', 'app-1a2b.css'), 'body{margin:0}');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(empty, { recursive: true, force: true });
  });

  it('serves index.html at / with no-cache, a content security policy and nosniff', async () => {
    const res = await appOver(dir).request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(INDEX);
  });

  it('serves hashed assets with their content type as immutable, compressed when the browser accepts it', async () => {
    const app = appOver(dir);
    const plain = await app.request('/assets/app-1a2b.js');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await plain.text()).toBe(SCRIPT);

    const br = await app.request('/assets/app-1a2b.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(br.headers.get('vary')).toContain('Accept-Encoding');
    const gz = await app.request('/assets/app-1a2b.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');

    const css = await app.request('/assets/app-1a2b.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    const icon = await app.request('/favicon.svg');
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers client-side routes with the app, so a reload on any page works', async () => {
    const app = appOver(dir);
    for (const path of [
      '/accounts',
      '/accounts/acc-00001',
      '/service/cases/tkt-1',
      '/benchmarks?period=2026-11',
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(await res.text(), path).toBe(INDEX);
    }
  });

  it('never shadows the API, the docs or the OpenAPI document, and 404s missing files', async () => {
    const app = appOver(dir);
    expect(await (await app.request('/api/things')).json()).toEqual({ things: [] });
    expect(await (await app.request('/openapi.json')).json()).toEqual({ openapi: '3.1.0' });
    expect(await (await app.request('/docs')).text()).toContain('docs');
    for (const path of [
      '/api/nope',
      '/api',
      '/v1/track',
      '/docs/assets/missing.css',
      '/assets/gone-123.js',
      '/robots.txt',
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
    }
    // A POST to a page path is not a page load.
    expect((await app.request('/accounts', { method: 'POST' })).status).toBe(404);
  });

  it('serves nothing outside its folder', async () => {
    const app = appOver(dir);
    for (const path of ['/../package.json', '/assets/..%2f..%2findex.html', '/%2e%2e/etc/passwd']) {
      const res = await app.request(path);
      expect(await res.text(), path).not.toContain('"name"');
    }
  });

  it('keeps the placeholder page, which says how to build the dashboard, when it is not built', async () => {
    const res = await appOver(empty).request('/');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('npm run build');
    expect(page).toContain('/docs');
  });
});
