/** PostgreSQL's side of the few SQL differences (see `Dialect`). */
import type { Dialect } from '../database.js';
import { sql } from '../sql.js';

export const postgresDialect: Dialect = {
  timestampText: (c) =>
    sql`(to_char(${c}, 'YYYY-MM-DD"T"HH24:MI:SS') || CASE WHEN to_char(${c}, 'US') <> '000000' THEN '.' || to_char(${c}, 'US') ELSE '' END || 'Z')`,
  decimalText: (c) => sql`regexp_replace(regexp_replace(CAST(${c} AS TEXT), '0+$', ''), '\\.$', '')`,
  byteOrder: (c) => sql`${c} COLLATE "C"`,
};
