/**
 * What the browser tests and the web benchmark share: a fresh build of web/ when the sources are newer than
 * web/dist, a real `keel serve --demo` on a temporary workspace (its own process, port 0), Debian's Chromium
 * driven by playwright-core (never a downloaded browser), and a watch on a page for console errors, page
 * errors, failed requests and HTTP errors.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type ConsoleMessage,
  type Page,
  type Request,
  type Response,
} from 'playwright-core';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const VIEWPORTS = {
  desktop: { width: 1440, height: 900 },
  mobile: { width: 390, height: 844 },
} as const;

export const hasChromium = (): boolean => existsSync(CHROMIUM);

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds web/dist unless it is newer than every source of it. */
export function ensureWebBuild(): void {
  const web = join(REPO, 'web');
  const built = join(web, 'dist', 'index.html');
  const sources = ['src', 'public', 'index.html', 'vite.config.ts']
    .map((p) => join(web, p))
    .filter(existsSync);
  const newest = Math.max(...sources.map(newestMtime));
  if (existsSync(built) && statSync(built).mtimeMs >= newest) return;
  const result = spawnSync(
    process.execPath,
    [join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web', '--logLevel', 'warn'],
    {
      cwd: REPO,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error(`vite build web failed (exit ${result.status})`);
}

export interface DemoServer {
  /** The server's origin, no trailing slash. */
  readonly url: string;
  /** The demo admin key, as `keel serve --demo` prints it. */
  readonly key: string;
  /** The dashboard link the server printed (signs in through the URL fragment). */
  readonly dashboard: string;
  stop(): Promise<void>;
}

/** `keel serve --demo --port 0` from the TypeScript sources on a workspace in `dir`; resolves once it listens. */
export function startDemoServer(dir: string): Promise<DemoServer> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPO, 'src', 'cli', 'main.ts'),
        'serve',
        '--demo',
        '--port',
        '0',
        '--db',
        join(dir, 'keel.duckdb'),
      ],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err = (err + chunk).slice(-4000)));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const dashboard = /dashboard\s+(http:\/\/\S+\/#key=(\S+))/.exec(out);
      const url = /API docs\s+(http:\/\/\S+)\/docs/.exec(out)?.[1];
      if (dashboard?.[1] && dashboard[2] && url)
        resolve({
          url,
          key: dashboard[2],
          dashboard: dashboard[1],
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
    });
    child.on('exit', (code) =>
      reject(new Error(`keel serve exited (${code}) before it was ready:\n${out}\n${err}`)),
    );
  });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface PageWatch {
  /** Everything that went wrong on the page since the watch began. */
  readonly problems: string[];
  stop(): void;
}

/** Watches a page for console errors, page errors, failed requests and HTTP errors. */
export function watchPage(page: Page): PageWatch {
  const problems: string[] = [];
  const onConsole = (m: ConsoleMessage) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  };
  const onError = (e: Error) => problems.push(`page error: ${e.message}`);
  const onFailed = (r: Request) => {
    // A navigation away cancels the previous page's requests; that is not a failure of the page.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  };
  const onResponse = (r: Response) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  };
  page.on('console', onConsole);
  page.on('pageerror', onError);
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  return {
    problems,
    stop: () => {
      page.off('console', onConsole);
      page.off('pageerror', onError);
      page.off('requestfailed', onFailed);
      page.off('response', onResponse);
    },
  };
}

/**
 * The browser's globals, for functions that run in the page. This file is type-checked without the DOM's types
 * (it is Node code), and string expressions would be refused by the app's content security policy. Functions
 * that run in the page are sent as source, so they must not call anything of this module.
 */
interface InPageElement {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly labels?: { readonly length: number } | null;
  getAttribute(name: string): string | null;
}
export interface InPage {
  readonly document: {
    querySelector(selector: string): unknown;
    querySelectorAll(selector: string): Iterable<InPageElement>;
    readonly documentElement: { readonly scrollWidth: number };
  };
  readonly innerWidth: number;
  readonly localStorage: { getItem(key: string): string | null };
}

/** Waits until a page shows no loading state (skeletons, trend placeholders) any more. */
export async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () => !(globalThis as unknown as InPage).document.querySelector('.loading, .spark-placeholder'),
    null,
    {
      timeout,
    },
  );
}

/**
 * Screen-reader basics a page must keep: headings that start at h1 and never skip a level, a name on every
 * form control, button and chart.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const d = (globalThis as unknown as InPage).document;
    const problems: string[] = [];
    let previous = 0;
    for (const h of d.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
      const level = Number(h.tagName.slice(1));
      if (previous === 0 ? level !== 1 : level > previous + 1)
        problems.push(`heading h${level} "${h.textContent ?? ''}" follows h${previous}`);
      previous = level;
    }
    for (const c of d.querySelectorAll('input, select, textarea'))
      if (!c.labels?.length && !c.getAttribute('aria-label'))
        problems.push(`unlabelled ${c.tagName.toLowerCase()}`);
    for (const b of d.querySelectorAll('button, a'))
      if (!(b.textContent ?? '').trim() && !b.getAttribute('aria-label'))
        problems.push(`${b.tagName.toLowerCase()} without a name`);
    for (const i of d.querySelectorAll('[role="img"]'))
      if (!i.getAttribute('aria-label')) problems.push('chart without a label');
    return problems;
  });
}

/** GET an API path with the key, as JSON. */
export async function apiJson<T>(server: DemoServer, path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.key}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
