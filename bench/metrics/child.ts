/**
 * One run of one contender of the metrics benchmark, in its own process so that its peak RSS is its own.
 * Started by bench/metrics-bench.ts with a JSON `ChildTask` as the only argument; prints progress to stderr and
 * one result line to stdout. Every contender opens the workspace READ-ONLY, with the memory_limit `keel metrics`
 * runs with; nothing is written to it.
 *
 * - keel-metrics / keel-metrics-demo: `computeMetrics(db, { period })`, the whole catalog, as `keel metrics
 *   --period P` runs it, on the database `openDuckDb` opens for `keel metrics` (a connection and a pool of read
 *   connections), read-only.
 * - handwritten-sql: bench/metrics-handwritten.sql, statement by statement, on a plain @duckdb/node-api connection.
 * - profile-families: each query family alone (METRIC_QUERIES[id](period), plus the FRT-by-channel breakdown),
 *   timed, then run again under DuckDB's JSON profiler to say where its time goes.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDbSession, openDuckDb } from '../../src/db/duckdb/duckdb-database.js';
import type { Queryable } from '../../src/db/database.js';
import { sql, type Sql } from '../../src/db/sql.js';
import { computeMetrics } from '../../src/metrics/compute-metrics.js';
import { frtByChannel, METRIC_QUERIES, type QueryId } from '../../src/metrics/metric-queries.js';
import { parsePeriod, type Period } from '../../src/metrics/period.js';
import { currentRssMb, peakRssMb, timed } from '../import/instrument.js';
import { keelValues, scriptValues } from './agreement.js';
import {
  RESULT_PREFIX,
  type ChildResult,
  type ChildTask,
  type Contender,
  type Operator,
  type ProfileResult,
  type Span,
  type Values,
} from './protocol.js';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function periodOf(task: ChildTask): Period {
  const period = parsePeriod(task.period);
  if (!period) throw new Error(`not a period: ${task.period}`);
  return period;
}

/**
 * Keel's own session class on one read-only connection, for the profile of each family alone: the same
 * memory_limit and the same three SET statements as `DuckDbSession.open`.
 */
async function openKeelReadOnly(task: ChildTask): Promise<DuckDbSession> {
  const instance = await DuckDBInstance.create(task.dbPath, {
    access_mode: 'READ_ONLY',
    memory_limit: task.memoryLimit,
  });
  const session = new DuckDbSession(instance, await instance.connect());
  await session.exec(sql`SET TimeZone = 'UTC'`);
  await session.exec(sql`SET enable_progress_bar = true`);
  await session.exec(sql`SET enable_progress_bar_print = false`);
  return session;
}

/** Every query computeMetrics may run, by its text: the family it belongs to. */
function familiesByText(period: Period): Map<string, string> {
  const byText = new Map<string, string>();
  for (const [id, build] of Object.entries(METRIC_QUERIES)) byText.set(build(period).toQuery().text, id);
  byText.set(frtByChannel(period).toQuery().text, 'frt_by_channel (breakdown)');
  return byText;
}

/** The same queryable, each query timed and summed under its family's name. */
function timedByFamily(db: Queryable, period: Period): { db: Queryable; spans: () => Span[] } {
  const byText = familiesByText(period);
  const totals = new Map<string, number>();
  const time = async <T>(q: Sql, fn: () => Promise<T>): Promise<T> => {
    const label = byText.get(q.toQuery().text) ?? 'other';
    const started = performance.now();
    try {
      return await fn();
    } finally {
      totals.set(label, (totals.get(label) ?? 0) + performance.now() - started);
    }
  };
  return {
    db: { query: (q) => time(q, () => db.query(q)), exec: (q) => time(q, () => db.exec(q)) },
    spans: () => [...totals].map(([label, ms]) => ({ label, seconds: ms / 1000 })),
  };
}

interface Measured {
  readonly openSeconds: number;
  readonly outputs: number;
  readonly computed: number;
  readonly spans: Span[];
  readonly values: Values;
}

async function keelMetrics(task: ChildTask): Promise<Measured> {
  const period = periodOf(task);
  const opened = performance.now();
  // What `keel metrics` opens — one connection for writes and a pool of read connections — read-only, as the
  // file is shared by every run.
  const session = await openDuckDb({ path: task.dbPath, memoryLimit: task.memoryLimit, readOnly: true });
  const openSeconds = (performance.now() - opened) / 1000;
  try {
    const clock = timedByFamily(session, period);
    const report = await computeMetrics(clock.db, { period });
    const computed = report.metrics.filter((m) => m.value !== null).length;
    log(`  ${report.metrics.length} metrics for ${report.period.label}, ${computed} with a value`);
    return {
      openSeconds,
      outputs: report.metrics.length,
      computed,
      spans: clock.spans(),
      values: keelValues(report),
    };
  } finally {
    await session.close();
  }
}

/** The period the script says it computes (`-- period: YYYY-MM`), which must be the one asked for. */
function scriptPeriod(text: string): string | null {
  return /^--\s*period:\s*(\S+)\s*$/m.exec(text)?.[1] ?? null;
}

async function handwrittenSql(task: ChildTask): Promise<Measured> {
  const script = await readFile(task.scriptPath, 'utf8');
  const declared = scriptPeriod(script);
  if (declared !== task.period) {
    throw new Error(`${task.scriptPath} computes ${declared ?? 'no declared period'}, not ${task.period}`);
  }
  const opened = performance.now();
  const instance = await DuckDBInstance.create(task.dbPath, {
    access_mode: 'READ_ONLY',
    memory_limit: task.memoryLimit,
  });
  const connection = await instance.connect();
  const openSeconds = (performance.now() - opened) / 1000;
  try {
    const statements = await connection.extractStatements(script);
    const resultSets: Record<string, unknown>[][] = [];
    const spans: Span[] = [];
    for (let i = 0; i < statements.count; i++) {
      const started = performance.now();
      const reader = await (await statements.prepare(i)).runAndReadAll();
      resultSets.push(reader.getRowObjectsJS());
      spans.push({
        label: `statement ${i + 1} (${reader.columnNames().slice(0, 3).join(', ')}, …)`,
        seconds: (performance.now() - started) / 1000,
      });
    }
    log(`  ${statements.count} statements`);
    return {
      openSeconds,
      outputs: statements.count,
      computed: statements.count,
      spans,
      values: scriptValues(resultSets),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

interface ProfileNode {
  operator_name?: string;
  operator_timing?: number;
  operator_cardinality?: number;
  operator_rows_scanned?: number;
  extra_info?: Record<string, unknown>;
  children?: ProfileNode[];
}

function describeOperator(node: ProfileNode): string {
  const info = node.extra_info ?? {};
  const text = (v: unknown): string =>
    typeof v === 'string' ? v : Array.isArray(v) ? v.map(text).join(', ') : JSON.stringify(v);
  const pick = (k: string) => (info[k] === undefined || info[k] === '' ? null : `${k}: ${text(info[k])}`);
  const detail = ['Table', 'Filters', 'Groups', 'Aggregates', 'Join Type', 'Conditions', 'CTE Name']
    .map(pick)
    .filter((x): x is string => x !== null)
    .join('; ');
  return detail.length > 220 ? `${detail.slice(0, 219)}…` : detail;
}

/** Flattens DuckDB's JSON profile: the slowest operators, and rows read per base table. */
function readProfile(root: ProfileNode): { operators: Operator[]; scanned: Record<string, number> } {
  const operators: Operator[] = [];
  const scanned: Record<string, number> = {};
  const walk = (node: ProfileNode) => {
    if (node.operator_name) {
      operators.push({
        name: node.operator_name,
        seconds: node.operator_timing ?? 0,
        rows: node.operator_cardinality ?? 0,
        detail: describeOperator(node),
      });
      const table = node.extra_info?.Table;
      if (typeof table === 'string' && node.operator_rows_scanned) {
        const name = table.split('.').at(-1) ?? table;
        scanned[name] = (scanned[name] ?? 0) + node.operator_rows_scanned;
      }
    }
    for (const child of node.children ?? []) walk(child);
  };
  walk(root);
  operators.sort((a, b) => b.seconds - a.seconds);
  return { operators: operators.slice(0, 6), scanned };
}

/** The dated columns the month filters read. */
const DATED: readonly [table: string, column: string][] = [
  ['usage_events', 'occurred_at'],
  ['tickets', 'created_at'],
  ['tickets', 'resolved_at'],
];

/**
 * Row groups of each dated column, and how many lie wholly outside the period by their min/max statistics —
 * those a date filter lets DuckDB skip. Read from `pragma_storage_info` (a segment's stats are text like
 * `[Min: 2024-01-01 00:01:16, Max: 2025-12-31 23:59:57][Has Null: …]`).
 */
async function zoneMaps(session: DuckDbSession, period: Period): Promise<ProfileResult['zoneMaps']> {
  const out: ProfileResult['zoneMaps'] = [];
  for (const [table, column] of DATED) {
    const [row] = await session.query<{ row_groups: number; skippable: number; unknown: number }>(sql`
      WITH s AS (
        SELECT row_group_id,
               MIN(TRY_CAST(regexp_extract(stats, 'Min: ([0-9:. -]+)', 1) AS TIMESTAMP)) AS lo,
               MAX(TRY_CAST(regexp_extract(stats, 'Max: ([0-9:. -]+)', 1) AS TIMESTAMP)) AS hi
        FROM pragma_storage_info(${sql.literal(table)})
        WHERE column_name = ${sql.literal(column)} AND segment_type = 'TIMESTAMP'
        GROUP BY row_group_id)
      SELECT COUNT(*) AS row_groups,
             COUNT(*) FILTER (WHERE hi < CAST(${sql.literal(period.start)} AS TIMESTAMP)
                                 OR lo >= CAST(${sql.literal(period.end)} AS TIMESTAMP)) AS skippable,
             COUNT(*) FILTER (WHERE lo IS NULL OR hi IS NULL) AS unknown
      FROM s`);
    out.push({
      table,
      column,
      rowGroups: Number(row?.row_groups ?? 0),
      skippable: Number(row?.skippable ?? 0),
      unknown: Number(row?.unknown ?? 0),
    });
  }
  return out;
}

async function profileFamilies(task: ChildTask): Promise<ProfileResult> {
  const period = periodOf(task);
  const session = await openKeelReadOnly(task);
  const profileFile = join(task.workDir, 'profile.json');
  try {
    const queries: [string, Sql][] = [
      ...(Object.keys(METRIC_QUERIES) as QueryId[]).map((id): [string, Sql] => [
        id,
        METRIC_QUERIES[id](period),
      ]),
      ['frt_by_channel (breakdown)', frtByChannel(period)],
    ];
    const families: ProfileResult['families'] = [];
    for (const [family, q] of queries) {
      const { timing } = await timed(() => session.query(q));
      await session.exec(sql`SET enable_profiling = 'json'`);
      await session.exec(sql`SET profiling_output = ${sql.literal(profileFile)}`);
      await session.query(q);
      await session.exec(sql`PRAGMA disable_profiling`);
      const profile = readProfile(JSON.parse(await readFile(profileFile, 'utf8')) as ProfileNode);
      log(`  ${family}: ${timing.seconds.toFixed(2)} s`);
      families.push({
        family,
        seconds: timing.seconds,
        cpuSeconds: timing.userSeconds + timing.systemSeconds,
        ...profile,
      });
    }
    return { workspace: task.workspace, zoneMaps: await zoneMaps(session, period), families };
  } finally {
    session.close();
    await rm(profileFile, { force: true });
  }
}

const RUNNERS: Record<Contender, (task: ChildTask) => Promise<Measured>> = {
  'keel-metrics': keelMetrics,
  'keel-metrics-demo': keelMetrics,
  'handwritten-sql': handwrittenSql,
};

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '') as ChildTask; // written by the parent, same code base
  const startRssMb = currentRssMb();
  if (task.kind === 'profile-families') {
    const result = await profileFamilies(task);
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
    return;
  }
  const contender = task.kind;
  const { value: measured, timing } = await timed(() => RUNNERS[contender](task));
  const result: ChildResult = {
    contender,
    run: task.run,
    seconds: timing.seconds,
    openSeconds: measured.openSeconds,
    userSeconds: timing.userSeconds,
    systemSeconds: timing.systemSeconds,
    minorFaults: timing.minorFaults,
    peakRssMb: peakRssMb(),
    startRssMb,
    outputs: measured.outputs,
    computed: measured.computed,
    spans: measured.spans,
    values: measured.values,
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
