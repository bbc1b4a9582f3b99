import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import type { RiskIndicator } from './risk-indicators.js';
import { listRiskEvents, recordRiskEvents } from './risk-events.js';

const risk = (accountId: string, kind: RiskIndicator['kind'], asOf: string, episode?: string) => ({
  accountId,
  kind,
  asOf,
  detail: `${kind} of ${accountId}`,
  ...(episode ? { episode } : {}),
});

describeEachBackend('risk events', (ctx) => {
  it('records each episode once, with a 30-day cooldown for persisting conditions', async () => {
    await ctx.db.migrate();
    const first = await recordRiskEvents(
      ctx.db,
      [
        risk('A', 'score_drop', '2025-07-01'),
        risk('A', 'detractor', '2025-07-01', 'n1'),
        risk('A', 'renewal_at_risk', '2025-07-01', '2025-08-01'),
        risk('B', 'usage_drop', '2025-07-01'),
      ],
      'v1',
    );
    expect(first.recorded.map((e) => e.id)).toEqual([
      'score_drop:A:2025-07-01',
      'detractor:A:n1',
      'renewal_at_risk:A:2025-08-01',
      'usage_drop:B:2025-07-01',
    ]);
    // Recording the same date again changes nothing.
    const again = await recordRiskEvents(ctx.db, [risk('A', 'score_drop', '2025-07-01')], 'v1');
    expect(again).toMatchObject({ recorded: [], alreadyRecorded: 1, inCooldown: 0 });

    // Two weeks later: the score drop is cooling down, the renewal is the same episode, a new detractor
    // response and a kind B never had are new.
    const later = await recordRiskEvents(
      ctx.db,
      [
        risk('A', 'score_drop', '2025-07-15'),
        risk('A', 'detractor', '2025-07-15', 'n2'),
        risk('A', 'renewal_at_risk', '2025-07-15', '2025-08-01'),
        risk('B', 'became_critical', '2025-07-15'),
      ],
      'v1',
    );
    expect(later.recorded.map((e) => e.id)).toEqual(['detractor:A:n2', 'became_critical:B:2025-07-15']);
    expect(later).toMatchObject({ alreadyRecorded: 1, inCooldown: 1 });

    // The cooldown covers the 30 days before: 07-31 − 30 days = 07-01 (still cooling), 08-01 − 30 = 07-02.
    expect((await recordRiskEvents(ctx.db, [risk('A', 'score_drop', '2025-07-31')], 'v1')).inCooldown).toBe(
      1,
    );
    const after = await recordRiskEvents(ctx.db, [risk('A', 'score_drop', '2025-08-01')], 'v2');
    expect(after.recorded.map((e) => e.id)).toEqual(['score_drop:A:2025-08-01']);

    const a = await listRiskEvents(ctx.db, { accountId: 'A' });
    expect(a.map((e) => [e.asOf, e.kind, e.episode ?? null, e.configVersion])).toEqual([
      ['2025-08-01', 'score_drop', null, 'v2'],
      ['2025-07-15', 'detractor', 'n2', 'v1'],
      ['2025-07-01', 'detractor', 'n1', 'v1'],
      ['2025-07-01', 'renewal_at_risk', '2025-08-01', 'v1'],
      ['2025-07-01', 'score_drop', null, 'v1'],
    ]);
    expect(a[0]?.detail).toBe('score_drop of A');
    expect(a[0]?.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await listRiskEvents(ctx.db, { since: '2025-07-15' })).map((e) => e.id)).toEqual([
      'score_drop:A:2025-08-01',
      'detractor:A:n2', // newest first, then by account
      'became_critical:B:2025-07-15',
    ]);
    expect((await listRiskEvents(ctx.db, { kind: 'usage_drop' })).map((e) => e.accountId)).toEqual(['B']);
  });
});
