/**
 * Upsert of a staged table into a canonical table, in SQL both engines run unchanged. Neither engine's
 * `ON CONFLICT` is used: DuckDB tables carry no key index (see the migration), and counting matched and
 * unchanged rows needs the join anyway. Run inside the publishing transaction.
 */
import type { TableSpec } from '../domain/canonical-tables.js';
import type { PublishResult, Queryable } from './database.js';
import { sql, type Sql } from './sql.js';
import { ALL_TIME, markUsageFactsDirty } from './usage-facts.js';

function keyMatch(table: TableSpec): Sql {
  return sql.join(
    table.key.map((k) => {
      const col = table.columns.find((c) => c.name === k);
      // A nullable key column (agent_activity.channel) matches NULL to NULL; PostgreSQL's unique index has the same expression.
      return col?.required || table.derivableKey === k
        ? sql`t.${sql.ident(k)} = s.${sql.ident(k)}`
        : sql`COALESCE(t.${sql.ident(k)}, '') = COALESCE(s.${sql.ident(k)}, '')`;
    }),
    ' AND ',
  );
}

function anyDifference(table: TableSpec): Sql {
  const parts = table.columns
    .filter((c) => !table.key.includes(c.name))
    .map((c) =>
      c.type === 'json' // PostgreSQL's json type has no equality operator
        ? sql`CAST(t.${sql.ident(c.name)} AS TEXT) IS DISTINCT FROM CAST(s.${sql.ident(c.name)} AS TEXT)`
        : sql`t.${sql.ident(c.name)} IS DISTINCT FROM s.${sql.ident(c.name)}`,
    );
  return parts.length ? sql.join(parts, ' OR ') : sql`FALSE`;
}

export async function upsertStaged(tx: Queryable, table: TableSpec, staged: string): Promise<PublishResult> {
  const target = sql.ident(table.name);
  const source = sql.ident(staged);
  const cols = table.columns.map((c) => sql.ident(c.name));
  const match = keyMatch(table);
  const diff = anyDifference(table);
  const [target0] = await tx.query<{ any: boolean }>(sql`SELECT EXISTS (SELECT 1 FROM ${target}) AS "any"`);
  // Into an empty table (the first load, the common bulk case) nothing can match: skip the join entirely.
  const [counts] = target0?.any
    ? await tx.query<{ total: number; matched: number; unchanged: number }>(sql`
        SELECT COUNT(*) AS total,
               COUNT(t.${sql.ident(table.key[0] ?? 'id')}) AS matched,
               COUNT(t.${sql.ident(table.key[0] ?? 'id')}) FILTER (WHERE NOT (${diff})) AS unchanged
        FROM ${source} AS s LEFT JOIN ${target} AS t ON ${match}`)
    : await tx.query<{ total: number; matched: number; unchanged: number }>(
        sql`SELECT COUNT(*) AS total, 0 AS matched, 0 AS unchanged FROM ${source}`,
      );
  const total = Number(counts?.total ?? 0);
  const matched = Number(counts?.matched ?? 0);
  const unchanged = Number(counts?.unchanged ?? 0);
  const nonKey = table.columns.filter((c) => !table.key.includes(c.name));
  if (matched > unchanged && nonKey.length > 0) {
    const sets = sql.join(nonKey.map((c) => sql`${sql.ident(c.name)} = s.${sql.ident(c.name)}`));
    await tx.exec(sql`UPDATE ${target} AS t SET ${sets} FROM ${source} AS s WHERE ${match} AND (${diff})`);
  }
  if (total > matched) {
    // With no key in common the anti-join is pointless: every staged row is new.
    const onlyNew = matched > 0 ? sql`WHERE NOT EXISTS (SELECT 1 FROM ${target} AS t WHERE ${match})` : sql``;
    await tx.exec(sql`
      INSERT INTO ${target} (${sql.join(cols)})
      SELECT ${sql.join(cols.map((c) => sql`s.${c}`))} FROM ${source} AS s ${onlyNew}`);
  }
  if (table.name === 'usage_events' && (total > matched || matched > unchanged)) {
    // The usage facts derive from this table. Changed rows may have moved in time: rebuild them all; new rows
    // only from the earliest of them.
    await markUsageFactsDirty(
      tx,
      matched > unchanged ? ALL_TIME : sql`(SELECT MIN(occurred_at) FROM ${source})`,
    );
  }
  return { table: table.name, inserted: total - matched, matched, unchanged };
}
