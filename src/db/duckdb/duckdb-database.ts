/**
 * The DuckDB adapter: one embedded database file; one connection for writes, a small pool for reads. DuckDB allows a single writing process
 * per file, so a lock conflict is turned into an error that names the holder and what to do.
 * Staging for imports runs on the same connection in temporary tables, which DuckDB spills to
 * `<file>.tmp` when they outgrow memory — that is what keeps a 5 GB import in bounded memory.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { AppError } from '../../domain/errors.js';
import type {
  AppendValue,
  Database,
  JsonColumn,
  PublishPlan,
  PublishResult,
  Queryable,
  Row,
  Staging,
  Transaction,
} from '../database.js';
import { runMigrations } from '../migrate.js';
import { sql, type Sql } from '../sql.js';
import { upsertStaged } from '../upsert.js';
import { duckdbDialect } from './duckdb-dialect.js';

export interface DuckDbOptions {
  /** File path, or ':memory:'. */
  readonly path: string;
  /** DuckDB memory_limit, e.g. '2GB'; DuckDB's default (80% of RAM) when absent. */
  readonly memoryLimit?: string;
  /** Directory for spilled temporary data; DuckDB's default when absent. */
  readonly tempDirectory?: string;
  /** Open without write access (other readers may share the file); for benchmarks. */
  readonly readOnly?: boolean;
}

/** BIGINT counts come back as bigint; callers get numbers (or text when beyond 2^53). */
function toRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v;
  }
  return out;
}

/** A thin wrapper over one DuckDB connection, shared by the workspace adapter and PostgreSQL's scratch staging. */
export class DuckDbSession implements Queryable {
  private queue: Promise<unknown> = Promise.resolve();
  private inFlight = 0;

  constructor(
    readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(options: DuckDbOptions): Promise<DuckDbSession> {
    const config: Record<string, string> = {};
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.tempDirectory) config.temp_directory = options.tempDirectory;
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    // DuckDB checkpoints when the WAL passes this size, rewriting changed tables and indexes while writes
    // wait. At the 16 MB default, sustained tracking ingest checkpointed every second or so (p99 164 ms); at
    // 256 MB the p99 is 60 ms (bench/results/tracking.md). The cost is a longer WAL replay after a crash.
    config.checkpoint_threshold = '256MB';
    let instance: DuckDBInstance;
    try {
      if (options.path !== ':memory:') await mkdir(dirname(options.path), { recursive: true });
      instance = await DuckDBInstance.create(options.path, config);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const holder = /Conflicting lock is held in (.+?) \(PID (\d+)\)/.exec(message);
      if (holder) {
        throw new AppError(
          'database_locked',
          `${options.path} is in use by another process (${holder[1]}, PID ${holder[2]}). DuckDB allows one writer per file: ` +
            `stop that process (for example a running \`keel serve\`), or point this command at another workspace with --db.`,
          { cause: error },
        );
      }
      throw new AppError('database', `cannot open DuckDB file ${options.path}: ${message}`, { cause: error });
    }
    return DuckDbSession.connect(instance);
  }

  /** A further connection to the same database, configured like the first. */
  static async connect(instance: DuckDBInstance): Promise<DuckDbSession> {
    const session = new DuckDbSession(instance, await instance.connect());
    // Timestamps are stored as UTC without a zone; parse and print them in UTC whatever the machine says.
    await session.exec(sql`SET TimeZone = 'UTC'`);
    // Progress is polled (see `query`) rather than printed by DuckDB itself.
    await session.exec(sql`SET enable_progress_bar = true`);
    await session.exec(sql`SET enable_progress_bar_print = false`);
    return session;
  }

  /** Resolves when every statement queued so far has finished (closing a busy connection crashes DuckDB). */
  async drain(): Promise<void> {
    await this.queue;
  }

  /** Statements queued or running on this connection. */
  get pending(): number {
    return this.inFlight;
  }

  /** Statements on one connection must not interleave (a transaction is connection state). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    this.inFlight++;
    const next = this.queue.then(fn, fn).finally(() => this.inFlight--);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private wrap(error: unknown, q: Sql): AppError {
    const message = error instanceof Error ? error.message : String(error);
    const text = q.toQuery().text.replace(/\s+/g, ' ').slice(0, 300);
    return new AppError('database', `${message}\n  in: ${text}`, { cause: error });
  }

  private async rawQuery<T extends Row>(q: Sql): Promise<T[]> {
    const { text, params } = q.toQuery();
    try {
      const reader = await this.connection.runAndReadAll(text, params as DuckDBValue[]);
      return reader.getRowObjectsJS().map((row) => toRow(row) as T);
    } catch (error) {
      throw this.wrap(error, q);
    }
  }

  private async rawExec(q: Sql): Promise<void> {
    const { text, params } = q.toQuery();
    try {
      await this.connection.run(text, params as DuckDBValue[]);
    } catch (error) {
      throw this.wrap(error, q);
    }
  }

  /** Each table's column names in declared order, read once: the appender fills every column by position. */
  private readonly tableColumns = new Map<string, readonly string[]>();

  private async rawAppend(
    table: string,
    columns: readonly JsonColumn[],
    rows: readonly (readonly AppendValue[])[],
  ): Promise<void> {
    if (rows.length === 0) return;
    let declared = this.tableColumns.get(table);
    if (declared === undefined) {
      const found = await this.rawQuery<{ name: string }>(
        sql`SELECT column_name AS name FROM duckdb_columns() WHERE table_name = ${table} AND schema_name = current_schema() ORDER BY column_index`,
      );
      declared = found.map((r) => r.name);
      this.tableColumns.set(table, declared);
    }
    const given = columns.map((c) => c.name);
    if (given.join() !== declared.join())
      throw new Error(
        `append to ${table}: columns (${given.join(', ')}) are not the table's (${declared.join(', ')})`,
      );
    const appender = await this.connection.createAppender(table);
    try {
      for (const row of rows) {
        columns.forEach((c, i) => {
          const v = row[i];
          if (v === null || v === undefined) appender.appendNull();
          else if (typeof v === 'number') {
            if (c.type === 'integer') appender.appendInteger(v);
            else appender.appendDouble(v);
          } else appender.appendVarchar(v); // DuckDB casts text to the column's type (TIMESTAMP, DATE, JSON)
        });
        appender.endRow();
      }
      appender.flushSync();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new AppError('database', `${message}\n  in: append to ${table}`, { cause: error });
    } finally {
      try {
        appender.closeSync();
      } catch {
        // a failed flush leaves nothing to close; its error is the one that matters
      }
    }
  }

  /** `onProgress` receives DuckDB's own estimate (0–100) while a long statement runs. */
  query<T extends Row = Row>(q: Sql, onProgress?: (percent: number) => void): Promise<T[]> {
    return this.serial(async () => {
      const timer = onProgress
        ? setInterval(() => {
            const { percentage } = this.connection.progress;
            if (percentage >= 0) onProgress(percentage);
          }, 500)
        : undefined;
      try {
        return await this.rawQuery<T>(q);
      } finally {
        clearInterval(timer);
      }
    });
  }

  exec(q: Sql): Promise<void> {
    return this.serial(() => this.rawExec(q));
  }

  /** Runs fn between BEGIN and COMMIT; fn's statements bypass the queue, which the transaction holds. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      const direct: Transaction = {
        query: (q) => this.rawQuery(q),
        exec: (q) => this.rawExec(q),
        append: (table, columns, rows) => this.rawAppend(table, columns, rows),
      };
      await this.connection.run('BEGIN TRANSACTION');
      try {
        const result = await fn(direct);
        await this.connection.run('COMMIT');
        return result;
      } catch (error) {
        await this.connection.run('ROLLBACK');
        throw error;
      }
    });
  }

  async streamRows(q: Sql, onBatch: (rows: Row[]) => Promise<void>, batchSize = 2048): Promise<void> {
    await this.serial(async () => {
      const { text, params } = q.toQuery();
      const result = await this.connection.stream(text, params as DuckDBValue[]).catch((e: unknown) => {
        throw this.wrap(e, q);
      });
      let batch: Row[] = [];
      for await (const rows of result.yieldRowObjectJs()) {
        for (const row of rows) batch.push(toRow(row));
        if (batch.length >= batchSize) {
          await onBatch(batch);
          batch = [];
        }
      }
      if (batch.length) await onBatch(batch);
    });
  }

  async copyToFile(q: Sql, path: string, format: 'csv' | 'parquet'): Promise<void> {
    const options = format === 'csv' ? sql`(FORMAT csv, HEADER false)` : sql`(FORMAT parquet)`;
    await this.exec(sql`COPY (${q}) TO ${sql.literal(path)} ${options}`);
  }

  private closed = false;

  /** Idempotent: tests and the CLI may both close. `keepInstance` leaves the database open for other connections. */
  close(keepInstance = false): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    if (!keepInstance) this.instance.closeSync();
  }
}

/**
 * Read-only statements outside transactions go to a few extra connections, so independent reads (the metric
 * families of one report, the API's concurrent requests) run side by side instead of queueing behind one
 * another and behind writes. Each read sees what was committed when it started. Writes, transactions,
 * staging and its temporary tables stay on the main connection.
 */
class ReadPool {
  private constructor(private readonly readers: readonly DuckDbSession[]) {}

  /** `size` ≥ 1. */
  static async open(main: DuckDbSession, size: number): Promise<ReadPool> {
    const readers: DuckDbSession[] = [];
    for (let i = 0; i < size; i++) readers.push(await DuckDbSession.connect(main.instance));
    return new ReadPool(readers);
  }

  query<T extends Row>(q: Sql): Promise<T[]> {
    const reader = this.readers.reduce((a, b) => (b.pending < a.pending ? b : a));
    return reader.query<T>(q);
  }

  async close(): Promise<void> {
    await Promise.all(this.readers.map((r) => r.drain()));
    for (const r of this.readers) r.close(true);
  }
}

/** Extra read connections: DuckDB runs each query on all cores, so a couple are enough to overlap waits. */
export const READ_CONNECTIONS = 3;

export async function openDuckDb(options: DuckDbOptions): Promise<Database> {
  const session = await DuckDbSession.open(options);
  const reads = await ReadPool.open(session, READ_CONNECTIONS);
  const staging: Staging = {
    run: (q, onProgress) => session.query(q, onProgress),
    snapshot: async (table, columns, into) => {
      const cols = sql.join(columns.map((c) => sql.ident(c)));
      await session.exec(
        sql`CREATE OR REPLACE TEMP VIEW ${sql.ident(into)} AS SELECT ${cols} FROM main.${sql.ident(table.name)}`,
      );
    },
    publish: (plans: readonly PublishPlan[]) =>
      session.transaction(async (tx) => {
        const results: PublishResult[] = [];
        for (const plan of plans) results.push(await upsertStaged(tx, plan.table, plan.stagedTable));
        return results;
      }),
    copyToFile: (q, path, format) => session.copyToFile(q, path, format),
    close: async () => {
      const temps = await session.query<{ name: string; kind: string }>(
        sql`SELECT table_name AS name, 'TABLE' AS kind FROM duckdb_tables() WHERE temporary
            UNION ALL SELECT view_name, 'VIEW' FROM duckdb_views() WHERE temporary AND NOT internal`,
      );
      for (const t of temps)
        await session.exec(
          sql`DROP ${sql.raw(t.kind === 'VIEW' ? 'VIEW' : 'TABLE')} IF EXISTS temp.${sql.ident(t.name)}`,
        );
    },
  };
  return {
    description: `duckdb ${options.path}`,
    exclusiveWriter: true,
    dialect: duckdbDialect,
    query: (q) => reads.query(q),
    exec: (q) => session.exec(q),
    transaction: (fn) => session.transaction(fn),
    migrate: () => runMigrations(session, 'duckdb'),
    openStaging: async () => staging,
    streamRows: (q, onBatch, batchSize) => session.streamRows(q, onBatch, batchSize),
    close: async () => {
      await reads.close();
      await session.drain();
      session.close();
    },
  };
}
