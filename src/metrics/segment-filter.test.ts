import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { computeMetrics, computeSlicedMetrics } from './compute-metrics.js';
import { parsePeriod } from './period.js';

const JUNE = parsePeriod('2025-06');
const value = (r: { metrics: { id: string; value: number | null }[] }, id: string) =>
  r.metrics.find((m) => m.id === id)?.value;

describeEachBackend('segment filter', (ctx) => {
  it('narrows every account-keyed table, composes with a slice, and leaves out what it cannot narrow', async () => {
    // A (smb): MRR 100, tickets: 2 email + 1 chat in June. B (enterprise): MRR 1000, 1 email ticket.
    await importFixture(ctx, {
      'accounts.csv': 'id,name,segment,created_at\nA,A,smb,2025-01-01\nB,B,enterprise,2025-01-01',
      'subscriptions.csv': 'id,account_id,mrr,started_at\na1,A,100,2025-01-01\nb1,B,1000,2025-01-01',
      'tickets.csv': [
        'id,account_id,channel,status,created_at',
        't1,A,email,open,2025-06-02T10:00:00Z',
        't2,A,email,open,2025-06-03T10:00:00Z',
        't3,A,chat,open,2025-06-04T10:00:00Z',
        't4,B,email,open,2025-06-05T10:00:00Z',
      ].join('\n'),
      'costs.csv': 'month,category,amount\n2025-06-01,acquisition,500',
    });
    const period = JUNE ?? undefined;
    const all = await computeMetrics(ctx.db, { period });
    const smb = await computeMetrics(ctx.db, { period, segment: 'smb' });
    expect(value(all, 'mrr')).toBe(1100);
    expect(value(all, 'ticket_volume')).toBe(4);
    expect(value(smb, 'mrr')).toBe(100);
    expect(value(smb, 'ticket_volume')).toBe(3);
    // Costs are not per account (CAC) and health is not computed per segment: left out, not wrong.
    expect(smb.metrics.map((m) => m.id)).not.toContain('cac');
    expect(all.metrics.map((m) => m.id)).toContain('cac');
    // The same numbers as the `--by segment` slice.
    const bySegment = await computeSlicedMetrics(ctx.db, 'segment', { period });
    const smbSlice = bySegment.slices?.find((s) => s.value === 'smb');
    expect(smbSlice?.metrics.map((m) => [m.id, m.value])).toEqual(smb.metrics.map((m) => [m.id, m.value]));
    // Segment and channel together: smb email tickets = 2; enterprise chat = 0.
    const smbByChannel = await computeSlicedMetrics(ctx.db, 'channel', { period, segment: 'smb' });
    const volumeIn = (channel: string) =>
      smbByChannel.slices?.find((s) => s.value === channel)?.metrics.find((m) => m.id === 'ticket_volume')
        ?.value;
    expect(volumeIn('email')).toBe(2);
    expect(volumeIn('chat')).toBe(1);
    const entChat = await computeMetrics(ctx.db, {
      period,
      segment: 'enterprise',
      slice: { dimension: 'channel', value: 'chat' },
    });
    expect(value(entChat, 'ticket_volume')).toBe(0);
  });
});
