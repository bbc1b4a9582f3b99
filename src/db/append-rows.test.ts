import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import type { JsonColumn } from './database.js';
import { sql } from './sql.js';

const COLUMNS: readonly JsonColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'n', type: 'integer' },
  { name: 'x', type: 'double' },
  { name: 'ts', type: 'timestamp' },
  { name: 'doc', type: 'json' },
];

describeEachBackend('Transaction.append', (ctx) => {
  it('inserts typed rows inside the transaction; a rollback takes them back, a key conflict fails it', async () => {
    await ctx.db.exec(sql`DROP TABLE IF EXISTS append_probe`);
    await ctx.db.exec(sql`
      CREATE TABLE append_probe (id VARCHAR PRIMARY KEY, n INTEGER, x DOUBLE PRECISION, ts TIMESTAMP, doc JSON)`);
    await ctx.db.transaction((tx) =>
      tx.append('append_probe', COLUMNS, [
        ["O'Brien; DROP TABLE x --", 7, 1.25, '2025-02-28 13:45:00.125', '{"a":[1,2]}'],
        ['líne\nbreak 😀', null, null, null, null],
      ]),
    );
    const rows = await ctx.db.query(
      sql`SELECT id, n, x, CAST(ts AS TEXT) AS ts, CAST(doc AS TEXT) AS doc FROM append_probe ORDER BY n NULLS LAST`,
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: "O'Brien; DROP TABLE x --", n: 7, x: 1.25 });
    expect(String(rows[0]?.ts)).toMatch(/^2025-02-28[ T]13:45:00\.125/);
    expect(JSON.parse(String(rows[0]?.doc))).toEqual({ a: [1, 2] });
    expect(rows[1]).toMatchObject({ id: 'líne\nbreak 😀', n: null, x: null, ts: null, doc: null });

    // Appended, then the transaction fails: none of it stays.
    await expect(
      ctx.db.transaction(async (tx) => {
        await tx.append('append_probe', COLUMNS, [['kept?', 1, 0, null, null]]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    // A key seen before fails the append and the whole transaction, the new row with it.
    await expect(
      ctx.db.transaction((tx) =>
        tx.append('append_probe', COLUMNS, [
          ['new', 2, 0, null, null],
          ["O'Brien; DROP TABLE x --", 3, 0, null, null],
        ]),
      ),
    ).rejects.toThrow();
    const [count] = await ctx.db.query<{ n: number }>(sql`SELECT COUNT(*) AS n FROM append_probe`);
    expect(count?.n).toBe(2);
    // The next transaction appends normally: nothing of the refused rows lingers (DuckDB keeps an appender
    // per table across transactions and must drop one whose flush failed).
    await ctx.db.transaction((tx) => tx.append('append_probe', COLUMNS, [['after', 4, 0, null, null]]));
    await ctx.db.transaction((tx) => tx.append('append_probe', COLUMNS, [['later', 5, 0, null, null]]));
    const ids = await ctx.db.query<{ id: string }>(sql`SELECT id FROM append_probe`);
    expect(ids.map((r) => r.id).sort()).toEqual([
      "O'Brien; DROP TABLE x --",
      'after',
      'later',
      'líne\nbreak 😀',
    ]);
    await ctx.db.exec(sql`DROP TABLE append_probe`);
  });
});
