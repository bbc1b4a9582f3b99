/**
 * Web dashboard benchmark (`npm run bench:web`): how fast each page of the dashboard loads in Chromium on the
 * 500-account demo, and how slow the API requests it makes are.
 *
 * How: web/ is built if stale, `keel serve --demo` runs in its own process on a workspace kept in
 * bench/work/web/ (the first run loads the demo), and Debian's Chromium (playwright-core) loads each page
 * `--loads` times (default 20): the first `--cold` (default 4) in a fresh browser context (empty cache), the
 * rest in one context after a first visit (scripts and styles cached, as for a person moving between pages;
 * every load is a full navigation, so the API data is fetched again each time). Per load it records the
 * navigation's load event, first contentful paint, and "content" — the moment the page's heading is shown and
 * no loading state is left, i.e. every figure on the page is drawn — all from navigation start; and the time of
 * each /api request from its start to its last byte. Results: bench/results/web.{md,json}.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser, Page, Request, Response } from 'playwright-core';
import {
  apiJson,
  ensureWebBuild,
  hasChromium,
  launchBrowser,
  startDemoServer,
  VIEWPORTS,
  type DemoServer,
} from '../web/e2e/harness.js';
import type { AccountList, TicketList } from '../web/src/api/types.js';
import { machineFacts } from './import/machine.js';
import { log, positiveInt, runBenchmark } from './run-child.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_DIR = dirname(BENCH_DIR);
const WORK = join(BENCH_DIR, 'work', 'web');
const RESULTS_DIR = join(BENCH_DIR, 'results');

/** The browser's globals used by the functions that run in the page (this file has no DOM types). */
interface InPage {
  readonly document: { querySelector(selector: string): unknown };
  readonly performance: {
    now(): number;
    getEntriesByType(
      type: string,
    ): { readonly name: string; readonly startTime: number; readonly loadEventEnd?: number }[];
  };
}

interface Load {
  readonly loadEvent: number;
  readonly firstContentfulPaint: number | null;
  readonly content: number;
  readonly apiRequests: number;
  readonly apiMs: number[];
  /** Bytes over the wire (compressed) of everything but the API: the app's code, styles and icon. */
  readonly assetBytes: number;
}

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const median = (values: readonly number[]) => percentile(values, 50);

async function pagesToVisit(server: DemoServer): Promise<{ name: string; path: string }[]> {
  const critical = await apiJson<AccountList>(
    server,
    '/api/accounts?band=critical&sort=arr&order=desc&limit=1',
  );
  const account = critical.accounts[0]?.id ?? 'none';
  const ticket = (
    await apiJson<TicketList>(server, `/api/tickets?accountId=${encodeURIComponent(account)}&limit=1`)
  ).tickets[0]?.id;
  return [
    { name: 'overview', path: '/' },
    { name: 'lifecycle', path: '/lifecycle' },
    { name: 'accounts (critical by ARR)', path: '/accounts?band=critical&sort=arr&order=desc' },
    { name: 'account 360', path: `/accounts/${encodeURIComponent(account)}` },
    { name: 'service: manager overview', path: '/service' },
    { name: 'service: agents', path: '/service/agents' },
    { name: 'service: satisfaction', path: '/service/satisfaction' },
    { name: 'service: backlog', path: '/service/backlog' },
    { name: 'service: channels', path: '/service/channels' },
    { name: 'service: knowledge', path: '/service/knowledge' },
    { name: 'service: omni-channel', path: '/service/omni-channel' },
    { name: 'service: telephony & chat', path: '/service/telephony-chat' },
    { name: 'service: cases', path: '/service/cases' },
    { name: 'case + agent sidebar', path: `/service/cases/${encodeURIComponent(ticket ?? 'none')}` },
    { name: 'benchmarks', path: '/benchmarks' },
    { name: 'capacity', path: '/capacity' },
    { name: 'maturity', path: '/maturity' },
  ];
}

async function measure(page: Page, url: string): Promise<Load> {
  const api: Request[] = [];
  let assetBytes = 0;
  const onFinished = (r: Request) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) api.push(r);
  };
  const onResponse = async (r: Response) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) return;
    const sizes = await r
      .request()
      .sizes()
      .catch(() => null);
    assetBytes += sizes?.responseBodySize ?? 0;
  };
  page.on('requestfinished', onFinished);
  page.on('response', onResponse);
  try {
    await page.goto(url, { waitUntil: 'load' });
    // Resolves with the page's clock at the first animation frame where the content is complete.
    const content = await page.waitForFunction(
      () => {
        const w = globalThis as unknown as InPage;
        return w.document.querySelector('main h1') &&
          !w.document.querySelector('.loading, .spark-placeholder')
          ? w.performance.now()
          : false;
      },
      null,
      { timeout: 60_000 },
    );
    const contentMs = (await content.jsonValue()) as number;
    const timing = await page.evaluate(() => {
      const w = globalThis as unknown as InPage;
      const nav = w.performance.getEntriesByType('navigation')[0];
      const fcp = w.performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
      return { load: nav?.loadEventEnd ?? NaN, fcp: fcp ? fcp.startTime : null };
    });
    await page.waitForLoadState('networkidle');
    const apiMs = api.map((r) => r.timing().responseEnd).filter((ms) => ms >= 0);
    return {
      loadEvent: timing.load,
      firstContentfulPaint: timing.fcp,
      content: contentMs,
      apiRequests: api.length,
      apiMs,
      assetBytes,
    };
  } finally {
    page.off('requestfinished', onFinished);
    page.off('response', onResponse);
  }
}

async function signedInContext(browser: Browser, server: DemoServer) {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  await context.addInitScript((key: string) => {
    (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
      'keel.apiKey',
      key,
    );
  }, server.key);
  return context;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { loads: { type: 'string' }, cold: { type: 'string' } } });
  const loads = positiveInt(values.loads, '--loads', 20);
  const coldLoads = Math.min(loads, positiveInt(values.cold, '--cold', 4));
  if (!hasChromium())
    throw new Error('needs Debian’s Chromium at /usr/bin/chromium (apt-get install -y chromium)');
  log('building web/ if stale…');
  ensureWebBuild();
  await mkdir(WORK, { recursive: true });
  log('starting keel serve --demo on bench/work/web (the first run loads the demo)…');
  const server = await startDemoServer(WORK);
  const browser = await launchBrowser();
  try {
    const pages = await pagesToVisit(server);
    const rows = [];
    for (const p of pages) {
      const url = `${server.url}${p.path}`;
      const cold: Load[] = [];
      for (let i = 0; i < coldLoads; i++) {
        const context = await signedInContext(browser, server);
        cold.push(await measure(await context.newPage(), url));
        await context.close();
      }
      const context = await signedInContext(browser, server);
      const page = await context.newPage();
      await measure(page, url); // fills the cache
      const warm: Load[] = [];
      for (let i = coldLoads; i < loads; i++) warm.push(await measure(page, url));
      await context.close();
      const all = [...cold, ...warm];
      const apiMs = all.flatMap((l) => l.apiMs);
      const row = {
        page: p.name,
        path: p.path,
        apiRequestsPerLoad: median(all.map((l) => l.apiRequests)),
        coldLoadEvent: median(cold.map((l) => l.loadEvent)),
        coldFirstContentfulPaint: median(cold.map((l) => l.firstContentfulPaint ?? NaN)),
        coldContent: median(cold.map((l) => l.content)),
        coldAssetKb: median(cold.map((l) => l.assetBytes)) / 1024,
        warmLoadEvent: median(warm.map((l) => l.loadEvent)),
        warmContent: median(warm.map((l) => l.content)),
        warmContentP95: percentile(
          warm.map((l) => l.content),
          95,
        ),
        apiP50: percentile(apiMs, 50),
        apiP95: percentile(apiMs, 95),
        apiMax: Math.max(...apiMs),
        loads: all.length,
      };
      log(
        `  ${p.name.padEnd(28)} cold: load ${row.coldLoadEvent.toFixed(0)} ms, content ${row.coldContent.toFixed(0)} ms · warm: content ${row.warmContent.toFixed(0)} ms · API p95 ${row.apiP95.toFixed(0)} ms (${row.apiRequestsPerLoad} requests)`,
      );
      rows.push(row);
    }
    const machine = await machineFacts(REPO_DIR, null);
    const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : '—');
    const md = [
      '# Web dashboard benchmark',
      '',
      `Each page of the dashboard loaded ${loads} times in Chromium ${browser.version()} (headless, 1440×900) from \`keel serve\` on the 500-account demo (DuckDB), on the same machine: ${coldLoads} cold loads (a fresh browser context, nothing cached) and ${loads - coldLoads} warm ones (the app's scripts and styles cached, as when moving between pages; each load is a full navigation, so the page fetches its API data again). Times are medians from navigation start: **load** is the load event, **content** the first frame where the page's heading is shown and no loading state is left (every figure drawn). **API p50 / p95** is over every /api request of every load of the page, from request start to last byte; the browser sends at most six at once to one origin, so a page's requests queue behind each other. **Assets** is what a cold load transfers besides the API (compressed).`,
      '',
      '| page | API requests | assets (cold) | cold: FCP | cold: load | cold: content | warm: load | warm: content (p95) | API p50 | API p95 |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.page} | ${r.apiRequestsPerLoad} | ${r.coldAssetKb.toFixed(0)} KB | ${ms(r.coldFirstContentfulPaint)} | ${ms(r.coldLoadEvent)} | ${ms(r.coldContent)} | ${ms(r.warmLoadEvent)} | ${ms(r.warmContent)} (${ms(r.warmContentP95)}) | ${ms(r.apiP50)} | ${ms(r.apiP95)} |`,
      ),
      '',
      `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryGb.toFixed(0)} GB RAM, Node ${machine.node}, DuckDB ${machine.duckdb}, Keel ${machine.keel}. Produced by \`npm run bench:web\` on ${new Date().toISOString().slice(0, 10)}.`,
      '',
    ].join('\n');
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(join(RESULTS_DIR, 'web.md'), md);
    await writeFile(
      join(RESULTS_DIR, 'web.json'),
      JSON.stringify({ machine, browser: browser.version(), loads, coldLoads, rows }, null, 2),
    );
    process.stdout.write(md);
    return 0;
  } finally {
    await browser.close();
    await server.stop();
  }
}

runBenchmark(main);
