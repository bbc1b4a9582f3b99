/** DuckDB's side of the few SQL differences (see `Dialect`). */
import { plainName, type Dialect } from '../database.js';
import { sql } from '../sql.js';

export const duckdbDialect: Dialect = {
  // microsecond() is the sub-minute part, so % 1e6 leaves the fraction of the second.
  timestampText: (c) =>
    sql`(strftime(${c}, '%Y-%m-%dT%H:%M:%S') || CASE WHEN microsecond(${c}) % 1000000 <> 0 THEN '.' || lpad(CAST(microsecond(${c}) % 1000000 AS VARCHAR), 6, '0') ELSE '' END || 'Z')`,
  decimalText: (c) => sql`regexp_replace(regexp_replace(CAST(${c} AS VARCHAR), '0+$', ''), '\\.$', '')`,
  byteOrder: (c) => c, // DuckDB compares strings byte-wise by default
  jsonRecords: (json, columns) => {
    const shape = Object.fromEntries(columns.map((c) => [plainName(c.name), DUCKDB_TYPES[c.type]]));
    // from_json's structure argument must be a constant; it is built from code-declared column names only.
    return sql`SELECT unnest(from_json(CAST(${json} AS JSON), ${sql.literal(JSON.stringify([shape]))}), recursive := true)`;
  },
};

const DUCKDB_TYPES = {
  text: 'VARCHAR',
  integer: 'INTEGER',
  double: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  json: 'JSON',
} as const;
