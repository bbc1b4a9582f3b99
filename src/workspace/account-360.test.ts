import { expect, it } from 'vitest';
import { recordHealth } from '../scoring/record-health.js';
import { recordRiskEvents } from '../scoring/risk-events.js';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { USERS_PER_SEAT } from '../test-support/scorecards.js';
import { account360, monthEnds, weekStarts } from './account-360.js';

const AS_OF = '2025-07-01'; // a Tuesday: its week (from Monday 06-30) is incomplete

/*
 * X (Xylo Corp, 20 seats) as of 2025-07-01:
 *  lines x1 100 [2024-05-15, 2025-01-31), x2 300 from 2025-01-31 (renews 2026-02-10), x3 40 from 07-15 (later)
 *   → MRR 300, ARR 3600; month ends 2023-07-31…2024-04-30 → 0 (10), 2024-05-31…2024-12-31 → 100 (8),
 *     2025-01-31…2025-06-30 → 300 (6): on 01-31 x1 has ended (end exclusive) and x2 has started
 *  usage weeks (26 Mondays 2024-12-30 … 2025-06-23): 2024-12-30: 1 event, 1 user; 2025-05-05: 2 events
 *   (u2 export, u4 legacy), 2 users; 06-16: 1, 1 (u3 at 23:59:59 on Sunday 06-22); 06-23: 3 events, 2 users
 *   (u1 twice, u2). Left out: 12-29 (before the first week), 06-30 (the date's own week), 07-01 (the date).
 *  features, 30 days [06-01, 07-01) and 90 days [04-02, 07-01):
 *   reports (core): u1 06-23, u2 06-29, u3 06-30 → 3 users 3 events in both (12-29/12-30 are older)
 *   export (core): u1 06-29 → 1/1; + u2 05-10 → 2/2 over 90 days
 *   alerts: u3 06-22 → 1/1 and 1/1; legacy (not in the catalog): u4 05-11 → 0/0 and 1/1
 *  health: users in 30 days u1, u2, u3 → 3/20 → 15 critical; recorded on 06-01: u2, u4 → 2/20 → 10
 *  tickets before the date: k1 (30 min to respond, 3 h to resolve, CSAT 2 then 4 → 4), k2 open → 2, 1 open
 *  surveys newest first: s1 NPS 9 (06-15), s4 CES via k1 without account_id (06-12 11:00), s3 CSAT 4, s2 CSAT 2
 *  lifecycle: NPS 9 in the last year → advocacy since 2025-06-15
 */
const FILES: Record<string, string> = {
  'agents.csv': 'id,name,email,role\ng1,Grace Hopper,grace@example.com,csm',
  'accounts.csv': [
    'id,name,segment,industry,region,plan,csm_id,licensed_seats,created_at',
    'X,Xylo Corp,enterprise,Software,EMEA,Pro,g1,20,2024-03-10T09:30:00Z',
    'Y,Yonder,smb,,,,,,2025-01-05',
  ].join('\n'),
  'contacts.csv': [
    'id,account_id,name,title,role,created_at',
    'c1,X,Ada Lovelace,CEO,executive,2024-03-10',
    'c2,X,Bob Byte,Analyst,user,',
    'c3,X,Carl Later,Lead,champion,2025-08-01',
  ].join('\n'),
  'subscriptions.csv': [
    'id,account_id,plan,mrr,seats,started_at,ended_at,renewal_date',
    'x1,X,Basic,100,10,2024-05-15,2025-01-31,2025-05-15',
    'x2,X,Pro,300,20,2025-01-31,,2026-02-10',
    'x3,X,Addon,40,,2025-07-15,,',
  ].join('\n'),
  'features.csv':
    'key,name,is_core,category\nreports,Reports,true,analytics\nexport,Export,true,data\nalerts,Alerts,false,automation',
  'usage_events.csv': [
    'account_id,user_id,event,feature,occurred_at',
    'X,u4,use,reports,2024-12-29T12:00:00Z',
    'X,u4,use,reports,2024-12-30T00:00:00Z',
    'X,u2,use,export,2025-05-10T10:00:00Z',
    'X,u4,use,legacy,2025-05-11T10:00:00Z',
    'X,u3,use,alerts,2025-06-22T23:59:59Z',
    'X,u1,use,reports,2025-06-23T00:00:00Z',
    'X,u1,use,export,2025-06-29T12:00:00Z',
    'X,u2,use,reports,2025-06-29T23:59:59Z',
    'X,u3,use,reports,2025-06-30T10:00:00Z',
    'X,u5,use,reports,2025-07-01T00:00:00Z',
  ].join('\n'),
  'tickets.csv': [
    'id,account_id,channel,priority,status,category,subject,created_at,first_response_at,resolved_at',
    'k1,X,email,high,solved,bug,Export fails,2025-06-10T08:00:00Z,2025-06-10T08:30:00Z,2025-06-10T11:00:00Z',
    'k2,X,chat,normal,open,how_to,How do I share?,2025-06-20T12:00:00Z,,',
    'k3,X,email,normal,open,bug,Later,2025-07-02T09:00:00Z,,',
  ].join('\n'),
  'surveys.csv': [
    'id,kind,score,account_id,contact_id,ticket_id,comment,responded_at',
    's1,nps,9,X,c1,,Great product,2025-06-15T09:00:00Z',
    's2,csat,2,X,c2,k1,Slow,2025-06-11T10:00:00Z',
    's3,csat,4,X,c2,k1,,2025-06-12T10:00:00Z',
    's4,ces,2,,,k1,,2025-06-12T11:00:00Z',
    's5,nps,3,X,c1,,,2025-07-05T09:00:00Z',
  ].join('\n'),
  'interactions.csv': [
    'id,account_id,kind,occurred_at,author_id,with_executive,subject',
    'i1,X,qbr,2025-05-01T15:00:00Z,g1,true,QBR Q2',
    'i2,X,call,2025-06-20T09:00:00Z,g1,false,Check-in',
    'i3,X,email,2025-07-03T09:00:00Z,g1,false,Later',
  ].join('\n'),
};

describeEachBackend('account 360', (ctx) => {
  it('shows profile, lifecycle, revenue history, health, usage, tickets, surveys, timeline, contacts and risks', async () => {
    await importFixture(ctx, FILES);
    await recordHealth(ctx.db, USERS_PER_SEAT, ['2025-06-01', '2025-08-01']);
    await recordRiskEvents(
      ctx.db,
      [
        { accountId: 'X', kind: 'detractor', asOf: '2025-06-16', detail: 'NPS 3', episode: 's0' },
        { accountId: 'X', kind: 'usage_drop', asOf: '2025-07-10', detail: 'after the date' },
      ],
      USERS_PER_SEAT.version,
    );
    const v = await account360(ctx.db, USERS_PER_SEAT, 'X', AS_OF);
    if (!v) throw new Error('X not found');

    expect(v.profile).toEqual({
      id: 'X',
      name: 'Xylo Corp',
      segment: 'enterprise',
      touchModel: 'high',
      industry: 'Software',
      region: 'EMEA',
      plan: 'Pro',
      parentId: null,
      licensedSeats: 20,
      subscribedSeats: 20,
      createdAt: '2024-03-10T09:30:00Z',
      csm: { id: 'g1', name: 'Grace Hopper', email: 'grace@example.com' },
    });
    expect(v.lifecycle).toEqual({ stage: 'advocacy', since: '2025-06-15' });

    expect(v.revenue).toMatchObject({ mrr: 300, arr: 3600, paying: true, nextRenewal: '2026-02-10' });
    expect(v.revenue.mrrHistory).toHaveLength(24);
    expect(v.revenue.mrrHistory[0]).toEqual({ monthEnd: '2023-07-31', mrr: 0 });
    expect(v.revenue.mrrHistory.map((m) => m.mrr)).toEqual([
      ...Array<number>(10).fill(0),
      ...Array<number>(8).fill(100),
      ...Array<number>(6).fill(300),
    ]);
    expect(v.revenue.mrrHistory.slice(17, 19)).toEqual([
      { monthEnd: '2024-12-31', mrr: 100 },
      { monthEnd: '2025-01-31', mrr: 300 },
    ]);
    expect(v.revenue.subscriptions).toEqual([
      {
        id: 'x2',
        plan: 'Pro',
        mrr: 300,
        seats: 20,
        startedAt: '2025-01-31',
        endedAt: null,
        renewalDate: '2026-02-10',
        churnType: null,
        live: true,
      },
      {
        id: 'x1',
        plan: 'Basic',
        mrr: 100,
        seats: 10,
        startedAt: '2024-05-15',
        endedAt: '2025-01-31',
        renewalDate: '2025-05-15',
        churnType: null,
        live: false,
      },
    ]);

    expect(v.health.current).toMatchObject({ score: 15, band: 'critical', scorecard: 'users' });
    expect(v.health.current?.previous).toMatchObject({ asOf: '2025-06-01', source: 'recorded', score: 10 });
    // The 08-01 recording is after the date.
    expect(v.health.history).toEqual([
      {
        asOf: '2025-06-01',
        configVersion: 'test-1',
        scorecard: 'users',
        score: 10,
        band: 'critical',
        coverage: 1,
        moved: null,
      },
    ]);

    expect(v.usage.lastSeen).toBe('2025-06-30T10:00:00Z');
    expect(v.usage.weekly).toHaveLength(26);
    expect(v.usage.weekly[0]).toEqual({ weekStart: '2024-12-30', events: 1, activeUsers: 1 });
    expect(v.usage.weekly.at(-1)).toEqual({ weekStart: '2025-06-23', events: 3, activeUsers: 2 });
    expect(v.usage.weekly.filter((w) => w.events > 0)).toEqual([
      { weekStart: '2024-12-30', events: 1, activeUsers: 1 },
      { weekStart: '2025-05-05', events: 2, activeUsers: 2 },
      { weekStart: '2025-06-16', events: 1, activeUsers: 1 },
      { weekStart: '2025-06-23', events: 3, activeUsers: 2 },
    ]);
    expect(v.usage.features).toEqual([
      {
        key: 'reports',
        name: 'Reports',
        category: 'analytics',
        core: true,
        users30: 3,
        events30: 3,
        users90: 3,
        events90: 3,
      },
      {
        key: 'export',
        name: 'Export',
        category: 'data',
        core: true,
        users30: 1,
        events30: 1,
        users90: 2,
        events90: 2,
      },
      {
        key: 'alerts',
        name: 'Alerts',
        category: 'automation',
        core: false,
        users30: 1,
        events30: 1,
        users90: 1,
        events90: 1,
      },
      {
        key: 'legacy',
        name: null,
        category: null,
        core: false,
        users30: 0,
        events30: 0,
        users90: 1,
        events90: 1,
      },
    ]);

    expect(v.tickets.total).toBe(2);
    expect(v.tickets.open).toBe(1);
    expect(v.tickets.recent.map((t) => t.id)).toEqual(['k2', 'k1']);
    expect(v.tickets.recent[1]).toEqual({
      id: 'k1',
      subject: 'Export fails',
      status: 'solved',
      priority: 'high',
      channel: 'email',
      category: 'bug',
      account: { id: 'X', name: 'Xylo Corp' },
      assignee: null,
      createdAt: '2025-06-10T08:00:00Z',
      firstResponseAt: '2025-06-10T08:30:00Z',
      resolvedAt: '2025-06-10T11:00:00Z',
      firstResponseMinutes: 30,
      resolutionHours: 3,
      reopens: 0,
      escalated: false,
      csat: 4,
    });

    expect(v.surveys.map((s) => s.id)).toEqual(['s1', 's4', 's3', 's2']);
    expect(v.surveys[0]).toEqual({
      id: 's1',
      kind: 'nps',
      score: 9,
      respondedAt: '2025-06-15T09:00:00Z',
      comment: 'Great product',
      contact: { id: 'c1', name: 'Ada Lovelace' },
      ticketId: null,
    });
    expect(v.interactions.map((i) => [i.id, i.kind, i.withExecutive, i.author?.name])).toEqual([
      ['i2', 'call', false, 'Grace Hopper'],
      ['i1', 'qbr', true, 'Grace Hopper'],
    ]);
    expect(v.contacts.map((c) => [c.id, c.executive, c.title])).toEqual([
      ['c1', true, 'CEO'],
      ['c2', false, 'Analyst'],
    ]);
    expect(v.riskEvents.map((e) => [e.kind, e.asOf])).toEqual([['detractor', '2025-06-16']]);
  });

  it('shows an account with no lines, usage or tickets as zeros and empty lists; an unknown id as null', async () => {
    await importFixture(ctx, FILES);
    const y = await account360(ctx.db, USERS_PER_SEAT, 'Y', AS_OF);
    expect(y).toMatchObject({
      profile: { id: 'Y', csm: null, licensedSeats: null, subscribedSeats: null },
      lifecycle: { stage: 'acquisition', since: '2025-01-05' },
      revenue: { mrr: 0, arr: 0, paying: false, nextRenewal: null, subscriptions: [] },
      health: { current: null, history: [] },
      usage: { lastSeen: null },
      tickets: { total: 0, open: 0, recent: [] },
      surveys: [],
      interactions: [],
      contacts: [],
      riskEvents: [],
    });
    expect(y?.revenue.mrrHistory.every((m) => m.mrr === 0)).toBe(true);
    expect(y?.usage.weekly.every((w) => w.events === 0 && w.activeUsers === 0)).toBe(true);
    // The catalog with nothing used: core features first, then by key.
    expect(y?.usage.features.map((f) => [f.key, f.events90])).toEqual([
      ['export', 0],
      ['reports', 0],
      ['alerts', 0],
    ]);
    expect(await account360(ctx.db, USERS_PER_SEAT, 'nobody', AS_OF)).toBeNull();
    expect(await account360(ctx.db, USERS_PER_SEAT, "X' OR '1'='1", AS_OF)).toBeNull();
  });
});

it('month ends and week starts are counted back from the date', () => {
  // A date inside a month: the month has not ended, so the last point is the previous month's end.
  expect(monthEnds('2025-07-01', 3)).toEqual(['2025-04-30', '2025-05-31', '2025-06-30']);
  // On a month's last day that month counts (lines live on the date are in).
  expect(monthEnds('2024-02-29', 2)).toEqual(['2024-01-31', '2024-02-29']);
  // Tuesday 2025-07-01: the week from Monday 06-30 is incomplete; Monday 2025-06-30 itself: the same.
  expect(weekStarts('2025-07-01', 2)).toEqual(['2025-06-16', '2025-06-23']);
  expect(weekStarts('2025-06-30', 1)).toEqual(['2025-06-23']);
  // Sunday 2025-07-06 still belongs to the week of 06-30.
  expect(weekStarts('2025-07-06', 1)).toEqual(['2025-06-23']);
});
