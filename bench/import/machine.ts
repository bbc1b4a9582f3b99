/**
 * Facts about what was measured and where (code version, CPUs, memory, engine versions), and `settle()`,
 * which lets the machine go quiet between runs so one run's aftermath (page-cache writeback, PostgreSQL's
 * background work) is not billed to the next contender.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DuckDbSession } from '../../src/db/duckdb/duckdb-database.js';
import { sql } from '../../src/db/sql.js';
import type { Machine } from './report.js';

/** The code measured: HEAD, plus how many files under src/ differ from it (others may be editing). */
export function keelVersion(repoDir: string): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repoDir, encoding: 'utf8' }).trim();
  try {
    const changed = git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).length;
    return `${git('rev-parse', '--short', 'HEAD')}${changed ? ` + ${changed} uncommitted file(s) in src/` : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** The folders whose code an import runs; a change there mid-benchmark makes runs incomparable. */
const IMPORT_CODE = ['src/ingest', 'src/db', 'src/domain'];

/** A hash of the import code as it is on disk now, committed or not (tests excluded). */
export function importCodeFingerprint(repoDir: string): string {
  const hash = createHash('sha256');
  for (const dir of IMPORT_CODE) {
    const files = readdirSync(join(repoDir, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ts|sql)$/.test(f) && !f.endsWith('.test.ts'))
      .sort();
    for (const f of files) hash.update(`${dir}/${f}\0`).update(readFileSync(join(repoDir, dir, f)));
  }
  return hash.digest('hex').slice(0, 12);
}

async function duckDbVersion(): Promise<string> {
  const session = await DuckDbSession.open({ path: ':memory:' });
  try {
    const [row] = await session.query<{ v: string }>(sql`SELECT version() AS v`);
    return String(row?.v ?? 'unknown');
  } finally {
    session.close();
  }
}

async function postgresVersion(url: string | null): Promise<string | null> {
  if (!url) return null;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    return `PostgreSQL ${rows[0]?.v ?? 'unknown'}`;
  } finally {
    await client.end();
  }
}

export async function machineFacts(repoDir: string, postgresUrl: string | null): Promise<Machine> {
  const cpus = os.cpus();
  return {
    keel: keelVersion(repoDir),
    importCode: importCodeFingerprint(repoDir),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryGb: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    duckdb: await duckDbVersion(),
    postgres: await postgresVersion(postgresUrl),
    date: new Date().toISOString(),
  };
}

/** Jiffies spent idle (not counting I/O wait) and in total, from the first line of /proc/stat. */
function cpuJiffies(): { idle: number; total: number } | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return { idle: fields[3] ?? 0, total: fields.reduce((sum, n) => sum + n, 0) };
  } catch {
    return null; // not Linux: nothing to wait for
  }
}

/**
 * Flushes dirty pages, then waits until a one-second window is at least 90% idle (I/O wait counts as busy),
 * for at most `maxSeconds`. Returns the seconds waited.
 */
export async function settle(maxSeconds = 30): Promise<number> {
  const started = performance.now();
  try {
    execFileSync('sync');
  } catch {
    // no sync(1): carry on
  }
  for (;;) {
    const before = cpuJiffies();
    await sleep(1000);
    const after = cpuJiffies();
    const waited = (performance.now() - started) / 1000;
    if (!before || !after) return waited;
    const idleShare = (after.idle - before.idle) / Math.max(1, after.total - before.total);
    if (idleShare >= 0.9 || waited >= maxSeconds) return waited;
  }
}
