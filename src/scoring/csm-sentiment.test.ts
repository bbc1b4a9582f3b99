import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { listSentiment, recordSentiment } from './csm-sentiment.js';
import { readMeasures } from './measures.js';

describeEachBackend('CSM sentiment', (ctx) => {
  it('keeps every rating and measures the latest of the last 90 days', async () => {
    await importFixture(ctx, { 'accounts.csv': 'id,name,created_at\nA,A,2024-01-01\nB,B,2024-01-01' });
    await recordSentiment(ctx.db, { accountId: 'A', rating: 'red', ratedAt: '2025-03-01T09:00:00Z' });
    await recordSentiment(ctx.db, {
      accountId: 'A',
      rating: 'yellow',
      ratedAt: '2025-05-01T09:00:00Z',
      note: 'new VP',
    });
    await recordSentiment(ctx.db, {
      accountId: 'A',
      rating: 'green',
      ratedAt: '2025-06-20T09:00:00Z',
      author: 'c1',
    });
    await recordSentiment(ctx.db, { accountId: 'B', rating: 'red', ratedAt: '2025-06-30T23:59:59Z' });
    await expect(recordSentiment(ctx.db, { accountId: 'Z', rating: 'red' })).rejects.toMatchObject({
      code: 'not_found',
    });

    const value = async (asOf: string) =>
      Object.fromEntries(
        (await readMeasures(ctx.db, asOf)).map((m) => [m.accountId, m.values.csm_sentiment]),
      );
    // 07-01: A's latest is green (1); B's red (0) came one second before the day.
    expect(await value('2025-07-01')).toEqual({ A: 1, B: 0 });
    // 06-15: A's green is still ahead, so yellow (0.5) from 05-01; B has none yet.
    expect(await value('2025-06-15')).toEqual({ A: 0.5, B: null });
    // 08-01: the 90 days start 05-03, so A's green still counts. 09-20: they start 06-22, after A's green
    // (06-20) but before B's red (06-30). 10-01: they start 07-03, after both.
    expect(await value('2025-08-01')).toEqual({ A: 1, B: 0 });
    expect(await value('2025-09-20')).toEqual({ A: null, B: 0 });
    expect(await value('2025-10-01')).toEqual({ A: null, B: null });

    const list = await listSentiment(ctx.db, 'A');
    expect(list.map((e) => [e.rating, e.ratedAt, e.author, e.note])).toEqual([
      ['green', '2025-06-20T09:00:00Z', 'c1', null],
      ['yellow', '2025-05-01T09:00:00Z', null, 'new VP'],
      ['red', '2025-03-01T09:00:00Z', null, null],
    ]);
  });
});
