/**
 * Canonical tables read out for export: as canonical text in key order (the same strings and row order from
 * DuckDB and PostgreSQL, which is what makes the engines' exports byte-identical), or as Parquet.
 */
import type { ColumnSpec, TableSpec } from '../domain/canonical-tables.js';
import type { Database, Dialect } from './database.js';
import { sql, type Sql } from './sql.js';

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

function keyOrder(dialect: Dialect, table: TableSpec): Sql {
  return sql.join(
    table.key.map((k) => {
      const c = table.columns.find((x) => x.name === k);
      const col = sql.ident(k);
      return c?.type === 'text' || c?.type === 'enum' ? dialect.byteOrder(sql`COALESCE(${col}, '')`) : col;
    }),
  );
}

/** SELECT of every column of `table` as text (NULL stays NULL), ordered by the table's key. */
export function canonicalTextQuery(dialect: Dialect, table: TableSpec): Sql {
  const select = sql.join(table.columns.map((c) => sql`${asText(dialect, c)} AS ${sql.ident(c.name)}`));
  return sql`SELECT ${select} FROM ${sql.ident(table.name)} ORDER BY ${keyOrder(dialect, table)}`;
}

/** Writes `table` to a Parquet file in key order through the staging engine; returns the row count. */
export async function writeParquet(db: Database, table: TableSpec, path: string): Promise<number> {
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
