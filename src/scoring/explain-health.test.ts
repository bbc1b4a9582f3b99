import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { explainHealth } from './explain-health.js';
import { recordHealth } from './record-health.js';
import { HealthConfigSchema } from './scorecard-schema.js';

// Two measures with easy arithmetic: active users / seats (0 → 1) and open urgent tickets (3 → 0).
const CONFIG = HealthConfigSchema.parse({
  version: 'explain-test',
  bands: { healthy: 70, atRisk: 40 },
  coverageFloor: 0.5,
  scorecards: [
    {
      id: 'usage',
      name: 'Usage',
      measures: [
        { measure: 'active_user_rate', weight: 3, scale: { worst: 0, best: 1 } },
        { measure: 'open_escalations', weight: 1, scale: { worst: 3, best: 0 } },
      ],
    },
  ],
});

const FILES = {
  'accounts.csv': 'id,name,licensed_seats,created_at\nA,A,10,2024-01-01',
  'subscriptions.csv': 'id,account_id,mrr,started_at\na1,A,100,2024-01-01',
  'usage_events.csv': [
    'id,account_id,user_id,event,occurred_at',
    ...['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'].map(
      (u, i) => `m${i},A,${u},use,2025-05-10T10:00:00Z`,
    ),
    'j1,A,u1,use,2025-06-17T10:00:00Z',
    'j2,A,u2,use,2025-06-18T10:00:00Z',
    'j3,A,u3,use,2025-06-19T10:00:00Z',
  ].join('\n'),
  'tickets.csv':
    'id,account_id,channel,priority,status,created_at\nt1,A,email,urgent,open,2025-06-25T00:00:00Z',
};

describeEachBackend('health explanations', (ctx) => {
  it('explains each point and what moved since the previous score', async () => {
    await importFixture(ctx, FILES);
    // 07-01: 3 of 10 seats active → 30; one open urgent ticket → (3 − 1) / 3 = 66.67.
    // Score = (3 × 30 + 1 × 66.67) / 4 = 39.17. Points: 22.5 and 16.67.
    // Nothing recorded, so the stand-in is 06-01 (30 days before): 8 of 10 seats → 80, no open ticket → 100;
    // (3 × 80 + 100) / 4 = 85. Points then: 60 and 25.
    const e = await explainHealth(ctx.db, CONFIG, 'A', '2025-07-01');
    expect(e?.score).toBeCloseTo(39.1667, 3);
    expect(e?.band).toBe('critical');
    expect(e?.contributions.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(e?.score ?? NaN, 9);
    expect(e?.previous).toMatchObject({ asOf: '2025-06-01', source: 'computed', band: 'healthy' });
    expect(e?.previous?.score).toBeCloseTo(85, 9);
    expect(e?.moves.map((m) => m.measure)).toEqual(['active_user_rate', 'open_escalations']);
    expect(e?.moves[0]).toMatchObject({ rawBefore: 0.8, rawNow: 0.3 });
    expect(e?.moves[0]?.delta).toBeCloseTo(22.5 - 60, 9);
    expect(e?.moves[1]?.delta).toBeCloseTo(16.6667 - 25, 3);

    // Recorded on 06-20 (users u1–u3 in the 30 days before → 30; no ticket yet → 100; (90 + 100) / 4 = 47.5):
    // that becomes the previous score, and only the ticket moved.
    await recordHealth(ctx.db, CONFIG, ['2025-06-20']);
    const r = await explainHealth(ctx.db, CONFIG, 'A', '2025-07-01');
    expect(r?.previous).toMatchObject({ asOf: '2025-06-20', source: 'recorded', band: 'at_risk' });
    expect(r?.previous?.score).toBeCloseTo(47.5, 9);
    expect(r?.moves[0]).toMatchObject({ measure: 'open_escalations', rawBefore: 0, rawNow: 1 });
    expect(r?.moves[0]?.delta).toBeCloseTo(16.6667 - 25, 3);
    expect(r?.moves[1]?.delta).toBeCloseTo(0, 9);

    expect(await explainHealth(ctx.db, CONFIG, 'nobody', '2025-07-01')).toBeNull();
  });
});
