import { expect, it } from 'vitest';
import { describeEachBackend, type BackendContext } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import {
  checkBridgeIdentity,
  computeMetrics,
  computeSlicedMetrics,
  type MetricsReport,
} from './compute-metrics.js';
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
  // Seats: A 10, B 10, C 5, D 0, E unknown, F 20. Segments: A, B enterprise; C, D, E smb; F none.
  'accounts.csv': [
    'id,name,created_at,licensed_seats,segment',
    'A,A Inc,2024-01-01,10,enterprise',
    'B,B Inc,2024-01-01,10,enterprise',
    'C,C Inc,2024-01-01,5,smb',
    'D,D Inc,2024-01-01,0,smb',
    'E,E Inc,2024-01-01,,smb',
    'F,F Inc,2024-01-01,20,',
  ].join('\n'),
  'trials.csv': [
    'id,account_id,started_at,ended_at,converted_at',
    'tr1,D,2025-05-20,,2025-06-05', // decided in June, converted
    'tr2,,2025-05-25,2025-06-08,', // decided in June, not converted
    'tr3,,2025-06-10,2025-06-24,', // decided in June, not converted
    'tr4,,2025-04-01,,2025-05-10', // decided in May
    'tr5,,2025-06-20,,', // undecided
  ].join('\n'),
  'costs.csv':
    'month,category,amount\n2025-06-01,acquisition,1000\n2025-06-01,support,500\n2025-05-01,acquisition,700',
  'leads.csv': [
    'id,created_at,qualified_at',
    'l1,2025-05-01,2025-06-03',
    'l2,2025-06-01,2025-06-20',
    'l3,2025-06-01,2025-06-30T23:00:00Z',
    'l4,2025-05-01,2025-05-15',
    'l5,2025-05-01,2025-05-31',
    'l6,2025-06-01,',
  ].join('\n'),
  'features.csv': 'key,name,is_core\nreports,Reports,true\nexport,Export,true\nchat,Chat,false',
  'usage_events.csv': [
    'id,account_id,user_id,event,feature,occurred_at',
    'e1,A,u1,use,reports,2025-06-02T10:00:00Z',
    'e2,A,u1,use,reports,2025-06-03T10:00:00Z',
    'e3,A,u2,use,export,2025-06-02T11:00:00Z',
    'e4,C,u3,use,reports,2025-06-10T10:00:00Z',
    'e5,F,u4,use,chat,2025-06-15T10:00:00Z',
    'e6,F,u4,use,chat,2025-06-15T12:00:00Z', // same user, same day
    'e7,D,u5,use,export,2025-06-20T10:00:00Z', // D has no seats
    'e8,B,u6,use,reports,2025-06-05T10:00:00Z', // B is not active at the end
    'e9,A,u7,use,reports,2025-05-20T10:00:00Z', // May
  ].join('\n'),
  'milestones.csv': [
    'id,account_id,key,required,is_first_value,completed_at',
    'm1,F,first_report,true,true,2024-09-11', // 10 days after F's first paid day
    'm2,F,integrations,true,false,2024-10-21', // 50 days
    'm3,D,first_report,true,true,2025-06-08', // 3 days after D's first paid day
    'm4,D,integrations,true,false,', // still open
    'm5,A,first_report,true,false,2024-02-01',
  ].join('\n'),
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
  'kb_articles.csv': 'id,title\nk1,Resetting a password',
  'ticket_articles.csv': 'ticket_id,article_id\nt1,k1',
  'agents.csv': 'id,name,role\nag-1,Ann,agent\nag-2,Bo,agent',
  'agent_activity.csv': [
    'agent_id,day,available_seconds,handle_seconds',
    'ag-1,2025-06-02,28800,21600',
    'ag-1,2025-06-03,28800,25200',
    'ag-2,2025-05-31,28800,28800', // May
  ].join('\n'),
};

function load(ctx: BackendContext): Promise<void> {
  return importFixture(ctx, FILES);
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

    // Acquisition: 3 trials decided in June, 1 converted; $1000 acquisition spend, 1 new customer (D).
    expect(m.trial_conversion_rate).toMatchObject({ n: 3 });
    expect(value('trial_conversion_rate')).toBeCloseTo(1 / 3, 9);
    expect(m.cac).toMatchObject({ value: 1000, n: 1 });
    // CAC payback: 1000 / (80 new MRR / 1 customer × 0.8 margin) = 15.625 months.
    expect(value('cac_payback_months')).toBeCloseTo(15.625, 9);
    expect(value('lead_velocity_rate')).toBeCloseTo((3 - 2) / 2, 9);
    // Trailing year: A, B, C, E active on 2024-07-01; only B is gone on 2025-07-01. June's churn (B) was voluntary.
    expect(value('logo_churn_rate_annual')).toBeCloseTo(0.25, 9);
    expect(value('voluntary_churn_rate')).toBeCloseTo(0.25, 9);
    expect(value('involuntary_churn_rate')).toBe(0);

    // Adoption in June among accounts active at the end (A, C, D, E, F): seats of A, C, F = 35, their users u1, u2, u3, u4.
    expect(m.monthly_active_user_rate).toMatchObject({ n: 3 });
    expect(value('monthly_active_user_rate')).toBeCloseTo(4 / 35, 9);
    // 6 distinct user-days, 5 active users: (6 / 30) / 5.
    expect(value('stickiness')).toBeCloseTo(0.04, 9);
    // Using accounts A, C, D, F; reports used by A and C, export by A and D: mean of 2/4 and 2/4.
    expect(value('core_feature_adoption_rate')).toBeCloseTo(0.5, 9);
    // Engagement on 07-01 from June's events, 3 features in the catalog (anchors: engagement-score.test.ts).
    // A: u1 06-02, 06-03, u2 06-02 → login 3/2 → 100 × 0.5/11; 3 one-event sessions → depth 1 → 0;
    //    breadth 2/3 → 100 × (2/3)/0.75 = 800/9; depth (1/3 + 1/3)/2 → 100 × (1/3)/0.4 = 250/3.
    // C, D, F: one user, one day, one feature, one event per session → (0 + 0 + 400/9 + 250/3) / 4. E: no usage → 0.
    const engagedA = (50 / 11 + 800 / 9 + 250 / 3) / 4;
    const oneFeature = (400 / 9 + 250 / 3) / 4;
    expect(m.engagement_score).toMatchObject({ n: 5, unit: 'points', benchmark: { tier: null } });
    expect(value('engagement_score')).toBeCloseTo((engagedA + 3 * oneFeature + 0) / 5, 9);

    // Onboarding: recent cohort D (first value after 3 days) and F (10 days); only F finished (50 days).
    expect(m.time_to_first_value_days).toMatchObject({ value: 6.5, n: 2 });
    expect(m.time_to_onboard_days).toMatchObject({ value: 50, n: 1 });
    // Cohort paid 2024-04-02 … 2025-04-01: F, done within 90 days.
    expect(m.onboarding_completion_rate).toMatchObject({ value: 1, n: 1 });
    // Active accounts with required milestones: A 1/1, D 1/2, F 2/2.
    expect(value('product_setup_score')).toBeCloseTo(2.5 / 3, 9);

    // SLA: t1 email 120 ≤ 720, t2 chat 4 ≤ 5, t3 chat 2 ≤ 5 met; t4 (phone) and t6 (web) never answered.
    expect(value('sla_compliance_rate')).toBeCloseTo(3 / 5, 9);
    // Knowledge: resolved with an article t1 (24 h, CSAT 5); without t2 0.5 h (CSAT 3), t3 1 h, t5 48 h → median 1 h.
    expect(m.knowledge_impact).toMatchObject({
      value: 1 - 24,
      n: 4,
      breakdown: {
        with_article: { tickets: 1, median_hours: 24, support_csat: 1 },
        without_article: { tickets: 3, median_hours: 1, support_csat: 0 },
      },
    });

    // CLV: ARPA 1040 / 5 × 0.8 over mean monthly churn (0 + 0 + 0 + 0 + 0 + 1/4) / 6 = 3993.6; LTV:CAC 3993.6 / 1000.
    expect(value('clv')).toBeCloseTo(3993.6, 6);
    expect(value('ltv_to_cac')).toBeCloseTo(3.9936, 9);
  });

  it('cuts the catalog by segment and by channel', async () => {
    await load(ctx);
    const june = parsePeriod('2025-06')!;
    const bySegment = await computeSlicedMetrics(ctx.db, 'segment', { period: june });
    const at = (slices: MetricsReport['slices'], value: string | null, id: string) =>
      slices?.find((sl) => sl.value === value)?.metrics.find((m) => m.id === id);
    expect(bySegment.slices?.map((sl) => sl.value)).toEqual(['enterprise', 'smb', null]);
    // End MRR: enterprise A 150 + B 0; smb C 240 + D 80 + E 70; no segment F 500 — together the 1040 of the whole.
    expect(at(bySegment.slices, 'enterprise', 'mrr')?.value).toBeCloseTo(150, 6);
    expect(at(bySegment.slices, 'smb', 'mrr')?.value).toBeCloseTo(390, 6);
    expect(at(bySegment.slices, null, 'mrr')?.value).toBeCloseTo(500, 6);
    // Enterprise: A and B active on 06-01, B gone; smb: only C was active on 06-01 and still is.
    expect(at(bySegment.slices, 'enterprise', 'logo_churn_rate')?.value).toBe(0.5);
    expect(at(bySegment.slices, 'smb', 'logo_churn_rate')?.value).toBe(0);
    // Engagement (see above): enterprise A alone (B is not paying); smb C, D and E (no usage); F alone. The
    // feature catalog is the product's, not narrowed by the slice: F's one feature is still 1 of 3.
    const oneFeature = (400 / 9 + 250 / 3) / 4;
    expect(at(bySegment.slices, 'enterprise', 'engagement_score')?.value).toBeCloseTo(
      (50 / 11 + 800 / 9 + 250 / 3) / 4,
      9,
    );
    expect(at(bySegment.slices, 'smb', 'engagement_score')).toMatchObject({ n: 3 });
    expect(at(bySegment.slices, 'smb', 'engagement_score')?.value).toBeCloseTo((2 * oneFeature) / 3, 9);
    expect(at(bySegment.slices, null, 'engagement_score')?.value).toBeCloseTo(oneFeature, 9);
    // Acquisition spend and agent time belong to no segment: not in the slices.
    expect(at(bySegment.slices, 'smb', 'cac')).toBeUndefined();
    expect(at(bySegment.slices, 'smb', 'agent_utilization')).toBeUndefined();

    const byChannel = await computeSlicedMetrics(ctx.db, 'channel', { period: june });
    expect(byChannel.slices?.map((sl) => sl.value)).toEqual(['chat', 'email', 'phone', 'web']);
    expect(at(byChannel.slices, 'chat', 'ticket_volume')?.value).toBe(2);
    expect(at(byChannel.slices, 'chat', 'first_response_time_minutes')?.value).toBeCloseTo(3, 9);
    expect(at(byChannel.slices, 'email', 'ticket_volume')?.value).toBe(1);
    expect(at(byChannel.slices, 'email', 'mrr')).toBeUndefined();
    expect(at(byChannel.slices, 'email', 'engagement_score')).toBeUndefined();
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
    // Newest dated fact: ticket t6 at 2025-06-30 12:00, so the last complete month is May 2025.
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
