import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { importFiles } from '../ingest/import-files.js';
import { describeEachBackend, type BackendContext } from '../test-support/backends.js';
import { checkBridgeIdentity, computeMetrics, type MetricsReport } from './compute-metrics.js';
import { parsePeriod } from './period.js';

/*
 * A hand-made company; every expected value below is worked out from these rows, not from the code.
 * Period: June 2025 = [2025-06-01, 2025-07-01). NRR base date: 2024-07-01.
 *
 * MRR per account on   2024-07-01   2025-06-01   2025-07-01
 *   A  100 + 50 from 06-15     100          100          150   expansion 50
 *   B  200, ends 06-10         200          200            0   churned 200
 *   C  300 → 240 on 06-20      300          300          240   contraction 60
 *   D  80 from 06-05             0            0           80   new 80 (first paid line)
 *   E  60 until 2025-01-01,     60            0           70   reactivation 70
 *      70 from 06-25
 *   F  500 from 2024-09-01       0          500          500
 * start 1100, end 1040: 1100 + 80 + 70 + 50 − 60 − 200 = 1040.
 */
const FILES: Record<string, string> = {
  'accounts.csv': ['id,name,created_at', ...'ABCDEF'.split('').map((a) => `${a},${a} Inc,2024-01-01`)].join(
    '\n',
  ),
  'subscriptions.csv': [
    'id,account_id,mrr,started_at,ended_at,churn_type',
    'a1,A,100,2024-01-01,,',
    'a2,A,50,2025-06-15,,',
    'b1,B,200,2024-01-01,2025-06-10,voluntary',
    'c1,C,300,2024-01-01,2025-06-20,',
    'c2,C,240,2025-06-20,,',
    'd1,D,80,2025-06-05,,',
    'e1,E,60,2024-03-01,2025-01-01,involuntary',
    'e2,E,70,2025-06-25,,',
    'f1,F,500,2024-09-01,,',
  ].join('\n'),
  'tickets.csv': [
    'id,account_id,channel,status,created_at,first_response_at,resolved_at,agent_replies,reopens,escalated',
    't1,A,email,solved,2025-06-02T10:00:00Z,2025-06-02T12:00:00Z,2025-06-03T10:00:00Z,1,0,false', // FRT 120 min, 24 h
    't2,A,chat,solved,2025-06-05T09:00:00Z,2025-06-05T09:04:00Z,2025-06-05T09:30:00Z,2,0,true', // 4 min, 0.5 h
    't3,C,chat,solved,2025-06-10T12:00:00Z,2025-06-10T12:02:00Z,2025-06-10T13:00:00Z,1,1,false', // 2 min, 1 h, reopened
    't4,C,phone,open,2025-06-20T08:00:00Z,,,,0,false', // never answered: backlog, 10.7 days old at the end
    't5,F,email,solved,2025-05-30T00:00:00Z,2025-05-30T06:00:00Z,2025-06-01T00:00:00Z,,0,false', // May ticket resolved in June, 48 h
    't6,F,web,new,2025-06-30T12:00:00Z,,,,0,false', // backlog, half a day old
  ].join('\n'),
  'surveys.csv': [
    'id,kind,score,account_id,ticket_id,responded_at',
    's1,csat,5,A,t1,2025-06-03T11:00:00Z',
    's2,csat,3,A,t2,2025-06-05T10:00:00Z',
    's3,csat,4,C,,2025-06-11T10:00:00Z',
    's4,csat,2,F,,2025-06-12T10:00:00Z',
    's5,csat,5,F,,2025-05-12T10:00:00Z', // May: outside the period
    'n1,nps,10,A,,2025-06-15T10:00:00Z',
    'n2,nps,9,C,,2025-06-15T10:00:00Z',
    'n3,nps,8,D,,2025-06-15T10:00:00Z',
    'n4,nps,6,E,,2025-06-15T10:00:00Z',
    'n5,nps,0,F,,2025-06-15T10:00:00Z',
    'c1,ces,2,A,t1,2025-06-03T11:00:00Z',
    'c2,ces,5,A,t2,2025-06-05T10:00:00Z',
  ].join('\n'),
  'agents.csv': 'id,name,role\nag-1,Ann,agent\nag-2,Bo,agent',
  'agent_activity.csv': [
    'agent_id,day,available_seconds,handle_seconds',
    'ag-1,2025-06-02,28800,21600',
    'ag-1,2025-06-03,28800,25200',
    'ag-2,2025-05-31,28800,28800', // May
  ].join('\n'),
};

async function load(ctx: BackendContext): Promise<void> {
  const dir = join(ctx.dir, 'company');
  await mkdir(dir);
  for (const [name, body] of Object.entries(FILES)) await writeFile(join(dir, name), body + '\n');
  const report = await importFiles(ctx.db, {
    paths: [dir],
    strict: true,
    rejectsFile: join(ctx.dir, 'r.csv'),
  });
  expect(report.committed).toBe(true);
}

function byId(report: MetricsReport) {
  return Object.fromEntries(report.metrics.map((m) => [m.id, m]));
}

describeEachBackend('metrics', (ctx) => {
  it('computes the bridge, retention, support and survey metrics of a hand-checked month', async () => {
    await load(ctx);
    const report = await computeMetrics(ctx.db, { period: parsePeriod('2025-06')! });
    expect(report.period).toEqual({ label: '2025-06', start: '2025-06-01', end: '2025-07-01' });
    const m = byId(report);
    const value = (id: string) => m[id]?.value;

    expect(value('mrr')).toBeCloseTo(1040, 6);
    expect(value('arr')).toBeCloseTo(12480, 6);
    expect(value('new_mrr')).toBeCloseTo(80, 6);
    expect(value('reactivation_mrr')).toBeCloseTo(70, 6);
    expect(value('expansion_mrr')).toBeCloseTo(50, 6);
    expect(value('contraction_mrr')).toBeCloseTo(60, 6);
    expect(value('churned_mrr')).toBeCloseTo(200, 6);
    expect(value('revenue_churn_rate')).toBeCloseTo(260 / 1100, 9);
    expect(value('quick_ratio')).toBeCloseTo(200 / 260, 9);
    expect(value('expansion_revenue_share')).toBeCloseTo(50 / 130, 9);

    // Base: A 100, B 200, C 300, E 60 = 660 on 2024-07-01. End: 150 + 0 + 240 + 70 = 460; capped 100 + 0 + 240 + 60 = 400.
    expect(m.nrr).toMatchObject({ n: 4, benchmark: { tier: 'poor' } });
    expect(value('nrr')).toBeCloseTo(460 / 660, 9);
    expect(value('grr')).toBeCloseTo(400 / 660, 9);
    // Active on 06-01: A, B, C, F; B is not on 07-01.
    expect(m.logo_churn_rate).toMatchObject({ value: 0.25, n: 4 });

    // FRT of June tickets: 120, 4, 2 minutes → median 4; p90 = 4 + 0.8 × (120 − 4) = 96.8.
    expect(value('first_response_time_minutes')).toBeCloseTo(4, 9);
    expect(value('first_response_time_minutes_p90')).toBeCloseTo(96.8, 9);
    expect(m.first_response_time_minutes?.breakdown).toEqual({
      chat: { value: 3, n: 2, tier: 'excellent' },
      email: { value: 120, n: 1, tier: 'excellent' },
    });
    // Resolved in June: 24, 0.5, 1 and 48 hours → median (1 + 24) / 2, mean 73.5 / 4.
    expect(value('resolution_time_hours')).toBeCloseTo(12.5, 9);
    expect(value('resolution_time_hours_mean')).toBeCloseTo(18.375, 9);
    // FCR: t1 yes, t2 two replies, t3 reopened; t5's reply count is unknown and left out.
    expect(m.first_contact_resolution_rate).toMatchObject({ n: 3 });
    expect(value('first_contact_resolution_rate')).toBeCloseTo(1 / 3, 9);
    expect(m.ticket_volume).toMatchObject({
      value: 5,
      breakdown: { per_active_account: 1, active_accounts: 5 },
    });
    expect(m.escalation_rate?.value).toBeCloseTo(0.2, 9);
    expect(m.reopen_rate?.value).toBeCloseTo(0.2, 9);
    expect(m.backlog).toMatchObject({
      value: 2,
      breakdown: { '<1d': 1, '1-3d': 0, '3-7d': 0, '7-30d': 1, '>30d': 0 },
    });
    expect(value('agent_utilization')).toBeCloseTo(46800 / 57600, 9);

    // Surveys: CSAT 5, 3, 4, 2 → 2 of 4; linked to tickets 5, 3 → 1 of 2; NPS 10, 9, 8, 6, 0 → 40% − 40%.
    expect(m.csat).toMatchObject({ value: 0.5, n: 4, benchmark: { tier: 'poor' } });
    expect(m.support_csat).toMatchObject({ value: 0.5, n: 2 });
    expect(m.nps).toMatchObject({ value: 0, n: 5, benchmark: { tier: 'fair' } });
    expect(m.ces).toMatchObject({ value: 3.5, n: 2 });
    expect(m.nrr?.benchmark?.source).toContain('seed report');
  });

  it('gives null with a reason when a period has nothing to measure', async () => {
    await load(ctx);
    const m = byId(await computeMetrics(ctx.db, { period: parsePeriod('2020-01')! }));
    expect(m.nrr).toMatchObject({
      value: null,
      reason: 'no accounts active 12 months before the end in the period',
    });
    expect(m.csat).toMatchObject({ value: null, n: 0 });
    expect(m.first_response_time_minutes).toMatchObject({ value: null, n: 0 });
    expect(m.quick_ratio?.value).toBeNull();
    expect(m.ticket_volume?.value).toBe(0);
    expect(m.mrr?.value).toBe(0);
  });

  it('defaults to the last complete month before the newest fact', async () => {
    await load(ctx);
    // Newest dated fact: ticket t6 on 2025-06-30, so the last complete month is May 2025.
    expect((await computeMetrics(ctx.db)).period.label).toBe('2025-05');
  });
});

it('refuses a bridge that does not add up', () => {
  const row = {
    start_mrr: 100,
    new_mrr: 10,
    reactivation_mrr: 0,
    expansion_mrr: 0,
    contraction_mrr: 0,
    churned_mrr: 0,
  };
  expect(() => checkBridgeIdentity({ ...row, end_mrr: 110 })).not.toThrow();
  expect(() => checkBridgeIdentity({ ...row, end_mrr: 111 })).toThrow(/does not add up/);
});
