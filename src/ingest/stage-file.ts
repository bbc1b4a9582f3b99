/**
 * Reads one source file into a staging table of raw text, exactly as written: CSV through DuckDB's
 * RFC 4180 reader (BOM, CRLF, quoted commas and line breaks; malformed records and invalid UTF-8 are
 * collected as refused records with their record number), JSONL one physical line per row, Parquet as is.
 * Nothing is typed here; `compile-checks.ts` does that for every format alike.
 */
import { stat } from 'node:fs/promises';
import type { ColumnSpec, TableSpec } from '../domain/canonical-tables.js';
import type { Staging } from '../db/database.js';
import { sql, type Sql } from '../db/sql.js';
import type { CheckSource } from './compile-checks.js';
import { MAX_FIELD_BYTES } from './compile-checks.js';
import type { ImportFile } from './resolve-import-files.js';

/** DuckDB refuses longer records outright; fields over 1 MB inside shorter records get a clearer message. */
const MAX_RECORD_BYTES = 2 * MAX_FIELD_BYTES;

export interface RefusedRecord {
  /** DuckDB's record number for records the reader dropped (header = 1)… */
  readonly record?: number;
  /** …or the staged row index for rows staged but unusable (a JSONL line that is not an object). */
  readonly row?: number;
  readonly reason: string;
  readonly column: string | null;
  readonly text: string;
}

export interface StagedFile {
  readonly file: ImportFile;
  /** Staging table of the source's raw columns, in file order. */
  readonly rawTable: string;
  /** The raw rows to check, with `__row` (0-based position in file order). */
  readonly from: Sql;
  readonly source: CheckSource;
  /** Rows read (refused records included). */
  readonly read: number;
  /** Records the reader refused (CSV structure, encoding, JSONL syntax). */
  readonly refused: RefusedRecord[];
  /** Header lines before the first record. */
  readonly headerLines: number;
  /** Source columns that feed nothing. */
  readonly ignoredColumns: string[];
  /** Expression of one raw row as a list of text values (CSV/Parquet) or the line (JSONL), for the rejects file. */
  readonly recordExpr: Sql;
  /** Set when the whole file is refused (a required column is missing, the file is empty). */
  readonly refusal?: string;
}

function columnSource(
  spec: ColumnSpec,
  file: ImportFile,
  present: Map<string, string>,
  read: (sourceName: string) => Sql,
): Sql | null {
  const mapping = file.mapping;
  const constant = mapping?.constants[spec.name];
  let expr: Sql | null;
  // Mapping text is spliced as literals: the checks become a view, and views cannot hold parameters.
  if (constant !== undefined) expr = sql.literal(constant);
  else {
    const sourceName = mapping?.columns[spec.name] ?? spec.name;
    const actual = present.get(sourceName.trim().toLowerCase());
    expr = actual === undefined ? null : read(actual);
  }
  if (!expr) return null;
  const values = mapping?.values[spec.name];
  if (values && Object.keys(values).length > 0) {
    const cases = Object.entries(values).map(
      ([from, to]) => sql`WHEN ${sql.literal(from)} THEN ${sql.literal(to)}`,
    );
    expr = sql`CASE ${expr} ${sql.join(cases, ' ')} ELSE ${expr} END`;
  }
  const format = mapping?.formats[spec.name];
  if (format) {
    // A value that does not match the format is passed on unchanged, so the type check reports it.
    const iso = spec.type === 'date' ? '%Y-%m-%d' : '%Y-%m-%dT%H:%M:%S';
    expr = sql`COALESCE(strftime(try_strptime(${expr}, ${sql.literal(format)}), ${sql.literal(iso)}), ${expr})`;
  }
  return expr;
}

/** A column may be absent when the mapping gives it, a default fills it, or the importer derives it. */
function mayBeAbsent(spec: ColumnSpec, table: TableSpec): boolean {
  return !spec.required || spec.default !== undefined || table.derivableKey === spec.name;
}

function buildSource(
  table: TableSpec,
  file: ImportFile,
  columns: readonly string[],
  read: (sourceName: string) => Sql,
): { source: CheckSource; ignored: string[]; missing: string[] } {
  const present = new Map(columns.map((c) => [c.trim().toLowerCase(), c]));
  const used = new Set<string>();
  const exprs = new Map<string, Sql | null>();
  for (const spec of table.columns) {
    const expr = columnSource(spec, file, present, read);
    exprs.set(spec.name, expr);
    const sourceName = (file.mapping?.columns[spec.name] ?? spec.name).trim().toLowerCase();
    if (present.has(sourceName)) used.add(present.get(sourceName) ?? '');
  }
  const missing = table.columns
    .filter((c) => !mayBeAbsent(c, table) && !exprs.get(c.name))
    .map((c) => c.name);
  const unused = columns.filter((c) => !used.has(c));
  const keepExtras = table.extrasInto !== undefined;
  return {
    source: {
      column: (spec) => exprs.get(spec.name) ?? null,
      extras: keepExtras ? unused.map((c) => [c, read(c)] as const) : [],
      csv: file.format === 'csv',
    },
    ignored: keepExtras ? [] : unused,
    missing,
  };
}

function refusalForMissing(missing: string[]): string {
  return missing.length === 1
    ? `required column "${missing[0]}" is missing`
    : `required columns ${missing.map((m) => `"${m}"`).join(', ')} are missing`;
}

async function stageCsv(
  staging: Staging,
  file: ImportFile,
  table: TableSpec,
  n: number,
  onProgress?: (p: number) => void,
): Promise<StagedFile> {
  const rawTable = `raw_${n}`;
  const rejects = `rejects_${n}`;
  const empty = {
    file,
    rawTable,
    from: sql`(SELECT rowid AS __row, * FROM ${sql.ident(rawTable)})`,
    read: 0,
    refused: [],
    headerLines: 1,
    ignoredColumns: [],
    recordExpr: sql`NULL`,
    source: { column: () => null, extras: [], csv: true },
  };
  if ((await stat(file.path)).size === 0)
    return { ...empty, refusal: 'file is empty (a header row is required)' };
  await staging.run(
    sql`CREATE OR REPLACE TEMP TABLE ${sql.ident(rawTable)} AS
        SELECT * FROM read_csv(${sql.literal(file.path)}, header = true, all_varchar = true, delim = ',', quote = '"',
          escape = '"', store_rejects = true, rejects_table = ${sql.literal(rejects)},
          rejects_scan = ${sql.literal(`scan_${n}`)}, max_line_size = ${sql.raw(String(MAX_RECORD_BYTES))})`,
    onProgress,
  );
  const columns = (await staging.run<{ column_name: string }>(sql`DESCRIBE ${sql.ident(rawTable)}`)).map(
    (r) => r.column_name,
  );
  const refusedRows = await staging.run<{
    line: number;
    column_name: string | null;
    error_type: string;
    error_message: string;
    csv_line: string | null;
  }>(
    sql`SELECT line, column_name, error_type, error_message, csv_line FROM ${sql.ident(rejects)} ORDER BY line`,
  );
  const refused = new Map<number, RefusedRecord>();
  for (const r of refusedRows) {
    const record = Number(r.line);
    if (refused.has(record)) continue; // one entry per record; the first error explains it
    refused.set(record, {
      record,
      column: r.column_name,
      reason: csvReason(r.error_type, r.error_message),
      text: (r.csv_line ?? '').replace(/^\r?\n/, ''),
    });
  }
  const [count] = await staging.run<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${sql.ident(rawTable)}`);
  const read = (name: string) => sql.ident(name);
  const { source, ignored, missing } = buildSource(table, file, columns, read);
  return {
    ...empty,
    source,
    read: Number(count?.n ?? 0) + refused.size,
    refused: [...refused.values()],
    ignoredColumns: ignored,
    recordExpr: sql`list_value(${sql.join(columns.map((c) => sql.ident(c)))})`,
    ...(missing.length ? { refusal: refusalForMissing(missing) } : {}),
  };
}

function csvReason(type: string, message: string): string {
  switch (type) {
    case 'INVALID ENCODING':
    case 'INVALID UNICODE':
      return 'not valid UTF-8 (convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8)';
    case 'MISSING COLUMNS':
    case 'TOO MANY COLUMNS':
      return `wrong number of fields: ${message}`;
    case 'LINE SIZE OVER MAXIMUM':
      return `record longer than ${MAX_RECORD_BYTES / MAX_FIELD_BYTES} MB`;
    case 'UNQUOTED VALUE':
      return 'a quote inside an unquoted field, or text after a closing quote (RFC 4180 wants "" inside quotes)';
    default:
      return message;
  }
}

async function stageJsonl(
  staging: Staging,
  file: ImportFile,
  table: TableSpec,
  n: number,
  onProgress?: (p: number) => void,
): Promise<StagedFile> {
  const rawTable = `raw_${n}`;
  const rejects = `rejects_${n}`;
  // One physical line per row: no quoting and a delimiter JSON text cannot contain unescaped.
  await staging.run(
    sql`CREATE OR REPLACE TEMP TABLE ${sql.ident(rawTable)} AS
        SELECT line AS __line, CASE WHEN json_valid(line) AND json_type(line) = 'OBJECT' THEN CAST(line AS JSON) END AS __json
        FROM read_csv(${sql.literal(file.path)}, columns = {'line': 'VARCHAR'}, header = false, delim = chr(1), quote = '',
          escape = '', auto_detect = false, store_rejects = true, rejects_table = ${sql.literal(rejects)},
          rejects_scan = ${sql.literal(`scan_${n}`)}, max_line_size = ${sql.raw(String(MAX_RECORD_BYTES))})`,
    onProgress,
  );
  const encoding = await staging.run<{
    line: number;
    error_type: string;
    error_message: string;
    csv_line: string | null;
  }>(sql`SELECT line, error_type, error_message, csv_line FROM ${sql.ident(rejects)} ORDER BY line`);
  // Blank lines are not rows; lines that are not JSON objects are refused with their line number.
  const invalid = await staging.run<{ row: number; line: string }>(
    sql`SELECT rowid AS row, left(__line, 2000) AS line FROM ${sql.ident(rawTable)} WHERE __json IS NULL AND trim(COALESCE(__line, '')) <> '' ORDER BY rowid`,
  );
  const keys = (
    await staging.run<{ key: string }>(
      sql`SELECT DISTINCT unnest(json_keys(__json)) AS key FROM ${sql.ident(rawTable)} WHERE __json IS NOT NULL ORDER BY key`,
    )
  ).map((r) => r.key);
  const [count] = await staging.run<{ n: number }>(
    sql`SELECT COUNT(*) AS n FROM ${sql.ident(rawTable)} WHERE trim(COALESCE(__line, '')) <> ''`,
  );
  const read = (name: string) => {
    const spec = table.columns.find((c) => c.name === name);
    const path = sql.literal(`$."${name.replaceAll('"', '\\"')}"`);
    return spec?.type === 'json' ? sql`CAST(__json -> ${path} AS VARCHAR)` : sql`(__json ->> ${path})`;
  };
  const { source, ignored, missing } = buildSource(table, file, keys, read);
  const refused: RefusedRecord[] = [
    ...encoding.map((e) => ({
      record: Number(e.line),
      column: null,
      reason: csvReason(e.error_type, e.error_message),
      text: e.csv_line ?? '',
    })),
    // Rows here are 0-based physical lines (no header), so the record number is row + 1.
    ...invalid.map((r) => ({ row: Number(r.row), column: null, reason: 'not a JSON object', text: r.line })),
  ];
  return {
    file,
    rawTable,
    from: sql`(SELECT rowid AS __row, * FROM ${sql.ident(rawTable)} WHERE __json IS NOT NULL)`,
    source,
    read: Number(count?.n ?? 0) + encoding.length,
    refused,
    headerLines: 0,
    ignoredColumns: ignored,
    recordExpr: sql`__line`,
    ...(missing.length && Number(count?.n ?? 0) > invalid.length
      ? { refusal: `${refusalForMissing(missing)} in every line` }
      : {}),
  };
}

async function stageParquet(
  staging: Staging,
  file: ImportFile,
  table: TableSpec,
  n: number,
  onProgress?: (p: number) => void,
): Promise<StagedFile> {
  const rawTable = `raw_${n}`;
  await staging.run(
    sql`CREATE OR REPLACE TEMP TABLE ${sql.ident(rawTable)} AS SELECT * FROM read_parquet(${sql.literal(file.path)})`,
    onProgress,
  );
  const described = await staging.run<{ column_name: string; column_type: string }>(
    sql`DESCRIBE ${sql.ident(rawTable)}`,
  );
  const types = new Map(described.map((d) => [d.column_name, d.column_type]));
  const columns = described.map((d) => d.column_name);
  const [count] = await staging.run<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${sql.ident(rawTable)}`);
  const read = (name: string) => {
    const type = types.get(name) ?? 'VARCHAR';
    const spec = table.columns.find((c) => c.name === name);
    // Nested Parquet values become JSON text; everything else is cast to its text form and checked like CSV.
    if (spec?.type === 'json' && !['VARCHAR', 'JSON'].includes(type))
      return sql`CAST(to_json(${sql.ident(name)}) AS VARCHAR)`;
    return sql`CAST(${sql.ident(name)} AS VARCHAR)`;
  };
  const { source, ignored, missing } = buildSource(table, file, columns, read);
  return {
    file,
    rawTable,
    from: sql`(SELECT rowid AS __row, * FROM ${sql.ident(rawTable)})`,
    source,
    read: Number(count?.n ?? 0),
    refused: [],
    headerLines: 0,
    ignoredColumns: ignored,
    recordExpr: sql`CAST(to_json(${sql.ident(rawTable)}) AS VARCHAR)`,
    ...(missing.length ? { refusal: refusalForMissing(missing) } : {}),
  };
}

export function stageFile(
  staging: Staging,
  file: ImportFile,
  table: TableSpec,
  n: number,
  onProgress?: (percent: number) => void,
): Promise<StagedFile> {
  switch (file.format) {
    case 'csv':
      return stageCsv(staging, file, table, n, onProgress);
    case 'jsonl':
      return stageJsonl(staging, file, table, n, onProgress);
    case 'parquet':
      return stageParquet(staging, file, table, n, onProgress);
  }
}
