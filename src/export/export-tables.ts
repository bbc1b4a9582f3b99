/**
 * `keel export DIR`: every canonical table to `<table>.csv` or `<table>.parquet`, rows in key order.
 * CSV text is produced by the engine through the dialect helpers and written by one encoder, so a workspace
 * on DuckDB and the same data on PostgreSQL export byte-identical files. Free-text cells that a spreadsheet
 * would run as a formula are guarded (see csv-encoding.ts).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  CANONICAL_TABLES,
  type ColumnSpec,
  type TableName,
  type TableSpec,
} from '../domain/canonical-tables.js';
import { encodeCsvRow } from '../domain/csv-encoding.js';
import type { Database, Dialect } from '../db/database.js';
import { sql, type Sql } from '../db/sql.js';

export type ExportFormat = 'csv' | 'parquet';

export interface ExportOptions {
  readonly dir: string;
  readonly format: ExportFormat;
  readonly tables?: readonly TableName[];
  readonly onProgress?: (message: string) => void;
}

export interface ExportedTable {
  readonly table: TableName;
  readonly path: string;
  readonly rows: number;
}

function asText(dialect: Dialect, c: ColumnSpec): Sql {
  const col = sql.ident(c.name);
  switch (c.type) {
    case 'timestamp':
      return dialect.timestampText(col);
    case 'decimal':
      return dialect.decimalText(col);
    case 'text':
    case 'enum':
      return col;
    default:
      return sql`CAST(${col} AS TEXT)`;
  }
}

function orderBy(dialect: Dialect, table: TableSpec): Sql {
  return sql.join(
    table.key.map((k) => {
      const c = table.columns.find((x) => x.name === k);
      const col = sql.ident(k);
      return c?.type === 'text' || c?.type === 'enum' ? dialect.byteOrder(sql`COALESCE(${col}, '')`) : col;
    }),
  );
}

async function exportCsv(db: Database, table: TableSpec, path: string): Promise<number> {
  const out = createWriteStream(path);
  const guarded = table.columns.map((c) => c.type === 'text');
  out.write(encodeCsvRow(table.columns.map((c) => c.name)));
  let rows = 0;
  const select = sql.join(table.columns.map((c) => sql`${asText(db.dialect, c)} AS ${sql.ident(c.name)}`));
  await db.streamRows(
    sql`SELECT ${select} FROM ${sql.ident(table.name)} ORDER BY ${orderBy(db.dialect, table)}`,
    async (batch) => {
      let chunk = '';
      for (const row of batch) {
        chunk += encodeCsvRow(
          table.columns.map((c) =>
            row[c.name] === null || row[c.name] === undefined ? null : String(row[c.name]),
          ),
          guarded,
        );
      }
      rows += batch.length;
      if (!out.write(chunk)) await once(out, 'drain');
    },
  );
  out.end();
  await once(out, 'finish');
  return rows;
}

async function exportParquet(db: Database, table: TableSpec, path: string): Promise<number> {
  const staging = await db.openStaging();
  try {
    const view = `export_${table.name}`;
    await staging.snapshot(
      table,
      table.columns.map((c) => c.name),
      view,
    );
    const keys = sql.join(table.key.map((k) => sql`${sql.ident(k)} NULLS FIRST`));
    await staging.copyToFile(sql`SELECT * FROM ${sql.ident(view)} ORDER BY ${keys}`, path, 'parquet');
    const [count] = await staging.run<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${sql.ident(view)}`);
    return Number(count?.n ?? 0);
  } finally {
    await staging.close();
  }
}

export async function exportTables(db: Database, options: ExportOptions): Promise<ExportedTable[]> {
  const dir = resolve(options.dir);
  await mkdir(dir, { recursive: true });
  const wanted = options.tables ?? CANONICAL_TABLES.map((t) => t.name);
  const result: ExportedTable[] = [];
  for (const table of CANONICAL_TABLES.filter((t) => wanted.includes(t.name))) {
    const path = join(dir, `${table.name}.${options.format}`);
    options.onProgress?.(`exporting ${table.name}`);
    const rows =
      options.format === 'csv' ? await exportCsv(db, table, path) : await exportParquet(db, table, path);
    result.push({ table: table.name, path, rows });
  }
  return result;
}
