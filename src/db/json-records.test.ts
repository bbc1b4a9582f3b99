import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { sql } from './sql.js';

describeEachBackend('JSON records', (ctx) => {
  it('turns one JSON parameter into typed rows, text kept byte for byte', async () => {
    const records = [
      {
        name: "O'Brien; DROP TABLE x --",
        score: 1.25,
        day: '2025-02-28',
        ts: '2025-02-28 13:45:00',
        doc: { a: [1, 2] },
      },
      { name: 'líne\nbreak "quoted" 😀', score: null, day: null, ts: null, doc: null },
    ];
    const rows = await ctx.db.query<Record<string, unknown>>(sql`
      SELECT name, score, CAST(day AS TEXT) AS day, CAST(ts AS TEXT) AS ts, CAST(doc AS TEXT) AS doc
      FROM (${ctx.db.dialect.jsonRecords(JSON.stringify(records), [
        { name: 'name', type: 'text' },
        { name: 'score', type: 'double' },
        { name: 'day', type: 'date' },
        { name: 'ts', type: 'timestamp' },
        { name: 'doc', type: 'json' },
      ])}) r ORDER BY score NULLS LAST`);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ name: "O'Brien; DROP TABLE x --", score: 1.25, day: '2025-02-28' });
    expect(String(rows[0]?.ts)).toMatch(/^2025-02-28[ T]13:45:00/);
    expect(JSON.parse(String(rows[0]?.doc))).toEqual({ a: [1, 2] });
    expect(rows[1]).toMatchObject({ name: 'líne\nbreak "quoted" 😀', score: null, day: null, ts: null });
    expect(() => ctx.db.dialect.jsonRecords('[]', [{ name: 'bad name', type: 'text' }])).toThrow(/plain/);
  });
});
