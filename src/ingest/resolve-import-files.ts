/**
 * Turns the paths given to `keel import` into a load plan: which file feeds which canonical table, in an
 * order where accounts come before the tables that reference them. Folders may hold other files; those
 * are listed as skipped, not silently passed over.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CANONICAL_TABLES, isTableName, type TableName } from '../domain/canonical-tables.js';
import { AppError } from '../domain/errors.js';
import type { FileMapping, ImportMapping } from './import-mapping.js';

export type FileFormat = 'csv' | 'jsonl' | 'parquet';

export interface ImportFile {
  readonly path: string;
  readonly table: TableName;
  readonly format: FileFormat;
  readonly mapping?: FileMapping;
}

export interface ResolvedFiles {
  readonly files: ImportFile[];
  readonly skipped: { path: string; reason: string }[];
}

const EXTENSIONS: Record<string, FileFormat> = {
  csv: 'csv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  parquet: 'parquet',
};

function classify(path: string, mapping?: ImportMapping): ImportFile | string {
  const name = basename(path);
  const match = /^(.+)\.([A-Za-z]+)$/.exec(name);
  const format = match ? EXTENSIONS[match[2]?.toLowerCase() ?? ''] : undefined;
  if (!format) return 'not a .csv, .jsonl, .ndjson or .parquet file';
  const mapped = mapping?.files[name];
  if (mapped) return { path, table: mapped.table, format, mapping: mapped };
  const table = match?.[1] ?? '';
  if (!isTableName(table))
    return `"${table}" is not a canonical table name (and the file is not in the --map file)`;
  return { path, table, format };
}

export async function resolveImportFiles(
  paths: readonly string[],
  mapping?: ImportMapping,
): Promise<ResolvedFiles> {
  const files: ImportFile[] = [];
  const skipped: { path: string; reason: string }[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) throw new AppError('usage', `${path}: no such file or folder`);
    if (info.isDirectory()) {
      for (const entry of (await readdir(path)).sort()) {
        const full = join(path, entry);
        if (!(await stat(full)).isFile()) continue;
        const result = classify(full, mapping);
        if (typeof result === 'string') skipped.push({ path: full, reason: result });
        else files.push(result);
      }
    } else {
      const result = classify(path, mapping);
      if (typeof result === 'string') {
        throw new AppError(
          'usage',
          `${path}: ${result}. Name files <table>.csv|jsonl|parquet or map them with --map.`,
        );
      }
      files.push(result);
    }
  }
  const order = new Map(CANONICAL_TABLES.map((t, i) => [t.name, i]));
  // Stable sort: files of one table keep the order given, so a later file's rows win.
  files.sort((a, b) => (order.get(a.table) ?? 0) - (order.get(b.table) ?? 0));
  return { files, skipped };
}
