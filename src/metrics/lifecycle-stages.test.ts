import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { lifecycleStages } from './lifecycle-stages.js';

describeEachBackend('lifecycle stages', (ctx) => {
  it('follow the documented rules, in order, with the date each stage began', async () => {
    const files: Record<string, string> = {
      'accounts.csv': [
        'id,name,created_at',
        ...'PQRSTUVW'.split('').map((a) => `${a},${a},${a === 'P' ? '2025-05-01' : '2024-01-01'}`),
      ].join('\n'),
      'subscriptions.csv': [
        'id,account_id,mrr,started_at,ended_at,renewal_date',
        'q1,Q,100,2024-01-01,2025-03-15,',
        'r1,R,100,2025-05-20,,2026-05-20',
        's1,S,100,2024-01-01,,2025-08-15',
        't1,T,100,2024-01-01,,2026-01-01',
        'u1,U,100,2024-01-01,,2026-01-01',
        'u2,U,50,2025-06-01,,2026-01-01',
        'v1,V,100,2024-01-01,,2026-01-01',
        'w1,W,100,2025-06-20,,2026-06-20',
      ].join('\n'),
      'milestones.csv': 'id,account_id,key,required,completed_at\nm1,R,setup,true,',
      'surveys.csv': 'id,kind,score,account_id,responded_at\nn1,nps,10,T,2025-06-01\nn2,nps,7,V,2025-06-01',
    };
    await importFixture(ctx, files);

    const stages = await lifecycleStages(ctx.db, '2025-07-01');
    expect(stages.map((s) => [s.accountId, s.stage, s.since])).toEqual([
      ['P', 'acquisition', '2025-05-01'], // never paid
      ['Q', 'churned', '2025-03-15'], // paid, ended
      ['R', 'onboarding', '2025-05-20'], // 42 days in, a required milestone open
      ['S', 'retention', '2025-05-17'], // renews 2025-08-15, within 90 days: since 08-15 − 90 days
      ['T', 'advocacy', '2025-06-01'], // promoter
      ['U', 'advocacy', '2025-04-02'], // MRR 100 → 150 in the last 90 days: since the date − 90 days
      ['V', 'adoption', '2024-03-31'], // paying, passive NPS: since first paid + 90 days
      ['W', 'onboarding', '2025-06-20'], // 11 days in, no required milestones
    ]);
  });
});
