import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { oneMeasureConfig } from '../test-support/scorecards.js';
import { computeHealth } from './compute-health.js';
import { readMeasures } from './measures.js';

/*
 * The engagement_score measure on 2025-07-01 (anchors: metrics/engagement-score.test.ts), catalog of 2 features:
 *   P: one event by u1 (reports) on 06-20 → login 1 day → 0; 1 event per session → 0;
 *      breadth 1/2 = 0.5 → 100 × 0.5 / 0.75 = 200/3; depth 0.5 > 0.4 → 100. Score (200/3 + 100) / 4 = 125/3.
 *   Q: an event in the window but no subscription: not paying, NA.
 *   R: paying, no usage: 0.
 */
const FILES: Record<string, string> = {
  'accounts.csv': 'id,name,created_at\nP,P,2024-01-01\nQ,Q,2024-01-01\nR,R,2024-01-01',
  'features.csv': 'key\nreports\nexport',
  'subscriptions.csv': 'id,account_id,mrr,started_at\np1,P,100,2024-01-01\nr1,R,100,2024-01-01',
  'usage_events.csv': [
    'id,account_id,user_id,event,feature,occurred_at',
    'e1,P,u1,use,reports,2025-06-20T10:00:00Z',
    'e2,Q,u2,use,export,2025-06-20T10:00:00Z',
  ].join('\n'),
};

describeEachBackend('engagement_score measure', (ctx) => {
  it('reads the engagement score of paying accounts, for scorecards to weigh', async () => {
    await importFixture(ctx, FILES);
    const measures = await readMeasures(ctx.db, '2025-07-01');
    const score = (id: string) => measures.find((m) => m.accountId === id)?.values.engagement_score;
    expect(score('P')).toBeCloseTo(125 / 3, 9);
    expect(score('Q')).toBeNull();
    expect(score('R')).toBe(0);
    // feature_depth: P's one user used 1 of the 2 features → 0.5; R has no usage → 0; Q is not paying.
    const depth = (id: string) => measures.find((m) => m.accountId === id)?.values.feature_depth;
    expect([depth('P'), depth('Q'), depth('R')]).toEqual([0.5, null, 0]);

    // A scorecard of engagement alone, scaled 20 → 80: P = 100 × (125/3 − 20) / 60 = 325/9; R 0.
    const engagementOnly = oneMeasureConfig('engagement_score', { worst: 20, best: 80 });
    const health = await computeHealth(ctx.db, engagementOnly, '2025-07-01');
    expect(health.map((h) => h.accountId)).toEqual(['P', 'R']);
    expect(health[0]?.score).toBeCloseTo(325 / 9, 9);
    expect(health[1]).toMatchObject({ score: 0, band: 'critical' });
  });
});
