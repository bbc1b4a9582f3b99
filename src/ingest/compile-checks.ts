/**
 * Compiles a canonical table's declaration into one DuckDB query that types every staged row and lists
 * every problem with it, so validation runs inside the engine at bulk speed rather than row by row in JS.
 * Pure: builds SQL, runs nothing. Reference checks (account ids) come later, once all accounts are staged.
 */
import type { ColumnSpec, TableSpec } from '../domain/canonical-tables.js';
import { GUARDED_FORMULA_PATTERN } from '../domain/csv-encoding.js';
import { sql, type Sql } from '../db/sql.js';

/** Larger fields are refused: nothing in the contract needs them, and they are a classic way to exhaust memory. */
export const MAX_FIELD_BYTES = 1024 * 1024;

// ISO 8601 date with optional time, fraction and zone (Z, ±HH, ±HHMM, ±HH:MM); a space may replace the T.
const TIMESTAMP_PATTERN = String.raw`\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?\s*(Z|z|[+-]\d{2}(:?\d{2})?)?`;
const DATE_PATTERN = String.raw`\d{4}-\d{2}-\d{2}`;
const TRUE_WORDS = ['true', 't', 'yes', 'y', '1'];
const FALSE_WORDS = ['false', 'f', 'no', 'n', '0'];

export interface CheckSource {
  /** Raw text of a canonical column after mapping, or null when the source has no such column. */
  column(spec: ColumnSpec): Sql | null;
  /** Extra source columns to fold into the table's `extrasInto` JSON column: [name, raw text]. */
  readonly extras: readonly (readonly [string, Sql])[];
  /** CSV text cells may carry Keel's spreadsheet formula guard, which the importer removes. */
  readonly csv: boolean;
}

const raw = (c: ColumnSpec) => sql.ident(`r_${c.name}`);
const typed = (c: ColumnSpec) => sql.ident(c.name);
const text = (s: string) => sql.raw(`'${s.replaceAll("'", "''")}'`); // constants from the declaration only

function listOf(values: readonly string[]): Sql {
  return sql.join(values.map(text));
}

/** 'value' shortened for messages. */
function shown(r: Sql): Sql {
  return sql`('''' || left(${r}, 60) || CASE WHEN length(${r}) > 60 THEN '…' ELSE '' END || '''')`;
}

interface Problem {
  readonly condition: Sql;
  readonly entry: Sql;
}

function problem(column: string, condition: Sql, reason: Sql): Problem {
  return {
    condition,
    entry: sql`CASE WHEN ${condition} THEN {'column': ${text(column)}, 'reason': ${reason}} END`,
  };
}

function normalised(c: ColumnSpec, source: CheckSource): Sql {
  const expr = source.column(c);
  if (!expr) return sql`CAST(NULL AS VARCHAR)`;
  const value = sql`NULLIF(${expr}, '')`;
  if (c.type === 'text' && source.csv) {
    // The cheap first-character test keeps the regular expression off almost every cell (CASE evaluates lazily).
    return sql`CASE WHEN left(${value}, 1) <> '''' THEN ${value} WHEN regexp_matches(${value}, ${text(GUARDED_FORMULA_PATTERN)}) THEN substr(${value}, 2) ELSE ${value} END`;
  }
  if (c.type === 'text' || c.type === 'json') return value;
  return sql`NULLIF(trim(${value}), '')`;
}

function typedValue(c: ColumnSpec, table: TableSpec, source: CheckSource): Sql {
  const r = raw(c);
  let value: Sql;
  switch (c.type) {
    case 'text':
      value = r;
      break;
    case 'enum':
      value = sql`CASE WHEN lower(${r}) IN (${listOf(c.values ?? [])}) THEN lower(${r}) END`;
      break;
    case 'int':
      value = sql`TRY_CAST(${r} AS INTEGER)`;
      break;
    case 'decimal':
      value = sql`TRY_CAST(${r} AS DECIMAL(18,4))`;
      break;
    case 'bool':
      value = sql`CASE WHEN lower(${r}) IN (${listOf(TRUE_WORDS)}) THEN TRUE WHEN lower(${r}) IN (${listOf(FALSE_WORDS)}) THEN FALSE END`;
      break;
    case 'date':
      value = sql`CASE WHEN regexp_full_match(${r}, ${text(DATE_PATTERN)}) THEN TRY_CAST(${r} AS DATE) END`;
      break;
    case 'timestamp':
      // The session runs in UTC, so a zone-less value is read as UTC and an offset is converted to it.
      value = sql`CASE WHEN regexp_full_match(${r}, ${text(TIMESTAMP_PATTERN)}) THEN CAST(TRY_CAST(${r} AS TIMESTAMPTZ) AS TIMESTAMP) END`;
      break;
    case 'json': {
      value = sql`CASE WHEN json_valid(${r}) THEN json(${r}) END`;
      if (table.extrasInto === c.name && source.extras.length > 0) {
        // Extras fold into the JSON object; a row with neither keeps NULL rather than gaining '{}'.
        value = sql`CASE WHEN ${value} IS NULL AND json_merge_patch('{}', __extras) = '{}' THEN NULL ELSE json_merge_patch(COALESCE(${value}, '{}'), __extras) END`;
      }
      break;
    }
  }
  if (c.default !== undefined) {
    value = sql`COALESCE(${value}, CAST(${text(c.default)} AS ${sql.raw(c.type === 'int' ? 'INTEGER' : 'BOOLEAN')}))`;
  }
  if (c.defaultFrom) {
    const from = raw({ name: c.defaultFrom.column, type: 'text' });
    const cases = Object.entries(c.defaultFrom.map).map(([k, v]) => sql`WHEN ${text(k)} THEN ${text(v)}`);
    value = sql`COALESCE(${value}, CASE lower(${from}) ${sql.join(cases, ' ')} END)`;
  }
  return value;
}

function parseReason(c: ColumnSpec): string {
  switch (c.type) {
    case 'enum':
      return `not one of ${(c.values ?? []).join(', ')}`;
    case 'int':
      return 'not a whole number';
    case 'decimal':
      return 'not a number (or too large)';
    case 'bool':
      return 'not true/false';
    case 'date':
      return 'not a date (YYYY-MM-DD)';
    case 'timestamp':
      return 'not an ISO 8601 timestamp (YYYY-MM-DDTHH:MM:SS, optional Z or ±HH:MM)';
    case 'json':
      return 'not valid JSON';
    case 'text':
      return '';
  }
}

function columnProblems(c: ColumnSpec, table: TableSpec): Problem[] {
  const r = raw(c);
  const v = typed(c);
  const out: Problem[] = [
    problem(
      c.name,
      sql`strlen(${r}) > ${sql.raw(String(MAX_FIELD_BYTES))}`,
      sql`'field is ' || strlen(${r}) || ' bytes; the limit is 1 MB'`,
    ),
  ];
  if (c.required && table.derivableKey !== c.name) {
    out.push(problem(c.name, sql`${v} IS NULL AND ${r} IS NULL`, sql`'required value is missing'`));
  }
  if (c.type !== 'text') {
    out.push(
      problem(
        c.name,
        sql`${r} IS NOT NULL AND ${v} IS NULL`,
        sql`${text(parseReason(c))} || ': ' || ${shown(r)}`,
      ),
    );
  }
  if (c.min !== undefined) {
    const min = sql.raw(String(c.min));
    out.push(problem(c.name, sql`${v} < ${min}`, sql`'below the minimum ' || ${min} || ': ' || ${shown(r)}`));
  }
  if (c.rangeBy) {
    const by = sql.ident(c.rangeBy.column);
    for (const [kind, [lo, hi]] of Object.entries(c.rangeBy.ranges)) {
      out.push(
        problem(
          c.name,
          sql`${by} = ${text(kind)} AND ${v} NOT BETWEEN ${sql.raw(String(lo))} AND ${sql.raw(String(hi))}`,
          sql`${text(`outside ${lo}–${hi} for ${c.rangeBy.column} ${kind}`)} || ': ' || ${shown(r)}`,
        ),
      );
    }
  }
  if (c.firstOfMonth) {
    out.push(problem(c.name, sql`day(${v}) <> 1`, sql`'not the first day of a month: ' || ${shown(r)}`));
  }
  return out;
}

/**
 * One query over `from` (which has `__row` and the source's raw text columns) returning `__row`, every
 * canonical column typed, and `__errors`: NULL for a valid row, else a list of {column, reason}.
 * `knownAccounts` names a table of the account ids references must resolve to (null: not checked here).
 * The result is meant to be materialised once: typing is the expensive part, and every later step reads it.
 */
export function compileChecks(
  table: TableSpec,
  source: CheckSource,
  from: Sql,
  knownAccounts: string | null,
): Sql {
  const rawCols = table.columns.map((c) => sql`${normalised(c, source)} AS ${raw(c)}`);
  if (source.extras.length > 0) {
    const pairs = sql.join(source.extras.map(([name, e]) => sql`${text(name)}, NULLIF(${e}, '')`));
    rawCols.push(sql`json_object(${pairs}) AS __extras`);
  }
  const typedCols = table.columns.map((c) => sql`${typedValue(c, table, source)} AS ${typed(c)}`);
  const problems = table.columns.flatMap((c) => columnProblems(c, table));
  for (const c of knownAccounts ? table.columns.filter((x) => x.references === 'accounts') : []) {
    const v = typed(c);
    problems.push(
      problem(
        c.name,
        sql`${v} IS NOT NULL AND ${v} NOT IN (SELECT id FROM ${sql.ident(knownAccounts ?? '')})`,
        sql`'account ''' || ${v} || ''' is neither in the workspace nor in this import'`,
      ),
    );
  }
  const rawNames = table.columns.map((c) => raw(c));
  return sql`
    SELECT __row, ${sql.join(table.columns.map(typed))},
           -- Most rows are valid: test every condition once and build the list only for the others.
           CASE WHEN ${sql.join(
             problems.map((p) => sql`COALESCE(${p.condition}, FALSE)`),
             ' OR ',
           )}
                THEN list_filter([${sql.join(problems.map((p) => p.entry))}], e -> e IS NOT NULL) END AS __errors
    FROM (SELECT __row, ${sql.join(rawNames)}, ${sql.join(typedCols)}
          FROM (SELECT __row, ${sql.join(rawCols)} FROM ${from}))`;
}
