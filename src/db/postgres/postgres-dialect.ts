/** PostgreSQL's side of the few SQL differences (see `Dialect`). */
import { plainName, type Dialect } from '../database.js';
import { sql } from '../sql.js';

export const postgresDialect: Dialect = {
  timestampText: (c) =>
    sql`(to_char(${c}, 'YYYY-MM-DD"T"HH24:MI:SS') || CASE WHEN to_char(${c}, 'US') <> '000000' THEN '.' || to_char(${c}, 'US') ELSE '' END || 'Z')`,
  decimalText: (c) => sql`regexp_replace(regexp_replace(CAST(${c} AS TEXT), '0+$', ''), '\\.$', '')`,
  byteOrder: (c) => sql`${c} COLLATE "C"`,
  jsonRecords: (json, columns) => {
    const defs = sql.join(
      columns.map((c) => sql`${sql.ident(plainName(c.name))} ${sql.raw(PG_TYPES[c.type])}`),
    );
    return sql`SELECT * FROM json_to_recordset(CAST(${json} AS json)) AS r(${defs})`;
  },
};

// Constant type names, one per JsonColumn type.
const PG_TYPES = {
  text: 'text',
  integer: 'integer',
  double: 'double precision',
  date: 'date',
  timestamp: 'timestamp',
  json: 'json',
} as const;
