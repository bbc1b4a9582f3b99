import { expect, it } from 'vitest';
import { METRICS } from '../metrics/metric-catalog.js';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { lifecycleReport, METRIC_STAGES } from './lifecycle-report.js';

describeEachBackend('lifecycle report', (ctx) => {
  it('counts stages on the date and groups the month before’s metrics by their stage', async () => {
    await importFixture(ctx, {
      'accounts.csv': 'id,name,created_at\nA,A,2025-01-01\nB,B,2025-01-01\nP,P,2025-05-01',
      // A pays throughout; B paid until 05-31 (churned on 07-15); P never paid (acquisition).
      'subscriptions.csv':
        'id,account_id,mrr,started_at,ended_at\na1,A,100,2025-01-01,\nb1,B,50,2025-01-01,2025-05-31',
    });
    const r = await lifecycleReport(ctx.db, ctx.config, '2025-07-15');
    expect(r.counts).toMatchObject({ acquisition: 1, churned: 1 });
    expect(r.counts.adoption + r.counts.retention + r.counts.advocacy + r.counts.onboarding).toBe(1);
    // 07-15 → the last whole month before it is June.
    expect(r.stageMetrics.period).toEqual({ label: '2025-06', start: '2025-06-01', end: '2025-07-01' });
    expect(r.stageMetrics.stages.map((s) => s.stage)).toEqual([...METRIC_STAGES]);
    for (const s of r.stageMetrics.stages) {
      const declared = METRICS.filter((m) => m.stage === s.stage).map((m) => m.id);
      expect(s.metrics.map((m) => m.id)).toEqual(declared);
    }
    // June MRR: only A's 100 is live on 06-30.
    const mrr = r.stageMetrics.stages
      .find((s) => s.stage === 'retention')
      ?.metrics.find((m) => m.id === 'mrr');
    expect(mrr?.value).toBe(100);
  });
});
