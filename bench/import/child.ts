/**
 * One benchmark run of one contender, in its own process so that its peak RSS is its own. Started by
 * `bench/import-bench.ts` with a JSON `ChildTask` as the only argument; prints progress to stderr and one
 * `ChildResult` line to stdout. Every database file it creates is fresh and removed afterwards.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../../src/db/database.js';
import { DEFAULT_MEMORY_LIMIT } from '../../src/config/load-config.js';
import { DuckDbSession, openDuckDb } from '../../src/db/duckdb/duckdb-database.js';
import { openPostgres } from '../../src/db/postgres/postgres-database.js';
import { sql } from '../../src/db/sql.js';
import { importFiles, type ImportReport } from '../../src/ingest/import-files.js';
import { currentRssMb, peakRssMb, PhaseClock, StatementClock, timed, type Timing } from './instrument.js';
import { RESULT_PREFIX, type ChildResult, type ChildTask, type Contender, type Span } from './protocol.js';

interface Measured extends Timing {
  readonly phases: Span[];
  readonly statements: Span[];
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function fail(message: string): never {
  throw new Error(`check failed: ${message}`);
}

async function removeDuckDb(path: string): Promise<void> {
  for (const p of [path, `${path}.wal`, `${path}.tmp`]) await rm(p, { recursive: true, force: true });
}

/** read = inserted = expected, nothing rejected, updated or refused, and the import committed. */
function checkReport(report: ImportReport, table: string, expected: number): void {
  const t = report.tables.find((x) => x.table === table);
  if (!t) fail(`the import report has no ${table} table`);
  const counts = `read ${t.read}, inserted ${t.inserted}, updated ${t.updated}, rejected ${t.rejected}`;
  if (t.read !== expected || t.inserted !== expected || t.rejected !== 0 || t.updated !== 0) {
    fail(`${table}: expected read = inserted = ${expected} and nothing rejected; got ${counts}`);
  }
  if (!report.committed || report.refusedFiles.length > 0 || report.rejectedRows !== 0) {
    const first = report.sample[0] ?? report.refusedFiles[0];
    fail(
      `${table}: import not clean (committed ${report.committed}); first problem: ${JSON.stringify(first)}`,
    );
  }
}

async function checkRowCount(count: () => Promise<number>, table: string, expected: number): Promise<void> {
  const n = await count();
  if (n !== expected) fail(`${table} holds ${n} rows after the run, expected ${expected}`);
}

async function countRows(
  db: Pick<Database, 'query'>,
  table: 'usage_events' | 'usage_events_plain',
): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${sql.ident(table)}`);
  return Number(row?.n ?? -1);
}

/** Migrate, import accounts (untimed), then time the usage_events import with phases and statements. */
async function measureKeelImport(db: Database, task: ChildTask, rejectsFile: string): Promise<Measured> {
  await rm(rejectsFile, { force: true }); // it is written only on rejection: a stale one would read as a failure
  await db.migrate();
  const accounts = await importFiles(db, { paths: [task.accountsCsv], rejectsFile });
  checkReport(accounts, 'accounts', task.accounts);

  const statements = new StatementClock();
  const clock = new PhaseClock(log);
  const { value: report, timing } = await timed(() =>
    importFiles(statements.wrap(db), { paths: [task.eventsCsv], rejectsFile, onProgress: clock.onProgress }),
  );
  checkReport(report, 'usage_events', task.rows);
  for (const w of report.warnings)
    log(`  note: plausibility warning on generated data: ${w.message} (${w.rows} rows)`);
  if (existsSync(rejectsFile)) fail(`a rejects file was written: ${rejectsFile}`);
  await checkRowCount(() => countRows(db, 'usage_events'), 'usage_events', task.rows);
  return { ...timing, phases: clock.phases(), statements: statements.statements() };
}

/** `memoryLimit` caps DuckDB's buffer memory: the capped contender shows that import streams and spills. */
async function keelDuckDb(task: ChildTask, memoryLimit?: string): Promise<Measured> {
  const path = join(task.workDir, `keel-duckdb-${task.run}.duckdb`);
  await removeDuckDb(path);
  const db = await openDuckDb({ path, ...(memoryLimit ? { memoryLimit } : {}) });
  try {
    return await measureKeelImport(db, task, join(task.workDir, `rejects-keel-duckdb-${task.run}.csv`));
  } finally {
    await db.close();
    await removeDuckDb(path);
  }
}

/** DuckDB on its own, as a user would load the file: auto-detected types, one statement. */
async function duckDbReadCsv(task: ChildTask): Promise<Measured> {
  const path = join(task.workDir, `read-csv-${task.run}.duckdb`);
  await removeDuckDb(path);
  // The same session settings as Keel's adapter (UTC, progress polling off-screen), so only the work differs.
  const session = await DuckDbSession.open({ path });
  try {
    const { timing } = await timed(() =>
      session.exec(
        sql`CREATE TABLE usage_events_plain AS SELECT * FROM read_csv(${sql.literal(task.eventsCsv)})`,
      ),
    );
    await checkRowCount(() => countRows(session, 'usage_events_plain'), 'usage_events_plain', task.rows);
    return { ...timing, phases: [], statements: [] };
  } finally {
    session.close();
    await removeDuckDb(path);
  }
}

/** Keel on PostgreSQL: the URL's `public` schema is dropped and recreated, then migrated, before each run. */
async function keelPostgres(task: ChildTask): Promise<Measured> {
  const url = process.env.KEEL_BENCH_DATABASE_URL;
  if (!url) throw new Error('KEEL_BENCH_DATABASE_URL is not set');
  const db = await openPostgres({ url });
  const freshSchema = async () => {
    await db.exec(sql`DROP SCHEMA IF EXISTS public CASCADE`);
    await db.exec(sql`CREATE SCHEMA public`);
  };
  try {
    await freshSchema();
    return await measureKeelImport(db, task, join(task.workDir, `rejects-keel-postgres-${task.run}.csv`));
  } finally {
    // Dropped again so that vacuuming or checkpointing 2.5M rows does not run into the next contender's run.
    await freshSchema().catch(() => undefined);
    await db.close();
  }
}

const RUNNERS: Record<Contender, (task: ChildTask) => Promise<Measured>> = {
  'keel-duckdb': (task) => keelDuckDb(task, DEFAULT_MEMORY_LIMIT), // what `keel import` runs with
  'keel-duckdb-256mb': (task) => keelDuckDb(task, '256MB'),
  'duckdb-read_csv': duckDbReadCsv,
  'keel-postgres': keelPostgres,
};

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '') as ChildTask; // written by the parent, same code base
  const startRssMb = currentRssMb();
  const measured = await RUNNERS[task.contender](task);
  const result: ChildResult = {
    contender: task.contender,
    run: task.run,
    rows: task.rows,
    seconds: measured.seconds,
    userSeconds: measured.userSeconds,
    systemSeconds: measured.systemSeconds,
    minorFaults: measured.minorFaults,
    peakRssMb: peakRssMb(),
    startRssMb,
    phases: measured.phases,
    statements: measured.statements,
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
