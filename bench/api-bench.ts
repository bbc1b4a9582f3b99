/**
 * API latency benchmark (`npm run bench:api`): p50 / p95 / max latency of the dashboard's main endpoints on the
 * 500-account demo, as a browser would call them — one at a time, and four at once.
 *
 * How: the demo workspace is prepared once into bench/work/api/ (`keel serve --demo` does the preparing: demo,
 * a year of health history, a month of risk events), then `keel serve` runs in its own process and this
 * process sends the requests with fetch over HTTP (keep-alive), after a warm-up of each endpoint.
 * Results: bench/results/api.{md,json}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineFacts } from './import/machine.js';
import { log, positiveInt, runBenchmark } from './run-child.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_DIR = dirname(BENCH_DIR);
const WORK = join(BENCH_DIR, 'work', 'api');
const RESULTS_DIR = join(BENCH_DIR, 'results');

/** The endpoints the dashboard's pages load; `{account}` and `{ticket}` are filled from the data. */
export const ENDPOINTS: readonly { readonly page: string; readonly path: string }[] = [
  { page: 'overview', path: '/api/metrics' },
  { page: 'overview (trends)', path: '/api/metrics/trend?ids=nrr,grr,logo_churn_rate&months=12' },
  { page: 'benchmarks', path: '/api/benchmarks' },
  { page: 'lifecycle', path: '/api/lifecycle' },
  { page: 'maturity', path: '/api/maturity' },
  { page: 'capacity', path: '/api/capacity' },
  { page: 'health', path: '/api/health' },
  { page: 'account health', path: '/api/health/{account}' },
  { page: 'risk events', path: '/api/risk-events' },
  { page: 'accounts', path: '/api/accounts?band=critical&sort=arr&order=desc' },
  { page: 'account 360', path: '/api/accounts/{account}' },
  { page: 'cases', path: '/api/tickets?limit=50' },
  { page: 'case + sidebar', path: '/api/tickets/{ticket}' },
  { page: 'service: agents', path: '/api/support/agents' },
  { page: 'service: channels', path: '/api/support/channels' },
];

interface Served {
  readonly url: string;
  readonly key: string;
  readonly child: ChildProcess;
}

function serve(db: string): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, join(REPO_DIR, 'src/cli/main.ts'), 'serve', '--demo', '--port', '0', '--db', db],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const url = /API docs\s+(http:\/\/\S+)\/docs/.exec(out)?.[1];
      const key = /admin key\s+(\S+)/.exec(out)?.[1];
      if (url && key) resolve({ url, key, child });
    });
    child.on('exit', (code) => reject(new Error(`keel serve exited (${code}) before it was ready`)));
  });
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { requests: { type: 'string' } } });
  const requests = positiveInt(values.requests, '--requests', 50);
  await mkdir(WORK, { recursive: true });
  log('starting keel serve --demo on bench/work/api (the first run loads the demo)…');
  const server = await serve(join(WORK, 'keel.duckdb'));
  try {
    const headers = { authorization: `Bearer ${server.key}` };
    const get = async (path: string) => {
      const started = performance.now();
      const res = await fetch(server.url + path, { headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
      return { ms: performance.now() - started, bytes: body.length, body };
    };
    const health = JSON.parse((await get('/api/health')).body) as { accounts: { accountId: string }[] };
    const account = health.accounts[0]?.accountId ?? 'none';
    const tickets = JSON.parse((await get('/api/tickets?limit=1')).body) as { tickets: { id: string }[] };
    const ticket = tickets.tickets[0]?.id ?? 'none';
    const fill = (path: string) =>
      path.replace('{account}', encodeURIComponent(account)).replace('{ticket}', encodeURIComponent(ticket));
    const rows = [];
    for (const e of ENDPOINTS) {
      const path = fill(e.path);
      for (let i = 0; i < 3; i++) await get(path); // warm-up: DuckDB buffers, JIT
      const serial: number[] = [];
      let bytes = 0;
      for (let i = 0; i < requests; i++) {
        const r = await get(path);
        serial.push(r.ms);
        bytes = r.bytes;
      }
      const parallel: number[] = [];
      for (let i = 0; i < requests; i += 4) {
        const batch = await Promise.all([0, 1, 2, 3].map(() => get(path)));
        parallel.push(...batch.map((r) => r.ms));
      }
      serial.sort((a, b) => a - b);
      parallel.sort((a, b) => a - b);
      const row = {
        page: e.page,
        path: e.path,
        bytes,
        p50: percentile(serial, 50),
        p95: percentile(serial, 95),
        max: serial.at(-1) ?? NaN,
        p95Concurrent4: percentile(parallel, 95),
      };
      log(
        `  ${e.page.padEnd(16)} p50 ${row.p50.toFixed(1)} ms  p95 ${row.p95.toFixed(1)} ms  (4 at once: p95 ${row.p95Concurrent4.toFixed(1)} ms)`,
      );
      rows.push(row);
    }
    const machine = await machineFacts(REPO_DIR, null);
    const md = [
      '# API latency benchmark',
      '',
      `\`keel serve\` on the 500-account demo (DuckDB), ${requests} requests per endpoint after 3 warm-up requests, over HTTP with keep-alive from another process on the same machine. "4 at once": the same number of requests sent four at a time.`,
      '',
      '| page | endpoint | response | p50 | p95 | max | p95, 4 at once |',
      '|---|---|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.page} | \`${r.path}\` | ${(r.bytes / 1024).toFixed(0)} KB | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.max.toFixed(1)} ms | ${r.p95Concurrent4.toFixed(1)} ms |`,
      ),
      '',
      `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryGb.toFixed(0)} GB RAM, Node ${machine.node}, DuckDB ${machine.duckdb}, Keel ${machine.keel}. Produced by \`npm run bench:api\` on ${new Date().toISOString().slice(0, 10)}.`,
      '',
    ].join('\n');
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(join(RESULTS_DIR, 'api.md'), md);
    await writeFile(join(RESULTS_DIR, 'api.json'), JSON.stringify({ machine, requests, rows }, null, 2));
    process.stdout.write(md);
    return 0;
  } finally {
    server.child.kill('SIGTERM');
  }
}

runBenchmark(main);
