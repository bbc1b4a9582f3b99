import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { loadDemo } from './load-demo.js';
import { countRows } from '../db/table-rows.js';

const SMALL = { accounts: 20, months: 3, seed: 3, end: '2025-03-01' };

describeEachBackend('loading the demo', (ctx) => {
  it('refuses a workspace that holds data unless asked to replace it', async () => {
    const first = await loadDemo(ctx.db, SMALL);
    expect(first.tables.find((t) => t.table === 'accounts')).toMatchObject({
      read: 20,
      inserted: 20,
      rejected: 0,
    });
    const before = await countRows(ctx.db);
    await expect(loadDemo(ctx.db, { ...SMALL, seed: 4 })).rejects.toThrow(/already holds data.*--replace/);
    expect(await countRows(ctx.db)).toEqual(before);
    await loadDemo(ctx.db, { ...SMALL, replace: true });
    // The same seed again after emptying: the same rows, nothing left over.
    expect(await countRows(ctx.db)).toEqual(before);
  });
});
