import { expect, it } from 'vitest';
import { apiHarness } from '../../test-support/api-harness.js';
import { describeEachBackend } from '../../test-support/backends.js';
import { importFixture } from '../../test-support/fixtures.js';

interface Report {
  period: { label: string };
  metrics: { id: string; value: number | null }[];
}

describeEachBackend('metric trends, segment filter and support routes', (ctx) => {
  it('answers with hand-checkable numbers and refuses bad parameters', async () => {
    const api = await apiHarness(ctx);
    // A (smb) pays 100 from 04-01; B (enterprise) pays 1000 from 05-15. One email ticket of A in June, solved by g1.
    await importFixture(ctx, {
      'accounts.csv': 'id,name,segment,created_at\nA,A,smb,2025-01-01\nB,B,enterprise,2025-01-01',
      'agents.csv': 'id,name,role\ng1,Gia,agent',
      'subscriptions.csv': 'id,account_id,mrr,started_at\na1,A,100,2025-04-01\nb1,B,1000,2025-05-15',
      'tickets.csv':
        'id,account_id,channel,status,created_at,resolved_at,assignee_id\nt1,A,email,solved,2025-06-02T10:00:00Z,2025-06-02T12:00:00Z,g1',
    });
    const trend = (await (await api.call('/api/metrics/trend?ids=mrr&months=3&end=2025-06')).json()) as {
      months: Report[];
    };
    // MRR on each month's (exclusive) end: 05-01 → 100; 06-01 → 1100; 07-01 → 1100.
    expect(trend.months.map((m) => [m.period.label, m.metrics.map((x) => [x.id, x.value])])).toEqual([
      ['2025-04', [['mrr', 100]]],
      ['2025-05', [['mrr', 1100]]],
      ['2025-06', [['mrr', 1100]]],
    ]);
    const smb = (await (
      await api.call('/api/metrics?period=2025-06&ids=mrr,ticket_volume&segment=smb')
    ).json()) as Report;
    expect(smb.metrics.map((m) => [m.id, m.value])).toEqual([
      ['mrr', 100],
      ['ticket_volume', 1],
    ]);
    const agents = (await (
      await api.call('/api/support/agents?period=2025-06', { as: 'manager' })
    ).json()) as {
      agents: { id: string; ticketsSolved: number; resolutionMedianHours: number }[];
    };
    expect(agents.agents).toMatchObject([{ id: 'g1', ticketsSolved: 1, resolutionMedianHours: 2 }]);
    expect((await api.call('/api/support/agents', { as: 'csm' })).status).toBe(403);
    const channels = (await (
      await api.call('/api/support/channels?period=2025-06', { as: 'viewer' })
    ).json()) as {
      channels: { channel: string; tickets: number }[];
    };
    expect(channels.channels).toMatchObject([{ channel: 'email', tickets: 1 }]);

    for (const bad of [
      '/api/metrics/trend?ids=mrr&months=0',
      '/api/metrics/trend?ids=mrr&end=June',
      '/api/metrics/trend?ids=nope',
      '/api/metrics?segment=galactic',
      '/api/support/channels?segment=galactic',
    ]) {
      const res = await api.call(bad);
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
    }
  });
});
