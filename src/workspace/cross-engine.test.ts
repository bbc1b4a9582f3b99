/**
 * The contract's strongest check: the same demo company loaded into DuckDB and into PostgreSQL exports
 * byte-identical files for every canonical table.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CANONICAL_TABLES } from '../domain/canonical-tables.js';
import { DuckDbSession } from '../db/duckdb/duckdb-database.js';
import { sql } from '../db/sql.js';
import { exportTables } from '../export/export-tables.js';
import { openBoth, PG_URL } from '../test-support/backends.js';
import { loadDemo } from './load-demo.js';

it.skipIf(!PG_URL)(
  `the same demo exports identical tables from DuckDB and PostgreSQL${PG_URL ? '' : ' [skipped: set KEEL_TEST_DATABASE_URL]'}`,
  async () => {
    const both = await openBoth();
    try {
      const demo = { accounts: 60, months: 8, seed: 7, end: '2025-06-01' };
      const fromDuck = await loadDemo(both.duck.db, demo);
      const fromPg = await loadDemo(both.pg.db, demo);
      const counts = (r: typeof fromDuck) =>
        r.tables.map(({ table, read, inserted, updated, rejected }) => ({
          table,
          read,
          inserted,
          updated,
          rejected,
        }));
      expect(counts(fromPg)).toEqual(counts(fromDuck));
      const duckFiles = await exportTables(both.duck.db, { dir: join(both.duck.dir, 'out'), format: 'csv' });
      const pgFiles = await exportTables(both.pg.db, { dir: join(both.pg.dir, 'out'), format: 'csv' });
      expect(duckFiles.map((f) => f.table)).toEqual(CANONICAL_TABLES.map((t) => t.name));
      for (const [i, duck] of duckFiles.entries()) {
        const pg = pgFiles[i];
        expect(pg?.rows, duck.table).toBe(duck.rows);
        const [a, b] = await Promise.all([readFile(duck.path, 'utf8'), readFile(pg?.path ?? '', 'utf8')]);
        expect(b === a, `${duck.table}.csv differs between engines`).toBe(true);
      }
      // The demo fills every table, so the comparison covers every column type.
      for (const f of duckFiles) expect(f.rows, f.table).toBeGreaterThan(0);

      // Parquet goes a different way per engine (a view on DuckDB, COPY into a scratch DuckDB from
      // PostgreSQL); the typed contents must still agree row for row.
      const duckParquet = await exportTables(both.duck.db, {
        dir: join(both.duck.dir, 'pq'),
        format: 'parquet',
      });
      const pgParquet = await exportTables(both.pg.db, { dir: join(both.pg.dir, 'pq'), format: 'parquet' });
      const reader = await DuckDbSession.open({ path: ':memory:' });
      try {
        for (const [i, duck] of duckParquet.entries()) {
          const a = sql`read_parquet(${sql.literal(duck.path)})`;
          const b = sql`read_parquet(${sql.literal(pgParquet[i]?.path ?? '')})`;
          const [diff] = await reader.query<{ n: number; total: number }>(
            sql`SELECT (SELECT COUNT(*) FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b}))
                     + (SELECT COUNT(*) FROM (SELECT * FROM ${b} EXCEPT ALL SELECT * FROM ${a})) AS n,
                   (SELECT COUNT(*) FROM ${a}) AS total`,
          );
          expect({ table: duck.table, differing: diff?.n, rows: diff?.total }).toEqual({
            table: duck.table,
            differing: 0,
            rows: duck.rows,
          });
        }
      } finally {
        reader.close();
      }
    } finally {
      await both.teardown();
    }
  },
);
