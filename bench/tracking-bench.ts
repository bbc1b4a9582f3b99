/**
 * Tracking API benchmark (`npm run bench:tracking [-- --runs N --seconds S --connections C1,C2 --batch B]`).
 *
 * What: sustained events/s and per-request latency (p50, p99) of `POST /v1/batch` on `keel serve`'s server,
 * side by side in the same run with a bare endpoint — node:http that reads each body, JSON-parses it and
 * answers 200, storing nothing — the most this machine and load generator can push through HTTP at all; and,
 * for context, the same bare endpoint on Hono (@hono/node-server), the HTTP stack Keel itself runs on.
 *
 * Why: the bar is Keel on DuckDB at ≥ 50% of the bare endpoint's events/s, with every acknowledged event
 * stored exactly once (checked after every run). Results go to bench/results/tracking.{md,json}.
 *
 * How: each contender runs in a child process (bench/tracking/server-child.ts) on a fresh workspace; this
 * process is the load generator (bench/tracking/load.ts): C connections, each with one request at a time,
 * batches of B events, a warm-up, then a measured window. Each contender runs at every connection count
 * given (default 8 and 32) and its sustained rate is the best of them: with too few connections a server
 * that answers only after a commit sits idle between groups, which says more about the load than the
 * server. Runs are interleaved and the machine is let go quiet before each (the import benchmark's settle()).
 * Then Keel's tracking path runs without HTTP (tracking/storage-path.ts), and the report works out from the
 * measured CPU per event the most this machine could carry.
 *
 * PostgreSQL: set KEEL_BENCH_DATABASE_URL; the benchmark creates and drops its own schema
 * `keel_tracking_bench` in that database (nothing else is touched). Without it that contender is skipped.
 *
 * Exit codes: 0 bar met; 1 bar missed; 2 the benchmark itself failed; 3 an acknowledged event was lost or
 * stored twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { redactUrl } from '../src/db/postgres/postgres-database.js';
import { machineFacts, settle } from './import/machine.js';
import { log, positiveInt, runBenchmark } from './run-child.js';
import { groupBatches, post, runLoad } from './tracking/load.js';
import {
  READY_PREFIX,
  readySchema,
  RESULT_PREFIX,
  serverResultSchema,
  type Contender,
  type ServerResult,
  type ServerTask,
} from './tracking/protocol.js';
import { median } from './import/report.js';
import { measureStoragePath } from './tracking/storage-path.js';
import {
  cpuBound,
  renderMarkdown,
  summariseAll,
  type ContenderSummary,
  type Bound,
  resultsTable,
  type RunResult,
  type TrackingReport,
} from './tracking/report.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_DIR = dirname(BENCH_DIR);
const WORK_DIR = join(BENCH_DIR, 'work', 'tracking');
const RESULTS_DIR = join(BENCH_DIR, 'results');
const CHILD = join(BENCH_DIR, 'tracking', 'server-child.ts');
const TARGET = 0.5;
const PG_SCHEMA = 'keel_tracking_bench';

interface Options {
  readonly runs: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: readonly number[];
  readonly batchSize: number;
  readonly users: number;
  readonly accounts: number;
  readonly postgresUrl: string | null;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      batch: { type: 'string' },
    },
  });
  return {
    runs: positiveInt(values.runs, '--runs', 2),
    seconds: positiveInt(values.seconds, '--seconds', 30),
    warmupSeconds: positiveInt(values.warmup, '--warmup', 5),
    connections: (values.connections ?? '8,32')
      .split(',')
      .map((c) => positiveInt(c.trim(), '--connections', 8)),
    batchSize: positiveInt(values.batch, '--batch', 100),
    users: 1_000,
    accounts: 100,
    postgresUrl: process.env.KEEL_BENCH_DATABASE_URL || null,
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function schemaUrl(url: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${PG_SCHEMA}`);
  return u.toString();
}

/** Starts a server child and waits for its READY line. */
async function startChild(
  task: ServerTask,
): Promise<{ child: ChildProcess; url: string; writeKey: string; result: Promise<ServerResult> }> {
  // process.execArgv carries tsx's loader flags, so the child runs TypeScript the way this process does.
  const child = spawn(process.execPath, [...process.execArgv, CHILD, JSON.stringify(task)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let stdout = '';
  let ready: ((v: { url: string; writeKey: string }) => void) | undefined;
  const readyPromise = new Promise<{ url: string; writeKey: string }>((resolve) => (ready = resolve));
  const result = new Promise<ServerResult>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith(READY_PREFIX));
      if (line) ready?.(readySchema.parse(JSON.parse(line.slice(READY_PREFIX.length))));
    });
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) reject(new Error(`${task.contender} server failed (exit code ${code})`));
      else resolve(serverResultSchema.parse(JSON.parse(line.slice(RESULT_PREFIX.length))));
    });
  });
  const { url, writeKey } = await Promise.race([
    readyPromise,
    result.then(() => {
      throw new Error(`${task.contender} server exited before it was ready`);
    }),
  ]);
  return { child, url, writeKey, result };
}

async function runOne(
  contender: Contender,
  run: number,
  connections: number,
  o: Options,
): Promise<RunResult> {
  const waited = await settle();
  const loadAverage = loadavg()[0] ?? 0;
  log(
    `\n[run ${run}/${o.runs}] ${contender}, ${connections} connections${waited > 2 ? ` (waited ${waited.toFixed(0)} s for the machine to go idle)` : ''}`,
  );
  const task: ServerTask =
    contender === 'keel-duckdb'
      ? { contender, dbPath: join(WORK_DIR, 'keel.duckdb') }
      : contender === 'keel-postgres' && o.postgresUrl
        ? { contender, postgresUrl: schemaUrl(o.postgresUrl) }
        : { contender };
  if (contender === 'keel-postgres' && o.postgresUrl)
    await adminQuery(o.postgresUrl, `DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE; CREATE SCHEMA ${PG_SCHEMA}`);
  const server = await startChild(task);
  const runId = randomBytes(4).toString('hex');
  if (contender === 'keel-duckdb' || contender === 'keel-postgres')
    for (const body of groupBatches(runId, o.users, o.accounts)) {
      const status = await post(server.url, server.writeKey, body);
      if (status !== 200) throw new Error(`setup group batch answered ${status}`);
    }
  const load = await runLoad({
    url: server.url,
    writeKey: server.writeKey,
    connections,
    batchSize: o.batchSize,
    warmupSeconds: o.warmupSeconds,
    seconds: o.seconds,
    runId,
    users: o.users,
  });
  server.child.stdin?.end('stop\n');
  const result = await server.result;
  if (contender === 'keel-postgres' && o.postgresUrl)
    await adminQuery(o.postgresUrl, `DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`);
  const exactlyOnce =
    contender === 'bare-endpoint' || contender === 'bare-hono'
      ? null
      : result.usageEvents === load.acknowledgedEvents && result.distinctUsageIds === result.usageEvents;
  log(
    `${contender}: ${Math.round(load.eventsPerSecond).toLocaleString('en-US')} events/s, p50 ${load.p50Ms.toFixed(1)} ms, ` +
      `p99 ${load.p99Ms.toFixed(1)} ms, statuses ${JSON.stringify(load.statuses)}, server CPU ${result.cpuSeconds.toFixed(1)} s` +
      (exactlyOnce === null
        ? ''
        : `, stored ${result.usageEvents} of ${load.acknowledgedEvents} acknowledged (${exactlyOnce ? 'exactly once' : 'MISMATCH'})`),
  );
  return {
    contender,
    run,
    connections,
    load,
    server: result,
    exactlyOnce,
    settleSeconds: waited,
    loadAverage,
  };
}

async function main(): Promise<number> {
  const o = parseOptions();
  await mkdir(WORK_DIR, { recursive: true });
  const contenders: Contender[] = ['bare-endpoint', 'bare-hono', 'keel-duckdb'];
  if (o.postgresUrl) contenders.push('keel-postgres');
  else log('keel-postgres: skipped — set KEEL_BENCH_DATABASE_URL');
  const { importCode: _unused, ...machine } = await machineFacts(REPO_DIR, o.postgresUrl);
  const all: RunResult[] = [];
  for (let run = 1; run <= o.runs; run++)
    for (const connections of o.connections)
      for (const contender of contenders) all.push(await runOne(contender, run, connections, o));

  const { levels, best } = summariseAll(contenders, o.connections, all);
  const ceiling = best.find((c) => c.contender === 'bare-endpoint') as ContenderSummary;
  const duck = best.find((c) => c.contender === 'keel-duckdb');
  log('\n[storage path] Keel without HTTP, in this process');
  await settle();
  const storagePath = await measureStoragePath({
    dbPath: join(WORK_DIR, 'storage-path.duckdb'),
    connections: duck?.connections ?? Math.max(...o.connections),
    batchSize: o.batchSize,
    users: o.users,
    accounts: o.accounts,
    bodies: 4_000,
  });
  log(
    `storage path: ${Math.round(storagePath.eventsPerSecond).toLocaleString('en-US')} events/s, ${storagePath.cpuUsPerEvent.toFixed(1)} µs CPU per event`,
  );
  // The generator's CPU per event is least at the ceiling's rate (fixed costs spread over more events): the
  // bound takes that, the figure most favourable to Keel.
  const loadCpuUsPerEvent = median(ceiling.runs.map((r) => r.load.loadCpuMsPer1kEvents));
  const bound: Bound = {
    storagePath,
    loadCpuUsPerEvent,
    httpCpuUsPerEvent: ceiling.cpuMsPer1kEvents,
    cpuBoundEventsPerSecond: cpuBound(machine.cpus, storagePath, ceiling.cpuMsPer1kEvents, loadCpuUsPerEvent),
  };
  const exactlyOnce = all.every((r) => r.exactlyOnce !== false);
  const report: TrackingReport = {
    machine,
    settings: {
      connections: o.connections,
      batchSize: o.batchSize,
      seconds: o.seconds,
      warmupSeconds: o.warmupSeconds,
      runs: o.runs,
      users: o.users,
      accounts: o.accounts,
      bodyBytes: all.find((r) => r.contender === 'keel-duckdb')?.load.bodyBytes ?? 0,
    },
    contenders: best,
    levels,
    bound,
    skipped: o.postgresUrl
      ? []
      : [{ contender: 'keel-postgres', reason: 'KEEL_BENCH_DATABASE_URL is not set' }],
    notes: [
      ...(duck
        ? [
            `Keel on DuckDB spends ${(duck.cpuMsPer1kEvents / Math.max(1e-9, ceiling.cpuMsPer1kEvents)).toFixed(0)}× the bare endpoint’s server CPU per event ` +
              `(${duck.cpuMsPer1kEvents.toFixed(1)} vs ${ceiling.cpuMsPer1kEvents.toFixed(1)} ms per 1,000 events): validating and normalising every event, ` +
              'the messageId claim in an indexed table, the usage_events insert, the ingestion log, the WAL flush per group commit and DuckDB’s checkpoints. ' +
              `That came to about ${((duck.cpuMsPer1kEvents * duck.eventsPerSecond) / 1e6).toFixed(1)} of the ${machine.cpus} CPUs: what holds the server back is Node’s one main thread, ` +
              'which does the HTTP, the parsing, the normalising and DuckDB’s appends, while DuckDB commits on threads of its own (see the storage path above).',
            'Where the time goes (node --cpu-prof of the DuckDB server, 2026-12-05): at 8 connections and about 42k events/s Node’s one main thread was idle a fifth of the time, waiting for commits, which is why more connections carry more. ' +
              'At 32 connections and about 66k events/s it was idle under a tenth, and of all its samples 25% are DuckDB’s appender writing the rows inside the transaction (flushing, which inserts into the messageId index of tracking_messages and runs synchronously on the calling thread: 16.7%; the per-value calls 8.6%), ' +
              '14% normalising events, 9% reading and JSON-parsing bodies, 7% garbage collection, the rest Hono, node:http and attribution. ' +
              'Tried and measured without gain (not kept): DuckDB appenders kept across transactions (44–46k vs 46k events/s), timestamps appended as values instead of text (within noise in isolation).',
          ]
        : []),
      'Server CPU is the server process’s user + system time over the whole run (setup and warm-up included; for Keel on DuckDB it includes the embedded DuckDB’s threads, for Keel on PostgreSQL not the database server’s own work), divided by the events it acknowledged.',
      'Before every run the harness runs sync(1) and waits (up to 30 s) for a one-second window with the CPUs ≥ 90% idle; other work on the machine still competes with the run.',
      ...(o.postgresUrl
        ? [
            `PostgreSQL at ${redactUrl(o.postgresUrl)}, schema \`${PG_SCHEMA}\` created fresh before each run and dropped after it.`,
          ]
        : []),
    ],
    acceptance: {
      threshold: TARGET,
      ratio: duck?.ratio ?? 0,
      pass: (duck?.ratio ?? 0) >= TARGET,
      exactlyOnce,
    },
  };
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(join(RESULTS_DIR, 'tracking.md'), renderMarkdown(report));
  await writeFile(join(RESULTS_DIR, 'tracking.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    `\n${resultsTable(report.contenders, o.batchSize)}\n\nresults: ${join(RESULTS_DIR, 'tracking.md')}, tracking.json\n`,
  );
  if (!exactlyOnce) {
    process.stdout.write(
      '\nFAIL: an acknowledged event was lost or stored twice (see the exactly-once column).\n',
    );
    return 3;
  }
  const ratio = report.acceptance.ratio;
  process.stdout.write(
    report.acceptance.pass
      ? `\nPASS: Keel on DuckDB takes ${(ratio * 100).toFixed(0)}% of the bare endpoint's events/s (target ${TARGET * 100}%).\n`
      : `\nMISS: Keel on DuckDB takes ${(ratio * 100).toFixed(0)}% of the bare endpoint's events/s; the target is ${TARGET * 100}%.\n`,
  );
  return report.acceptance.pass ? 0 : 1;
}

runBenchmark(main);
