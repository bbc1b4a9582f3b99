import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { computeMetrics } from './compute-metrics.js';
import { ENGAGEMENT_COMPONENTS, engagementScores, type AccountEngagement } from './engagement-score.js';
import { parsePeriod } from './period.js';

/*
 * Hand-worked engagement scores as of 2025-07-01: the window is [2025-06-01 00:00, 2025-07-01 00:00).
 * Anchors (worst → 0, best → 100) and weights, checked below: login frequency 1 → 12 days, session depth
 * 1 → 6 events, feature breadth 0 → 0.75, feature depth 0 → 0.4; weights 25 each.
 * The catalog has 5 features.
 *
 * A (u1, u2):
 *   u1: a1 06-01 00:00:00 (exactly 30 days before: in), a2 06-10 09:00, a3 09:29 (29 min: same session),
 *       a4 10:00 (31 min: new session), a5 10:10 → days 06-01, 06-10 = 2; sessions {a1} {a2 a3} {a4 a5} = 3;
 *       features reports, export = 2 of 5. a0 (05-31 23:59:59) is out: had it counted, a1 would join its session.
 *   u2: a6 06-10 09:15 (between u1's events, but sessions are per user), a7 06-20, a8 06-30 23:59:59 → 3 days,
 *       3 sessions, features reports = 1 of 5. a9 (07-01 00:00:00, alerts) is at the as-of instant: out.
 *   login frequency  = (2 + 3) user-days / 2 users = 2.5  → 100 × (2.5 − 1) / 11 = 150/11 ≈ 13.636
 *   session depth    = 8 events / 6 sessions = 4/3         → 100 × (4/3 − 1) / 5 = 20/3 ≈ 6.667
 *   feature breadth  = {reports, export} = 2 / 5 = 0.4      → 100 × 0.4 / 0.75 = 160/3 ≈ 53.333
 *   feature depth    = (2/5 + 1/5) / 2 = 0.3                → 100 × 0.3 / 0.4 = 75
 *   score = (150/11 + 20/3 + 160/3 + 75) / 4 = (150/11 + 135) / 4 ≈ 37.159
 *   mean session = (29 + 10 + 0 × 4) minutes / 6 sessions = 6.5 minutes
 * B: seats, one event on 05-15 (before the window), nothing in it → every component 0, score 0 (not NA).
 * C: two events without a user_id (chat, alerts) → login, session depth and feature depth NA; breadth
 *    2 / 5 = 0.4 → 160/3; the only weight left is breadth's, so the score is 160/3 ≈ 53.333.
 * D: events in the window, but its line ended on 07-01: not paying on the date, not scored.
 * E: u5: four events on 06-05 10:00, 10:05, 10:10, 10:15 with four features → 1 day, 1 session of 4 events
 *    (15 minutes). login 1 → 0; session depth 4 → 100 × 3 / 5 = 60; breadth 4/5 = 0.8 > 0.75 → 100 (clamped);
 *    depth 0.8 > 0.4 → 100 (clamped). score = (0 + 60 + 100 + 100) / 4 = 65.
 */
const FILES: Record<string, string> = {
  'accounts.csv': [
    'id,name,created_at,licensed_seats,segment',
    'A,A Inc,2024-01-01,10,enterprise',
    'B,B Inc,2024-01-01,5,smb',
    'C,C Inc,2024-01-01,3,smb',
    'D,D Inc,2024-01-01,2,smb',
    'E,E Inc,2024-01-01,4,',
  ].join('\n'),
  'subscriptions.csv': [
    'id,account_id,mrr,started_at,ended_at',
    'a1,A,100,2024-01-01,',
    'b1,B,50,2024-01-01,',
    'c1,C,30,2025-01-01,',
    'd1,D,40,2024-01-01,2025-07-01',
    'e1,E,20,2025-03-01,',
  ].join('\n'),
  'features.csv':
    'key,name,is_core\nreports,Reports,true\nexport,Export,true\nchat,Chat,false\nalerts,Alerts,false\napi,API,false',
  'usage_events.csv': [
    'id,account_id,user_id,event,feature,occurred_at',
    'a0,A,u1,use,export,2025-05-31T23:59:59Z',
    'a1,A,u1,use,reports,2025-06-01T00:00:00Z',
    'a2,A,u1,session_started,,2025-06-10T09:00:00Z',
    'a3,A,u1,use,reports,2025-06-10T09:29:00Z',
    'a4,A,u1,use,export,2025-06-10T10:00:00Z',
    'a5,A,u1,use,export,2025-06-10T10:10:00Z',
    'a6,A,u2,use,reports,2025-06-10T09:15:00Z',
    'a7,A,u2,use,reports,2025-06-20T14:00:00Z',
    'a8,A,u2,use,reports,2025-06-30T23:59:59Z',
    'a9,A,u2,use,alerts,2025-07-01T00:00:00Z',
    'b1,B,u3,use,reports,2025-05-15T10:00:00Z',
    'c1,C,,use,chat,2025-06-15T10:00:00Z',
    'c2,C,,use,alerts,2025-06-15T10:05:00Z',
    'd1,D,u4,use,api,2025-06-20T10:00:00Z',
    'e1,E,u5,use,reports,2025-06-05T10:00:00Z',
    'e2,E,u5,use,export,2025-06-05T10:05:00Z',
    'e3,E,u5,use,chat,2025-06-05T10:10:00Z',
    'e4,E,u5,use,alerts,2025-06-05T10:15:00Z',
  ].join('\n'),
};

const A_SCORE = (150 / 11 + 135) / 4;
const C_SCORE = 160 / 3;

function component(a: AccountEngagement | undefined, id: string) {
  return a?.components.find((c) => c.id === id);
}

it('declares the anchors and weights the hand-worked values below assume', () => {
  expect(ENGAGEMENT_COMPONENTS.map((c) => [c.id, c.worst, c.best, c.weight])).toEqual([
    ['login_frequency', 1, 12, 25],
    ['session_depth', 1, 6, 25],
    ['feature_breadth', 0, 0.75, 25],
    ['feature_depth', 0, 0.4, 25],
  ]);
});

describeEachBackend('engagement score', (ctx) => {
  it('scores each paying account from its last 30 days of usage, by hand', async () => {
    await importFixture(ctx, FILES);
    const report = await engagementScores(ctx.db, '2025-07-01');
    expect(report.window).toEqual({ start: '2025-06-01', end: '2025-07-01' });
    expect(report.accounts.map((a) => a.accountId)).toEqual(['A', 'B', 'C', 'E']);
    const by = Object.fromEntries(report.accounts.map((a) => [a.accountId, a]));

    const a = by.A;
    expect(a).toMatchObject({ name: 'A Inc', events: 8, activeUsers: 2, userDays: 5, sessions: 6 });
    expect(a?.featuresUsed).toBe(2);
    expect(a?.catalogFeatures).toBe(5);
    expect(a?.meanSessionMinutes).toBeCloseTo(6.5, 9);
    expect(component(a, 'login_frequency')?.raw).toBeCloseTo(2.5, 9);
    expect(component(a, 'login_frequency')?.score).toBeCloseTo(150 / 11, 9);
    expect(component(a, 'session_depth')?.raw).toBeCloseTo(4 / 3, 9);
    expect(component(a, 'session_depth')?.score).toBeCloseTo(20 / 3, 9);
    expect(component(a, 'feature_breadth')?.raw).toBeCloseTo(0.4, 9);
    expect(component(a, 'feature_breadth')?.score).toBeCloseTo(160 / 3, 9);
    expect(component(a, 'feature_depth')?.raw).toBeCloseTo(0.3, 9);
    expect(component(a, 'feature_depth')?.score).toBeCloseTo(75, 9);
    expect(a?.components.map((c) => c.effectiveWeight)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(a?.score).toBeCloseTo(A_SCORE, 9);
    expect(A_SCORE).toBeCloseTo(37.159, 3);

    // No usage in 30 days: every component is 0 and so is the score; not NA, since the seats went unused.
    const b = by.B;
    expect(b).toMatchObject({ events: 0, activeUsers: 0, sessions: 0, meanSessionMinutes: null, score: 0 });
    expect(b?.components.map((c) => [c.raw, c.score])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);

    // Anonymous events: only breadth can be measured; its weight re-normalises to the whole.
    const c = by.C;
    expect(c).toMatchObject({ events: 2, activeUsers: 0, featuresUsed: 2 });
    expect(c?.components.map((x) => [x.id, x.raw === null, x.effectiveWeight])).toEqual([
      ['login_frequency', true, 0],
      ['session_depth', true, 0],
      ['feature_breadth', false, 1],
      ['feature_depth', true, 0],
    ]);
    expect(c?.score).toBeCloseTo(C_SCORE, 9);

    // Clamped above the best anchor.
    const e = by.E;
    expect(e).toMatchObject({ events: 4, activeUsers: 1, userDays: 1, sessions: 1 });
    expect(e?.meanSessionMinutes).toBeCloseTo(15, 9);
    expect(component(e, 'login_frequency')?.score).toBeCloseTo(0, 9);
    expect(component(e, 'session_depth')?.score).toBeCloseTo(60, 9);
    expect(component(e, 'feature_breadth')).toMatchObject({ raw: 0.8, score: 100 });
    expect(component(e, 'feature_depth')).toMatchObject({ raw: 0.8, score: 100 });
    expect(e?.score).toBeCloseTo(65, 9);
  });

  it('is the catalog’s engagement_score: the mean over accounts paying at the period’s end', async () => {
    await importFixture(ctx, FILES);
    const report = await computeMetrics(ctx.db, {
      period: parsePeriod('2025-06')!,
      ids: ['engagement_score'],
    });
    // Scores on 2025-07-01: A (150/11 + 135)/4, B 0, C 160/3, E 65; D is not paying.
    const mean = (A_SCORE + 0 + C_SCORE + 65) / 4;
    expect(mean).toBeCloseTo(38.873, 3);
    const m = report.metrics[0];
    expect(m).toMatchObject({ id: 'engagement_score', stage: 'adoption', unit: 'points', n: 4 });
    expect(m?.value).toBeCloseTo(mean, 9);
    expect(m?.benchmark.tier).toBeNull();
    // Median of 0, A, C, 65 = (A + C) / 2; component means over the accounts where each has data:
    // login (150/11 + 0 + 0) / 3, session (20/3 + 0 + 60) / 3, breadth (160/3 + 0 + 160/3 + 100) / 4,
    // depth (75 + 0 + 100) / 3.
    const breakdown = m?.breakdown as {
      median: number;
      paying_accounts: number;
      mean_component_scores: Record<string, number>;
    };
    expect(breakdown.median).toBeCloseTo((A_SCORE + C_SCORE) / 2, 9);
    expect(breakdown.paying_accounts).toBe(4);
    expect(breakdown.mean_component_scores.login_frequency).toBeCloseTo(150 / 11 / 3, 9);
    expect(breakdown.mean_component_scores.session_depth).toBeCloseTo((20 / 3 + 60) / 3, 9);
    expect(breakdown.mean_component_scores.feature_breadth).toBeCloseTo((320 / 3 + 100) / 4, 9);
    expect(breakdown.mean_component_scores.feature_depth).toBeCloseTo(175 / 3, 9);

    // A month with no paying accounts has no mean.
    const empty = await computeMetrics(ctx.db, {
      period: parsePeriod('2023-01')!,
      ids: ['engagement_score'],
    });
    expect(empty.metrics[0]).toMatchObject({ value: null, n: 0 });
  });

  it('drops components without data and re-normalises the rest: no feature catalog', async () => {
    // X: u1 06-05 08:00 and 08:20 (20 min: one session), 06-06 08:00 (second session); u2 06-05 08:00.
    //   login = (2 + 1) user-days / 2 users = 1.5 → 100 × 0.5 / 11 = 50/11 ≈ 4.545
    //   session depth = 4 events / 3 sessions → 100 × (4/3 − 1) / 5 = 20/3 ≈ 6.667
    //   breadth and depth NA (no catalog): score = (50/11 + 20/3) / 2, each weight 0.5.
    // Y: paying, no usage → login and session depth 0, breadth and depth NA → 0.
    await importFixture(ctx, {
      'accounts.csv': 'id,name,created_at,licensed_seats\nX,X Inc,2024-01-01,5\nY,Y Inc,2024-01-01,5',
      'subscriptions.csv': 'id,account_id,mrr,started_at\nx1,X,10,2024-01-01\ny1,Y,10,2024-01-01',
      'usage_events.csv': [
        'id,account_id,user_id,event,occurred_at',
        'x1,X,u1,login,2025-06-05T08:00:00Z',
        'x2,X,u1,click,2025-06-05T08:20:00Z',
        'x3,X,u1,login,2025-06-06T08:00:00Z',
        'x4,X,u2,login,2025-06-05T08:00:00Z',
      ].join('\n'),
    });
    const [x, y] = (await engagementScores(ctx.db, '2025-07-01')).accounts;
    expect(x?.components.map((c) => [c.id, c.raw === null, c.effectiveWeight])).toEqual([
      ['login_frequency', false, 0.5],
      ['session_depth', false, 0.5],
      ['feature_breadth', true, 0],
      ['feature_depth', true, 0],
    ]);
    expect(component(x, 'login_frequency')?.raw).toBeCloseTo(1.5, 9);
    expect(component(x, 'session_depth')?.raw).toBeCloseTo(4 / 3, 9);
    expect(x?.meanSessionMinutes).toBeCloseTo(20 / 3, 9);
    expect(x?.score).toBeCloseTo((50 / 11 + 20 / 3) / 2, 9);
    expect(y).toMatchObject({ accountId: 'Y', score: 0 });
    expect(component(y, 'feature_breadth')?.raw).toBeNull();
  });
});
