import { expect, it } from 'vitest';
import { sql } from '../db/sql.js';
import { describeEachBackend } from '../test-support/backends.js';
import { loadDemo } from '../workspace/load-demo.js';
import { loadHealthConfig } from './compute-health.js';
import { healthHistory, recordDates, recordHealth } from './record-health.js';

it('lists recording dates by day or by month start', () => {
  expect(recordDates('2025-01-30', '2025-02-02', 'day')).toEqual([
    '2025-01-30',
    '2025-01-31',
    '2025-02-01',
    '2025-02-02',
  ]);
  expect(recordDates('2025-01-15', '2025-04-01', 'month')).toEqual([
    '2025-02-01',
    '2025-03-01',
    '2025-04-01',
  ]);
});

describeEachBackend('health history', (ctx) => {
  it('records scores per version: re-recording replaces, a changed weight adds a version beside the old', async () => {
    await loadDemo(ctx.db, { accounts: 60, months: 8, seed: 9, end: '2025-07-01' });
    const v1 = await loadHealthConfig();
    const dates = ['2025-05-01', '2025-06-01'];
    const first = await recordHealth(ctx.db, v1, dates);
    const count = async () =>
      Number((await ctx.db.query<{ n: number }>(sql`SELECT COUNT(*) AS n FROM health_scores`))[0]?.n);
    expect(await count()).toBe(first.rows);
    await recordHealth(ctx.db, v1, dates);
    expect(await count()).toBe(first.rows); // same version: replaced, not doubled

    // Version 2 weighs executive engagement 40 instead of 10 in the default scorecard.
    const v2 = {
      ...v1,
      version: `${v1.version}-exec40`,
      scorecards: v1.scorecards.map((s) =>
        s.id === 'mature'
          ? {
              ...s,
              measures: s.measures.map((m) =>
                m.measure === 'executive_touch_days' ? { ...m, weight: 40 } : m,
              ),
            }
          : s,
      ),
    };
    await recordHealth(ctx.db, v2, dates);
    expect(await count()).toBe(2 * first.rows);

    // An account whose score the weight change moved (one with an executive interaction on record).
    const [row] = await ctx.db.query<{ account_id: string }>(sql`
      SELECT a.account_id FROM health_scores a JOIN health_scores b ON a.account_id = b.account_id AND a.as_of = b.as_of
      WHERE a.config_version = ${v1.version} AND b.config_version = ${v2.version} AND a.score <> b.score
      ORDER BY a.account_id LIMIT 1`);
    expect(row).toBeDefined();
    const history = await healthHistory(ctx.db, row?.account_id ?? '');
    const byVersion = (v: string) => history.filter((h) => h.configVersion === v);
    expect(byVersion(v1.version).map((h) => h.asOf)).toEqual(dates);
    expect(byVersion(v2.version).map((h) => h.asOf)).toEqual(dates);
    // The second point of each version says what moved; the first has nothing to compare with.
    expect(byVersion(v1.version)[0]?.moved).toBeNull();
    expect(byVersion(v1.version)[1]?.moved).not.toBeNull();
    // Both versions remain queryable, and for this account they differ on at least one date.
    expect(dates.some((_, i) => byVersion(v1.version)[i]?.score !== byVersion(v2.version)[i]?.score)).toBe(
      true,
    );
  });
});
