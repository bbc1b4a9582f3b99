import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { USERS_PER_SEAT } from '../test-support/scorecards.js';
import { riskIndicators } from './risk-indicators.js';

describeEachBackend('risk indicators', (ctx) => {
  it('flags score drops, new critical bands, usage drops, detractors and renewals at risk', async () => {
    const ev = (id: string, account: string, user: string, at: string) =>
      `${id},${account},${user},use,${at}T10:00:00Z`;
    const files: Record<string, string> = {
      'accounts.csv': 'id,name,licensed_seats,created_at\nA,A,10,2024-01-01\nB,B,10,2024-01-01',
      'subscriptions.csv':
        'id,account_id,mrr,started_at,renewal_date\na1,A,100,2024-01-01,2025-08-01\nb1,B,100,2024-01-01,2026-01-01',
      'usage_events.csv': [
        'id,account_id,user_id,event,occurred_at',
        // A: 8 users in May (score 80 on 06-01), 3 in June (score 30 on 07-01); 5 events 06-17…21, 2 events 06-24…30.
        ...['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'].map((u, i) =>
          ev(`a-may-${i}`, 'A', u, '2025-05-10'),
        ),
        ev('a1', 'A', 'u1', '2025-06-17'),
        ev('a2', 'A', 'u2', '2025-06-18'),
        ev('a3', 'A', 'u3', '2025-06-19'),
        ev('a4', 'A', 'u1', '2025-06-20'),
        ev('a5', 'A', 'u2', '2025-06-21'),
        ev('a6', 'A', 'u1', '2025-06-25'),
        ev('a7', 'A', 'u3', '2025-06-27'),
        // B: 6 users in May and in June (score 60 both times); 5 events, then 4: a 20 % dip, not a drop.
        ...['u9', 'u10', 'u11', 'u12', 'u13', 'u14'].map((u, i) => ev(`b-may-${i}`, 'B', u, '2025-05-15')),
        ...['u9', 'u10', 'u11', 'u12', 'u13'].map((u, i) => ev(`b-w1-${i}`, 'B', u, '2025-06-18')),
        ...['u9', 'u10', 'u11', 'u14'].map((u, i) => ev(`b-w2-${i}`, 'B', u, '2025-06-26')),
      ].join('\n'),
      'surveys.csv': 'id,kind,score,account_id,responded_at\nn1,nps,5,A,2025-06-28\nn2,nps,6,B,2025-06-20',
    };
    await importFixture(ctx, files);

    // One measure, so scores are easy to work out: 100 × active users of the last 30 days / 10 seats.
    const risks = await riskIndicators(ctx.db, USERS_PER_SEAT, '2025-07-01');
    expect(risks.map((r) => [r.accountId, r.kind, r.detail])).toEqual([
      ['A', 'score_drop', 'health 80.0 → 30.0 in 30 days'],
      ['A', 'became_critical', 'band healthy → critical'],
      ['A', 'usage_drop', 'usage events 5 → 2 week over week'],
      ['A', 'detractor', 'NPS 5 (response n1)'],
      ['A', 'renewal_at_risk', 'renews 2025-08-01 while critical (30.0)'],
    ]);
  });
});
