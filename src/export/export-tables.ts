/**
 * `keel export DIR`: every canonical table to `<table>.csv` or `<table>.parquet`, rows in key order.
 * CSV text is produced by the engine (db/canonical-text.ts) and written by one encoder, so a workspace
 * on DuckDB and the same data on PostgreSQL export byte-identical files. Free-text cells that a spreadsheet
 * would run as a formula are guarded (see csv-encoding.ts).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CANONICAL_TABLES, type TableName, type TableSpec } from '../domain/canonical-tables.js';
import { encodeCsvRow } from '../domain/csv-encoding.js';
import { canonicalTextQuery, writeParquet } from '../db/canonical-text.js';
import type { Database } from '../db/database.js';

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

async function exportCsv(db: Database, table: TableSpec, path: string): Promise<number> {
  const out = createWriteStream(path);
  const guarded = table.columns.map((c) => c.type === 'text');
  out.write(encodeCsvRow(table.columns.map((c) => c.name)));
  let rows = 0;
  await db.streamRows(canonicalTextQuery(db.dialect, table), async (batch) => {
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
  });
  out.end();
  await once(out, 'finish');
  return rows;
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
      options.format === 'csv' ? await exportCsv(db, table, path) : await writeParquet(db, table, path);
    result.push({ table: table.name, path, rows });
  }
  return result;
}
