import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { computeMetrics } from '../metrics/compute-metrics.js';
import { parsePeriod } from '../metrics/period.js';
import { healthCounts } from '../workspace/health-counts.js';
import { computeHealth, loadHealthConfig } from './compute-health.js';

const FILES: Record<string, string> = {
  'accounts.csv':
    'id,name,touch_model,licensed_seats,created_at\nX,X,low,10,2024-01-01\nY,Y,tech,4,2025-06-01',
  'features.csv': 'key,is_core\nf1,true\nf2,true\nf3,false',
  'subscriptions.csv': 'id,account_id,mrr,started_at\nx1,X,1000,2024-01-01\ny1,Y,100,2025-06-10',
  'usage_events.csv': [
    'id,account_id,user_id,event,feature,occurred_at',
    'e1,X,u1,use,f1,2025-06-05T10:00:00Z', // last 30 days: 4 events, users u1 u2 u3, core f1 f2
    'e2,X,u2,use,f2,2025-06-10T10:00:00Z',
    'e3,X,u3,use,f3,2025-06-20T10:00:00Z',
    'e4,X,u1,use,f1,2025-06-28T10:00:00Z', // last seen: 2 days 14 hours before 07-01
    'e5,X,u1,use,f1,2025-04-10T10:00:00Z', // the 60 days before: 4 events
    'e6,X,u1,use,f1,2025-05-01T10:00:00Z',
    'e7,X,u1,use,f1,2025-05-15T10:00:00Z',
    'e8,X,u1,use,f1,2025-05-20T10:00:00Z',
  ].join('\n'),
  'tickets.csv': [
    'id,account_id,channel,priority,status,created_at,first_response_at,resolved_at,escalated',
    't1,X,email,normal,solved,2025-06-15T00:00:00Z,2025-06-15T06:00:00Z,2025-06-16T00:00:00Z,false', // 360 / 720 = 0.5
    't2,X,chat,normal,solved,2025-05-01T00:00:00Z,2025-05-01T00:10:00Z,2025-05-01T01:00:00Z,false', // 10 / 5 = 2
    't3,X,phone,urgent,open,2025-06-30T00:00:00Z,,,false', // open and urgent, never answered
  ].join('\n'),
  'contacts.csv': 'id,account_id\nc1,X\nc2,X',
  'surveys.csv': [
    'id,kind,score,account_id,contact_id,ticket_id,responded_at',
    's1,csat,5,X,c1,t1,2025-06-16T00:00:00Z',
    's2,csat,3,X,c1,,2025-05-01T00:00:00Z',
    'n1,nps,6,X,c1,,2025-01-10T00:00:00Z', // superseded by c1's later answer
    'n2,nps,9,X,c1,,2025-05-10T00:00:00Z',
    'n3,nps,7,X,c2,,2024-05-01T00:00:00Z', // older than 365 days
  ].join('\n'),
  'interactions.csv': [
    'id,account_id,kind,occurred_at,with_executive',
    'i1,X,meeting,2025-05-02T00:00:00Z,true', // 60 days before 07-01
    'i2,X,qbr,2025-01-01T00:00:00Z,false', // 181 days before
  ].join('\n'),
  'milestones.csv': [
    'id,account_id,key,required,completed_at',
    'm1,X,setup,true,2024-02-01',
    'm2,Y,setup,true,2025-06-12',
    'm3,Y,integrate,true,',
  ].join('\n'),
};

describeEachBackend('health scores', (ctx) => {
  it('reads measures, chooses scorecards and scores as worked out by hand', async () => {
    await importFixture(ctx, FILES);
    const results = await computeHealth(ctx.db, await loadHealthConfig(), '2025-07-01');
    const x = results.find((r) => r.accountId === 'X');
    const y = results.find((r) => r.accountId === 'Y');
    const raw = Object.fromEntries((x?.contributions ?? []).map((c) => [c.measure, c.raw]));
    expect(raw.active_user_rate).toBeCloseTo(3 / 10, 12);
    expect(raw.usage_trend).toBeCloseTo(4 / (4 / 2), 12);
    expect(raw.feature_breadth).toBeCloseTo(1, 12);
    expect(raw.last_seen_days).toBeCloseTo(2 + 14 / 24, 9);
    expect(raw.frt_vs_target).toBeCloseTo((0.5 + 2) / 2, 12);
    expect(raw.open_escalations).toBe(1);
    expect(raw.tickets_per_seat).toBeCloseTo(3 / 10, 12);
    expect(raw.support_csat).toBe(1);
    expect(raw.csat).toBe(0.5);
    expect(raw.nps).toBe(9);
    expect(raw.executive_touch_days).toBeCloseTo(60, 9);
    expect(raw.qbr_days).toBeCloseTo(181, 9);
    expect(raw.onboarding_completion).toBe(1);

    // Default ("mature") scorecard, weights summing to 100; each term is weight × linear score.
    const lin = (v: number, worst: number, best: number) =>
      100 * Math.min(1, Math.max(0, (v - worst) / (best - worst)));
    const expected =
      (12 * lin(0.3, 0.1, 0.6) +
        8 * 100 +
        10 * 100 +
        7 * 100 + // onboarding_completion: its one required milestone was done in 2024
        3 * lin(2 + 14 / 24, 30, 1) +
        8 * lin(1.25, 3, 0.5) +
        7 * lin(1, 3, 0) +
        5 * lin(0.3, 0.5, 0.05) +
        5 * 100 +
        12 * 100 +
        8 * 0 +
        10 * lin(60, 180, 30) +
        5 * lin(181, 365, 90)) /
      100;
    // X: paying since 2024, latest NPS 9 → advocacy stage; low touch → the default ("mature") scorecard.
    expect(x).toMatchObject({ scorecard: 'mature', stage: 'advocacy', band: 'healthy', coverage: 1 });
    expect(x?.score).toBeCloseTo(expected, 9);
    // By hand: 12·40 + 800 + 1000 + 700 + 3·94.540 + 8·70 + 7·66.667 + 5·44.444 + 500 + 1200 + 0 + 10·80
    // + 5·66.909 = 7347.06 → 73.4706.
    expect(expected).toBeCloseTo(73.4706, 3);
    // The explanation adds up to the score.
    expect(x?.contributions.reduce((sum, c) => sum + c.contribution, 0)).toBeCloseTo(x?.score ?? NaN, 9);

    // Y: paid 21 days ago with a required milestone open → onboarding scorecard; FRT is NA (weight 10 of 100).
    // (40 × 50 + 25 × 0 + 15 × 0 + 10 × 100) / 90.
    expect(y).toMatchObject({ scorecard: 'onboarding', stage: 'onboarding', band: 'critical' });
    expect(y?.coverage).toBeCloseTo(0.9, 12);
    expect(y?.score).toBeCloseTo(3000 / 90, 9);

    // The catalog's healthy_account_share for June 2025 (scores on 07-01): X healthy, Y critical → 1 of 2.
    const june = await computeMetrics(ctx.db, {
      period: parsePeriod('2025-06')!,
      ids: ['healthy_account_share'],
      health: healthCounts(ctx.db),
    });
    expect(june.metrics[0]).toMatchObject({ id: 'healthy_account_share', value: 0.5, n: 2 });
    const without = await computeMetrics(ctx.db, {
      period: parsePeriod('2025-06')!,
      ids: ['healthy_account_share'],
    });
    expect(without.metrics[0]).toMatchObject({
      value: null,
      reason: 'health scores were not computed for this run',
    });
  });
});
