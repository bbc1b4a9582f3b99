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
    const report = await backtestHealth(ctx.db, config, { horizonDays: 90, months: 8 });
    expect(report.asOfDates).toHaveLength(8);

    // Independently: paying = Σ mrr of lines live on the day > 0, computed here from the raw lines.
    const lines = await ctx.db.query<{
      id: string;
      account_id: string;
      mrr: string | number;
      started_at: unknown;
      ended_at: unknown;
      churn_type: string | null;
    }>(
      sql`SELECT id, account_id, CAST(mrr AS TEXT) AS mrr, CAST(started_at AS TEXT) AS started_at, CAST(ended_at AS TEXT) AS ended_at, churn_type FROM subscriptions`,
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
    // The churn type is the one on the line that ended last by that day (ties: the larger id).
    const lostInvoluntarily = (account: string, day: string) =>
      lines
        .filter((l) => l.account_id === account && l.ended_at !== null && String(l.ended_at) <= day)
        .sort((a, b) => String(b.ended_at).localeCompare(String(a.ended_at)) || b.id.localeCompare(a.id))[0]
        ?.churn_type === 'involuntary';
    const churners: number[] = [];
    const stayers: number[] = [];
    const involuntary: number[] = [];
    for (const asOf of report.asOfDates) {
      const later = new Date(Date.parse(`${asOf}T00:00:00Z`) + 90 * 86_400_000).toISOString().slice(0, 10);
      for (const r of await computeHealth(ctx.db, config, asOf)) {
        if (r.score === null) continue;
        if (payingOn(r.accountId, later)) stayers.push(r.score);
        else (lostInvoluntarily(r.accountId, later) ? involuntary : churners).push(r.score);
      }
    }
    const auc = (lost: number[], kept: number[]) => {
      let wins = 0;
      for (const c of lost) for (const s of kept) wins += c < s ? 1 : c === s ? 0.5 : 0;
      return wins / (lost.length * kept.length);
    };
    // Voluntary label: involuntary losses are neither churners nor stayers.
    expect(report.churn).toBe('voluntary');
    expect(report.observations).toBe(churners.length + stayers.length);
    expect(report.churners).toBe(churners.length);
    expect(report.excludedInvoluntary).toBe(involuntary.length);
    expect(churners.length).toBeGreaterThan(0);
    expect(involuntary.length).toBeGreaterThan(0);
    expect(report.auc).toBeCloseTo(auc(churners, stayers), 12);
    // Every churn: the same scores with involuntary losses counted as churners.
    expect(report.allChurn.churners).toBe(churners.length + involuntary.length);
    expect(report.allChurn.auc).toBeCloseTo(auc([...churners, ...involuntary], stayers), 12);
    const all = await backtestHealth(ctx.db, config, { horizonDays: 90, months: 8, churn: 'all' });
    expect(all.auc).toBeCloseTo(report.allChurn.auc ?? NaN, 12);
    expect(all.excludedInvoluntary).toBe(0);
  });
});

// The bar, on the default demo company (500 accounts, 24 months, seed 1) with a fixed end date so the
// data never moves: AUC ≥ 0.75 on voluntary churn at 90 days, and not above 0.95 (that would mean the demo
// leaks the outcome). One engine is enough: the engines' agreement is tested above.
describeEachBackend(
  'health back-test on the demo company',
  (ctx) => {
    it('reaches AUC 0.75 at a 90-day horizon without leaking the outcome', async () => {
      await loadDemo(ctx.db, { accounts: 500, months: 24, seed: 1, end: '2026-12-04' });
      const report = await backtestHealth(ctx.db, await loadHealthConfig(), { horizonDays: 90, months: 12 });
      expect(report.churners).toBeGreaterThan(100);
      expect(report.auc).toBeGreaterThanOrEqual(0.75);
      expect(report.auc).toBeLessThanOrEqual(0.95);
    }, 60_000);
  },
  ['duckdb'],
);
