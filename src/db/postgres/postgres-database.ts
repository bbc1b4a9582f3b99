/**
 * The PostgreSQL adapter (15+). Queries go through a small pool; bulk data moves with COPY in both
 * directions (pg-copy-streams), never row by row. File work happens in an embedded scratch DuckDB
 * (`Staging`) whose validated rows are streamed into a temporary table here and upserted in one transaction.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { AppError } from '../../domain/errors.js';
import type {
  AppendValue,
  Database,
  JsonColumn,
  PublishResult,
  Queryable,
  Row,
  Staging,
  Transaction,
} from '../database.js';
import { DuckDbSession } from '../duckdb/duckdb-database.js';
import { duckdbType } from '../duckdb/duckdb-types.js';
import { runMigrations } from '../migrate.js';
import { sql, type Sql } from '../sql.js';
import { upsertStaged } from '../upsert.js';
import { postgresDialect } from './postgres-dialect.js';

export interface PostgresOptions {
  readonly url: string;
  /** Memory limit of the scratch DuckDB used for imports. */
  readonly stagingMemoryLimit?: string;
}

// COUNT(*) is int8: numbers, like the DuckDB adapter returns. Dates and numerics keep pg's defaults.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function wrap(error: unknown, q: Sql): AppError {
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(
    'database',
    `${message}\n  in: ${q.toQuery().text.replace(/\s+/g, ' ').slice(0, 300)}`,
    {
      cause: error,
    },
  );
}

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    query: async <T extends Row = Row>(q: Sql) => {
      const { text, params } = q.toQuery();
      try {
        return (await client.query(text, params as unknown[])).rows as T[];
      } catch (error) {
        throw wrap(error, q);
      }
    },
    exec: async (q: Sql) => {
      const { text, params } = q.toQuery();
      try {
        await client.query(text, params as unknown[]);
      } catch (error) {
        throw wrap(error, q);
      }
    },
  };
}

/**
 * `Transaction.append` on PostgreSQL: the rows as one JSON parameter, JSON columns carried as text and cast, so
 * callers pass the same values to both engines.
 */
async function appendRows(
  q: Queryable,
  table: string,
  columns: readonly JsonColumn[],
  rows: readonly (readonly AppendValue[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const records = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null])));
  const asText = columns.map((c) => (c.type === 'json' ? { ...c, type: 'text' as const } : c));
  const select = sql.join(
    columns.map((c) =>
      c.type === 'json' ? sql`CAST(r.${sql.ident(c.name)} AS json)` : sql`r.${sql.ident(c.name)}`,
    ),
  );
  await q.exec(sql`
    INSERT INTO ${sql.ident(table)} (${sql.join(columns.map((c) => sql.ident(c.name)))})
    SELECT ${select} FROM (${postgresDialect.jsonRecords(JSON.stringify(records), asText)}) r`);
}

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: withJitOff(options.url), max: 4, types });
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('database', `cannot connect to PostgreSQL: ${message}`, { cause: error });
  }
  pool.on('error', () => undefined); // an idle client's error surfaces on its next query instead of crashing
  const base = queryable(pool);

  async function transactionWithClient<T>(
    fn: (tx: Transaction, client: pg.PoolClient) => Promise<T>,
  ): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const q = queryable(client);
      const result = await fn(
        { ...q, append: (table, columns, rows) => appendRows(q, table, columns, rows) },
        client,
      );
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  const transaction = <T>(fn: (tx: Transaction) => Promise<T>) => transactionWithClient((tx) => fn(tx));

  async function openStaging(): Promise<Staging> {
    const dir = await mkdtemp(join(tmpdir(), 'keel-stage-'));
    const scratch = await DuckDbSession.open({
      path: ':memory:',
      tempDirectory: join(dir, 'spill'),
      ...(options.stagingMemoryLimit ? { memoryLimit: options.stagingMemoryLimit } : {}),
    });
    let fileNo = 0;
    const tempFile = () => join(dir, `part-${++fileNo}.csv`);
    return {
      run: (q, onProgress) => scratch.query(q, onProgress),
      snapshot: async (table, columns, into) => {
        const file = tempFile();
        const client = await pool.connect();
        try {
          const cols = sql.join(columns.map((c) => sql.ident(c))).toQuery().text;
          const out = client.query(
            copyTo(`COPY (SELECT ${cols} FROM "${table.name}") TO STDOUT (FORMAT csv)`),
          );
          await pipeline(out, createWriteStream(file));
        } finally {
          client.release();
        }
        const spec = columns.map((c) => {
          const column = table.columns.find((x) => x.name === c);
          return `'${c}': '${column ? duckdbType(column) : 'VARCHAR'}'`;
        });
        await scratch.exec(
          sql`CREATE OR REPLACE TABLE ${sql.ident(into)} AS SELECT * FROM read_csv(${sql.literal(file)}, header = false, quote = '"', escape = '"', columns = {${sql.raw(spec.join(', '))}})`,
        );
      },
      publish: (plans) =>
        transactionWithClient(async (tx, client) => {
          const results: PublishResult[] = [];
          for (const plan of plans) {
            const file = tempFile();
            await scratch.copyToFile(sql`SELECT * FROM ${sql.ident(plan.stagedTable)}`, file, 'csv');
            const target = sql.ident(plan.table.name);
            const [state] = await tx.query<{ empty: boolean }>(
              sql`SELECT NOT EXISTS (SELECT 1 FROM ${target}) AS "empty"`,
            );
            if (state?.empty) {
              // First load of a table: nothing to match, so COPY straight in rather than through a temporary
              // table, with the indexes built once afterwards instead of updated row by row.
              const rebuild = await withoutIndexes(tx, plan.table.name);
              const copy = client.query(copyFrom(`COPY "${plan.table.name}" FROM STDIN (FORMAT csv)`));
              await pipeline(createReadStream(file), copy);
              await rebuild();
              results.push({ table: plan.table.name, inserted: copy.rowCount, matched: 0, unchanged: 0 });
              continue;
            }
            const staged = `keel_stage_${plan.table.name}`;
            await tx.exec(
              sql`CREATE TEMP TABLE ${sql.ident(staged)} (LIKE ${target} INCLUDING DEFAULTS) ON COMMIT DROP`,
            );
            await pipeline(
              createReadStream(file),
              client.query(copyFrom(`COPY "${staged}" FROM STDIN (FORMAT csv)`)),
            );
            results.push(await upsertStaged(tx, plan.table, staged));
          }
          return results;
        }),
      copyToFile: (q, path, format) => scratch.copyToFile(q, path, format),
      close: async () => {
        scratch.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }

  return {
    description: `postgres ${redactUrl(options.url)}`,
    exclusiveWriter: false,
    dialect: postgresDialect,
    query: base.query,
    exec: base.exec,
    transaction,
    migrate: () => runMigrations({ ...base, transaction }, 'postgres'),
    openStaging,
    streamRows: async (q, onBatch, batchSize = 2048) => {
      const client = await pool.connect();
      try {
        const { text, params } = q.toQuery();
        const cursor = client.query(new Cursor<Row>(text, params as unknown[]));
        for (;;) {
          const rows = await cursor.read(batchSize);
          if (rows.length === 0) break;
          await onBatch(rows);
        }
        await cursor.close();
      } catch (error) {
        throw wrap(error, q);
      } finally {
        client.release();
      }
    },
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}

/**
 * Drops a table's primary key and indexes and returns a function that recreates them from their own
 * definitions (read from the catalog, so nothing here repeats the migrations). Inside the publishing
 * transaction, so a failure restores them with everything else.
 */
async function withoutIndexes(tx: Queryable, table: string): Promise<() => Promise<void>> {
  const constraints = await tx.query<{ name: string; definition: string }>(sql`
    SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
    WHERE conrelid = to_regclass(${table}) AND contype IN ('p', 'u') ORDER BY conname`);
  const indexes = await tx.query<{ name: string; definition: string }>(sql`
    SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
    WHERE x.indrelid = to_regclass(${table})
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
    ORDER BY i.relname`);
  for (const c of constraints)
    await tx.exec(sql`ALTER TABLE ${sql.ident(table)} DROP CONSTRAINT ${sql.ident(c.name)}`);
  for (const i of indexes) await tx.exec(sql`DROP INDEX ${sql.ident(i.name)}`);
  return async () => {
    // Definitions come from PostgreSQL's own catalog functions, not from input.
    for (const c of constraints) {
      await tx.exec(
        sql`ALTER TABLE ${sql.ident(table)} ADD CONSTRAINT ${sql.ident(c.name)} ${sql.raw(c.definition)}`,
      );
    }
    for (const i of indexes) await tx.exec(sql.raw(i.definition));
  };
}

/** Shown in summaries and logs: never print a password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * PostgreSQL's JIT compiles a plan for seconds when its cost estimate is high, which Keel's wide analytic
 * queries often are (one account's health took 3.1 s with it, 0.17 s without). It is switched off as a
 * connection option, appended to any `options` the URL already carries (e.g. a search_path).
 */
export function withJitOff(url: string): string {
  const parsed = new URL(url);
  const existing = parsed.searchParams.get('options');
  parsed.searchParams.set('options', [existing, '-c jit=off'].filter(Boolean).join(' '));
  return parsed.toString();
}
