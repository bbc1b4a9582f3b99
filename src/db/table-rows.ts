/** Row counts of the canonical tables (what `keel init`, `keel demo` and the quick start print), and emptying them. */
import { CANONICAL_TABLES, type TableName } from '../domain/canonical-tables.js';
import type { Database, Queryable } from './database.js';
import { sql } from './sql.js';
import { ALL_TIME, markUsageFactsDirty } from './usage-facts.js';

export interface TableCount {
  readonly table: TableName;
  readonly rows: number;
}

export async function countRows(db: Queryable): Promise<TableCount[]> {
  const parts = CANONICAL_TABLES.map(
    (t) => sql`SELECT ${t.name} AS "table", COUNT(*) AS "rows" FROM ${sql.ident(t.name)}`,
  );
  const rows = await db.query<{ table: TableName; rows: number }>(sql.join(parts, ' UNION ALL '));
  const byName = new Map(rows.map((r) => [r.table, Number(r.rows)]));
  return CANONICAL_TABLES.map((t) => ({ table: t.name, rows: byName.get(t.name) ?? 0 }));
}

/** Deletes every canonical row in one transaction (the schema and migrations stay). */
export async function emptyWorkspace(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const t of [...CANONICAL_TABLES].reverse()) await tx.exec(sql`DELETE FROM ${sql.ident(t.name)}`);
    await markUsageFactsDirty(tx, ALL_TIME);
  });
}
