/**
 * The storage port. Business code talks to a `Database`, never to a driver; `open-database.ts` is the only
 * place that picks DuckDB or PostgreSQL. File work (parsing, validating and typing imported rows) happens in
 * a `Staging` area, which is always DuckDB SQL: on a DuckDB workspace it is the workspace's own connection,
 * on PostgreSQL an embedded scratch DuckDB whose results are streamed over with `COPY`.
 */
import type { TableSpec } from '../domain/canonical-tables.js';
import type { Sql } from './sql.js';

export type Row = Record<string, unknown>;

export interface Queryable {
  query<T extends Row = Row>(q: Sql): Promise<T[]>;
  exec(q: Sql): Promise<void>;
}

/** A value for `Transaction.append`: text (also timestamps, dates and JSON as text), a number, or NULL. */
export type AppendValue = string | number | null;

/** What a transaction's callback gets: statements, plus a bulk insert without SQL per row. */
export interface Transaction extends Queryable {
  /**
   * Inserts rows into `table` inside the transaction. `columns` must be every column of the table in its
   * declared order (checked), each row one value per column. DuckDB uses its appender (no SQL to parse, no
   * JSON to decode: the tracking endpoint's hot path); PostgreSQL one INSERT from a JSON parameter.
   */
  append(
    table: string,
    columns: readonly JsonColumn[],
    rows: readonly (readonly AppendValue[])[],
  ): Promise<void>;
}

export interface Database extends Queryable {
  /** For display only ("duckdb ./keel-data/keel.duckdb"); never branch on it. */
  readonly description: string;
  /**
   * True when no other process can write this workspace while it is open (DuckDB's file lock), so what this
   * process remembers about its own writes stays true; PostgreSQL may have other writers.
   */
  readonly exclusiveWriter: boolean;
  readonly dialect: Dialect;
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Apply pending migrations; returns the names applied now. Idempotent. */
  migrate(): Promise<string[]>;
  /** Open a DuckDB staging area for file work. Close it when done. */
  openStaging(): Promise<Staging>;
  /** Stream a query's rows in batches (export of large tables). Values are returned as the driver gives them. */
  streamRows(q: Sql, onBatch: (rows: Row[]) => Promise<void>, batchSize?: number): Promise<void>;
  close(): Promise<void>;
}

export interface PublishPlan {
  readonly table: TableSpec;
  /** Staging table holding typed, validated, de-duplicated rows with exactly the canonical columns. */
  readonly stagedTable: string;
}

export interface PublishResult {
  readonly table: string;
  /** Rows whose key was new to the workspace. */
  readonly inserted: number;
  /** Rows whose key the workspace already held (whether or not a value changed). */
  readonly matched: number;
  /** Of the matched rows, those whose values were identical. */
  readonly unchanged: number;
}

export interface Staging {
  /** DuckDB SQL on the staging engine; `onProgress` gets DuckDB's estimate (0–100) during long statements. */
  run<T extends Row = Row>(q: Sql, onProgress?: (percent: number) => void): Promise<T[]>;
  /** Makes the workspace's current values of `columns` of `table` readable in staging as `into`. */
  snapshot(table: TableSpec, columns: readonly string[], into: string): Promise<void>;
  /** Upserts every plan into the workspace in one transaction: all tables land or none do. */
  publish(plans: readonly PublishPlan[]): Promise<PublishResult[]>;
  /** Writes a staging query's rows to a file with DuckDB's COPY (`format` csv or parquet). */
  copyToFile(q: Sql, path: string, format: 'csv' | 'parquet'): Promise<void>;
  close(): Promise<void>;
}

/** The few places the two engines' SQL differs. Each helper returns trusted SQL built from identifiers. */
export interface Dialect {
  /** Canonical text of a timestamp column: `YYYY-MM-DDTHH:MM:SSZ`, with `.ffffff` only when non-zero. */
  timestampText(column: Sql): Sql;
  /** Canonical text of a decimal column without trailing zeros: 12.5000 → 12.5, 3.0000 → 3. */
  decimalText(column: Sql): Sql;
  /** A text column for ORDER BY in byte order, so both engines sort identically whatever the locale. */
  byteOrder(column: Sql): Sql;
  /**
   * A SELECT over the records of a JSON array bound as ONE parameter, with the given typed columns: how many
   * rows go in with one statement and one parameter, instead of thousands of bound values.
   */
  jsonRecords(json: string, columns: readonly JsonColumn[]): Sql;
}

export interface JsonColumn {
  /** A plain name: letters, digits, underscores. */
  readonly name: string;
  readonly type: 'text' | 'integer' | 'double' | 'date' | 'timestamp' | 'json';
}

/** Column names that go into SQL text (JSON record shapes) must be plain. */
export function plainName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new Error(`not a plain column name: ${JSON.stringify(name)}`);
  return name;
}
