/**
 * The contract's strongest check: the same demo company loaded into DuckDB and into PostgreSQL exports
 * byte-identical files for every canonical table.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CANONICAL_TABLES } from '../domain/canonical-tables.js';
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
    } finally {
      await both.teardown();
    }
  },
);
