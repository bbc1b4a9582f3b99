import { readdir } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { CANONICAL_TABLES, type ColumnType } from '../domain/canonical-tables.js';
import { describeEachBackend } from '../test-support/backends.js';
import { sql } from './sql.js';

// What each contract type must be stored as, written out per engine.
const EXPECTED: Record<'duckdb' | 'postgres', Record<ColumnType, string>> = {
  duckdb: {
    text: 'VARCHAR',
    enum: 'VARCHAR',
    int: 'INTEGER',
    decimal: 'DECIMAL(18,4)',
    bool: 'BOOLEAN',
    date: 'DATE',
    timestamp: 'TIMESTAMP',
    json: 'JSON',
  },
  postgres: {
    text: 'text',
    enum: 'text',
    int: 'integer',
    decimal: 'numeric',
    bool: 'boolean',
    date: 'date',
    timestamp: 'timestamp without time zone',
    json: 'json',
  },
};

describeEachBackend('migrations', (ctx) => {
  it('create every canonical table with the declared columns, types and required flags', async () => {
    const rows = await ctx.db.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
    }>(
      sql`SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
          WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
    );
    for (const table of CANONICAL_TABLES) {
      const actual = rows.filter((r) => r.table_name === table.name);
      const expected = table.columns.map((c) => ({
        column: c.name,
        type: EXPECTED[ctx.engine][c.type],
        nullable: c.required || table.derivableKey === c.name ? 'NO' : 'YES',
      }));
      expect(
        actual.map((r) => ({ column: r.column_name, type: r.data_type, nullable: r.is_nullable })),
        table.name,
      ).toEqual(expected);
    }
  });

  it('are idempotent and recorded', async () => {
    expect(await ctx.db.migrate()).toEqual([]);
    const [row] = await ctx.db.query<{ n: number }>(sql`SELECT COUNT(*) AS n FROM keel_migrations`);
    // One row per migration file of the engine.
    const files = (await readdir(new URL(`./migrations/${ctx.engine}/`, import.meta.url))).filter((f) =>
      f.endsWith('.sql'),
    );
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(Number(row?.n)).toBe(files.length);
  });

  it('enforce enums and minimums in the database itself', async () => {
    await expect(
      ctx.db.exec(sql`INSERT INTO agents (id, name, role) VALUES ('a', 'A', 'wizard')`),
    ).rejects.toThrow();
    await expect(
      ctx.db.exec(sql`INSERT INTO agents (id, name, role, capacity) VALUES ('a', 'A', 'agent', -1)`),
    ).rejects.toThrow();
  });
});
