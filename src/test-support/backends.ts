/**
 * Every data test runs on both engines: DuckDB (a fresh file per test) always, and PostgreSQL (a fresh
 * schema per test) when KEEL_TEST_DATABASE_URL is set — CI sets it; locally the PostgreSQL suite is
 * skipped with that reason in its name.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import { loadConfig, type Config } from '../config/load-config.js';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';

export const PG_URL = process.env.KEEL_TEST_DATABASE_URL;
if (process.env.KEEL_REQUIRE_POSTGRES && !PG_URL) {
  throw new Error(
    'KEEL_REQUIRE_POSTGRES is set but KEEL_TEST_DATABASE_URL is not: the PostgreSQL tests cannot run',
  );
}

export interface BackendContext {
  /** The open, migrated workspace of the current test. */
  db: Database;
  /** The config that opens this test's workspace (for CLI runs: `cliArgs`). */
  config: Config;
  /** `--db …` or `--database-url …` for spawning the CLI against this test's workspace. */
  cliArgs: string[];
  /** A fresh temporary folder for the test's files. */
  dir: string;
  engine: 'duckdb' | 'postgres';
}

let schemaNo = 0;

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

async function setUp(engine: 'duckdb' | 'postgres'): Promise<BackendContext & { teardown(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'keel-test-'));
  let cliArgs: string[];
  let dropWorkspace = async () => undefined as void;
  if (engine === 'duckdb') {
    cliArgs = ['--db', join(dir, 'keel.duckdb')];
  } else {
    const schema = `keel_test_${process.pid}_${++schemaNo}_${Date.now() % 100000}`;
    await adminQuery(`CREATE SCHEMA "${schema}"`);
    const url = new URL(PG_URL ?? '');
    url.searchParams.set('options', `-c search_path=${schema}`);
    cliArgs = ['--database-url', url.toString()];
    dropWorkspace = () => adminQuery(`DROP SCHEMA "${schema}" CASCADE`);
  }
  const config =
    engine === 'duckdb' ? loadConfig({ db: cliArgs[1] }, {}) : loadConfig({ databaseUrl: cliArgs[1] }, {});
  const db = await openDatabase(config);
  await db.migrate();
  return {
    db,
    config,
    dir,
    engine,
    cliArgs,
    teardown: async () => {
      await db.close();
      await dropWorkspace();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Declares `body` once per engine; each test gets a fresh migrated workspace through the returned context. */
export function describeEachBackend(
  name: string,
  body: (ctx: BackendContext) => void,
  engines: readonly ('duckdb' | 'postgres')[] = ['duckdb', 'postgres'],
): void {
  for (const engine of engines) {
    const skip = engine === 'postgres' && !PG_URL;
    const title = skip ? `${name} [postgres: skipped, set KEEL_TEST_DATABASE_URL]` : `${name} [${engine}]`;
    describe.skipIf(skip)(title, () => {
      const ctx = {} as BackendContext;
      let teardown: (() => Promise<void>) | undefined;
      beforeEach(async () => {
        const made = await setUp(engine);
        teardown = made.teardown;
        Object.assign(ctx, made);
      });
      afterEach(async () => {
        await teardown?.();
      });
      body(ctx);
    });
  }
}

/** Opens two fresh workspaces, one per engine, for cross-engine comparisons. */
export async function openBoth(): Promise<{
  duck: BackendContext;
  pg: BackendContext;
  teardown(): Promise<void>;
}> {
  const duck = await setUp('duckdb');
  const pgCtx = await setUp('postgres');
  return {
    duck,
    pg: pgCtx,
    teardown: async () => {
      await duck.teardown();
      await pgCtx.teardown();
    },
  };
}
