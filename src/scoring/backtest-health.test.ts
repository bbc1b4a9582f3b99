import { expect, it } from 'vitest';
import { sql } from '../db/sql.js';
import { describeEachBackend } from '../test-support/backends.js';
import { loadDemo } from '../workspace/load-demo.js';
import { backtestDates, backtestHealth } from './backtest-health.js';
import { computeHealth, loadHealthConfig } from './compute-health.js';

it('takes month starts whose horizon ends within the data', () => {
  // Data through 2025-06-30 (end 2025-07-01), 90 days: the last as-of date is 2025-04-01 (→ 06-30).
  expect(backtestDates('2025-07-01', 90, 3)).toEqual(['2025-02-01', '2025-03-01', '2025-04-01']);
  expect(backtestDates('2025-07-01', 30, 2)).toEqual(['2025-05-01', '2025-06-01']);
});

describeEachBackend('health back-test', (ctx) => {
  it('agrees with an AUC computed independently from the scores and later subscriptions', async () => {
    await loadDemo(ctx.db, { accounts: 150, months: 18, seed: 4, end: '2025-07-01' });
    const config = await loadHealthConfig();
    const report = await backtestHealth(ctx.db, config, { horizonDays: 90, months: 4 });
    expect(report.asOfDates).toHaveLength(4);

    // Independently: paying = Σ mrr of lines live on the day > 0, computed here from the raw lines.
    const lines = await ctx.db.query<{
      account_id: string;
      mrr: string | number;
      started_at: unknown;
      ended_at: unknown;
    }>(
      sql`SELECT account_id, CAST(mrr AS TEXT) AS mrr, CAST(started_at AS TEXT) AS started_at, CAST(ended_at AS TEXT) AS ended_at FROM subscriptions`,
    );
    const payingOn = (account: string, day: string) =>
      lines
        .filter(
          (l) =>
            l.account_id === account &&
            String(l.started_at) <= day &&
            (l.ended_at === null || String(l.ended_at) > day),
        )
        .reduce((s, l) => s + Number(l.mrr), 0) > 0;
    const churners: number[] = [];
    const stayers: number[] = [];
    for (const asOf of report.asOfDates) {
      const later = new Date(Date.parse(`${asOf}T00:00:00Z`) + 90 * 86_400_000).toISOString().slice(0, 10);
      for (const r of await computeHealth(ctx.db, config, asOf)) {
        if (r.score === null) continue;
        (payingOn(r.accountId, later) ? stayers : churners).push(r.score);
      }
    }
    let wins = 0;
    for (const c of churners) for (const s of stayers) wins += c < s ? 1 : c === s ? 0.5 : 0;
    expect(report.observations).toBe(churners.length + stayers.length);
    expect(report.churners).toBe(churners.length);
    expect(churners.length).toBeGreaterThan(0);
    expect(report.auc).toBeCloseTo(wins / (churners.length * stayers.length), 12);
  });
});
