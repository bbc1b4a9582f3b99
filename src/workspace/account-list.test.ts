import { expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { USERS_PER_SEAT } from '../test-support/scorecards.js';
import {
  accountRows,
  accountsCsv,
  listAccounts,
  parseAccountFilter,
  trendOf,
  type AccountListRow,
} from './account-list.js';

const AS_OF = '2025-07-01';
/** `n` distinct users (prefix-1 … prefix-n) each with one event at `at`. */
const users = (account: string, prefix: string, n: number, at: string) =>
  Array.from({ length: n }, (_, i) => `${account},${prefix}-${i + 1},use,${at}`).join('\n');

/*
 * As of 2025-07-01 (scores count users in [06-01, 07-01); 30 days before, in [05-02, 06-01)):
 *
 * ac-1001 Acme Analytics   enterprise  csm g1  10 seats
 *   lines: a1 100 live (renews 09-01), a2 50 ended 06-15, a3 25.5 starting on 07-01 (renews 08-15)
 *   → ARR (100 + 25.5) × 12 = 1506; next renewal 08-15 (the earliest of 09-01 and 08-15);
 *     stage retention (renews within 90 days) since 08-15 − 90 days = 05-17
 *   users: 8 on 06-20 → 80 healthy; 4 on 05-15 → 40 → delta +40 ↑
 *   tickets at 07-01: t1 open (no resolution) ✓; t2 resolved 06-02 ✗; t3 solved without timestamps ✗;
 *   t4 resolved 07-02 (after the date) ✓; t5 created 07-05 ✗ → 2 open
 *   last seen 06-20T10:00 (the 07-02 event is after the date)
 * ac-1002 Beta Bank        mid_market  csm g2  100 seats, b1 200 → ARR 2400, renews 2026-06-01
 *   users: 53 on 06-25 → 53 at_risk; 50 on 05-20 → 50 → delta +3: inside the ±3 dead band → flat
 * ac-1003 Cobalt 100% Co   smb         csm g1  10 seats, c1 30 → ARR 360, no renewal date
 *   users: 2 on 06-10 → 20 critical; 6 on 05-10 → 60 → delta −40 ↓; t6 pending since 04-01 → 1 open
 * ac-2004 Delta_Dynamics   smb         no CSM, no lines, no usage → ARR 0, acquisition, unscored
 * ac-2005 Echo Ltd         enterprise  csm g2, e1 500 ended 05-01 → ARR 0, churned, unscored
 */
const FILES: Record<string, string> = {
  'agents.csv': 'id,name,role\ng1,Grace Hopper,csm\ng2,Henry Ford,csm',
  'accounts.csv': [
    'id,name,segment,region,plan,csm_id,licensed_seats,created_at',
    'ac-1001,Acme Analytics,enterprise,EMEA,Pro,g1,10,2024-01-01',
    'ac-1002,Beta Bank,mid_market,NA,,g2,100,2024-01-01',
    'ac-1003,Cobalt 100% Co,smb,EMEA,Starter,g1,10,2024-01-01',
    'ac-2004,Delta_Dynamics,smb,,,,5,2025-02-01',
    'ac-2005,Echo Ltd,enterprise,+44 London,,g2,20,2024-01-01',
  ].join('\n'),
  'subscriptions.csv': [
    'id,account_id,mrr,started_at,ended_at,renewal_date',
    'a1,ac-1001,100,2024-01-01,,2025-09-01',
    'a2,ac-1001,50,2025-03-01,2025-06-15,',
    'a3,ac-1001,25.5,2025-07-01,,2025-08-15',
    'b1,ac-1002,200,2024-06-01,,2026-06-01',
    'c1,ac-1003,30,2024-01-01,,',
    'e1,ac-2005,500,2024-01-01,2025-05-01,',
  ].join('\n'),
  'usage_events.csv': [
    'account_id,user_id,event,occurred_at',
    users('ac-1001', 'a', 8, '2025-06-20T10:00:00Z'),
    users('ac-1001', 'a', 4, '2025-05-15T10:00:00Z'),
    'ac-1001,a-1,use,2025-07-02T10:00:00Z',
    users('ac-1002', 'b', 53, '2025-06-25T09:00:00Z'),
    users('ac-1002', 'b', 50, '2025-05-20T09:00:00Z'),
    users('ac-1003', 'c', 2, '2025-06-10T08:00:00Z'),
    users('ac-1003', 'c', 6, '2025-05-10T08:00:00Z'),
  ].join('\n'),
  'tickets.csv': [
    'id,account_id,channel,status,created_at,resolved_at',
    't1,ac-1001,email,open,2025-06-10T10:00:00Z,',
    't2,ac-1001,email,solved,2025-06-01T10:00:00Z,2025-06-02T10:00:00Z',
    't3,ac-1001,chat,solved,2025-06-25T10:00:00Z,',
    't4,ac-1001,email,closed,2025-06-20T10:00:00Z,2025-07-02T10:00:00Z',
    't5,ac-1001,email,open,2025-07-05T10:00:00Z,',
    't6,ac-1003,web,pending,2025-04-01T10:00:00Z,',
  ].join('\n'),
};

const ids = (rows: readonly AccountListRow[]) => rows.map((r) => r.id);

describeEachBackend('accounts list', (ctx) => {
  const rows = (request: Omit<Parameters<typeof accountRows>[2], 'asOf'> = {}) =>
    accountRows(ctx.db, USERS_PER_SEAT, { asOf: AS_OF, ...request });

  it('gives each account its ARR, renewal, stage, health, trend, open tickets and last use', async () => {
    await importFixture(ctx, FILES);
    const all = await rows();
    expect(ids(all)).toEqual(['ac-1001', 'ac-1002', 'ac-1003', 'ac-2004', 'ac-2005']);
    const [acme, beta, cobalt, delta, echo] = all;
    expect(acme).toEqual({
      id: 'ac-1001',
      name: 'Acme Analytics',
      segment: 'enterprise',
      region: 'EMEA',
      plan: 'Pro',
      touchModel: 'high',
      csm: { id: 'g1', name: 'Grace Hopper' },
      arr: 1506,
      paying: true,
      renewalDate: '2025-08-15',
      stage: 'retention',
      stageSince: '2025-05-17',
      score: 80,
      band: 'healthy',
      trend: { previous: 40, delta: 40, direction: 'up' },
      openTickets: 2,
      lastSeen: '2025-06-20T10:00:00Z',
    });
    expect(beta).toMatchObject({
      touchModel: 'low',
      plan: null,
      arr: 2400,
      renewalDate: '2026-06-01',
      score: 53,
      band: 'at_risk',
      trend: { previous: 50, delta: 3, direction: 'flat' },
      openTickets: 0,
      lastSeen: '2025-06-25T09:00:00Z',
    });
    expect(cobalt).toMatchObject({
      arr: 360,
      renewalDate: null,
      score: 20,
      band: 'critical',
      trend: { previous: 60, delta: -40, direction: 'down' },
      openTickets: 1,
    });
    // No lines, no usage, no tickets: zeros and nulls, never an error.
    expect(delta).toMatchObject({
      csm: null,
      arr: 0,
      paying: false,
      renewalDate: null,
      stage: 'acquisition',
      stageSince: '2025-02-01',
      score: null,
      band: null,
      trend: { previous: null, delta: null, direction: null },
      openTickets: 0,
      lastSeen: null,
    });
    expect(echo).toMatchObject({
      arr: 0,
      paying: false,
      stage: 'churned',
      stageSince: '2025-05-01',
      score: null,
    });
  });

  it('filters by segment, CSM, band, stage, touch model, renewal window and literal search', async () => {
    await importFixture(ctx, FILES);
    expect(ids(await rows({ filter: { segment: ['smb'] } }))).toEqual(['ac-1003', 'ac-2004']);
    expect(ids(await rows({ filter: { csm: ['g1'] } }))).toEqual(['ac-1001', 'ac-1003']);
    expect(ids(await rows({ filter: { band: ['critical', 'unscored'] } }))).toEqual([
      'ac-1003',
      'ac-2004',
      'ac-2005',
    ]);
    expect(ids(await rows({ filter: { stage: ['churned'] } }))).toEqual(['ac-2005']);
    expect(ids(await rows({ filter: { touchModel: ['low'] } }))).toEqual(['ac-1002']);
    // 07-01 + 45 days = 08-15: Acme's renewal is on the last day of the window; 44 days leaves it out.
    expect(ids(await rows({ filter: { renewalWithinDays: 45 } }))).toEqual(['ac-1001']);
    expect(ids(await rows({ filter: { renewalWithinDays: 44 } }))).toEqual([]);
    // Filters combine with AND.
    expect(ids(await rows({ filter: { segment: ['smb'], band: ['critical'] } }))).toEqual(['ac-1003']);

    const search = async (text: string) => ids(await rows({ filter: { search: text } }));
    expect(await search('ACME')).toEqual(['ac-1001']); // case-insensitive
    expect(await search('200')).toEqual(['ac-2004', 'ac-2005']); // the id matches too
    // % and _ are characters, not wildcards: only the names that hold them match.
    expect(await search('100%')).toEqual(['ac-1003']);
    expect(await search('%')).toEqual(['ac-1003']);
    expect(await search('_')).toEqual(['ac-2004']);
    expect(await search("%' OR 1=1 --")).toEqual([]);
    expect(await search("' OR '1'='1")).toEqual([]);
  });

  it('sorts by any column, nulls last in both directions, ties by id', async () => {
    await importFixture(ctx, FILES);
    const sorted = async (sort: Parameters<typeof listAccounts>[2]['sort'], order: 'asc' | 'desc') =>
      ids(await rows({ sort, order }));
    // ARR 2400, 1506, 360, then the two zeros by id.
    expect(await sorted('arr', 'desc')).toEqual(['ac-1002', 'ac-1001', 'ac-1003', 'ac-2004', 'ac-2005']);
    expect(await sorted('score', 'asc')).toEqual(['ac-1003', 'ac-1002', 'ac-1001', 'ac-2004', 'ac-2005']);
    expect(await sorted('score', 'desc')).toEqual(['ac-1001', 'ac-1002', 'ac-1003', 'ac-2004', 'ac-2005']);
    expect(await sorted('renewalDate', 'asc')).toEqual([
      'ac-1001',
      'ac-1002',
      'ac-1003',
      'ac-2004',
      'ac-2005',
    ]);
    expect(await sorted('renewalDate', 'desc')).toEqual([
      'ac-1002',
      'ac-1001',
      'ac-1003',
      'ac-2004',
      'ac-2005',
    ]);
    expect(await sorted('trend', 'desc')).toEqual(['ac-1001', 'ac-1002', 'ac-1003', 'ac-2004', 'ac-2005']);
    // Band ascending is worst first: critical, at risk, healthy.
    expect(await sorted('band', 'asc')).toEqual(['ac-1003', 'ac-1002', 'ac-1001', 'ac-2004', 'ac-2005']);
    expect(await sorted('lastSeen', 'asc')).toEqual(['ac-1003', 'ac-1001', 'ac-1002', 'ac-2004', 'ac-2005']);
    expect(await sorted('csm', 'asc')).toEqual(['ac-1001', 'ac-1003', 'ac-1002', 'ac-2005', 'ac-2004']);
    expect(await sorted('name', 'desc')).toEqual(['ac-2005', 'ac-2004', 'ac-1003', 'ac-1002', 'ac-1001']);
    expect(await sorted('openTickets', 'desc')).toEqual([
      'ac-1001',
      'ac-1003',
      'ac-1002',
      'ac-2004',
      'ac-2005',
    ]);
  });

  it('pages with a total, and refuses page sizes outside 1–500', async () => {
    await importFixture(ctx, FILES);
    const page = await listAccounts(ctx.db, USERS_PER_SEAT, { asOf: AS_OF, limit: 2, offset: 1 });
    expect(page).toMatchObject({ asOf: AS_OF, total: 5, offset: 1, limit: 2, sort: 'name', order: 'asc' });
    expect(ids(page.accounts)).toEqual(['ac-1002', 'ac-1003']);
    const last = await listAccounts(ctx.db, USERS_PER_SEAT, { asOf: AS_OF, limit: 2, offset: 4 });
    expect(ids(last.accounts)).toEqual(['ac-2005']);
    const beyond = await listAccounts(ctx.db, USERS_PER_SEAT, { asOf: AS_OF, offset: 10 });
    expect(beyond).toMatchObject({ total: 5, accounts: [] });
    const filtered = await listAccounts(ctx.db, USERS_PER_SEAT, {
      asOf: AS_OF,
      filter: { band: ['critical', 'unscored'] },
      limit: 1,
    });
    expect(filtered.total).toBe(3);
    expect(filtered.accounts).toHaveLength(1);
    await expect(listAccounts(ctx.db, USERS_PER_SEAT, { asOf: AS_OF, limit: 501 })).rejects.toThrow(
      'limit must be a whole number from 1 to 500',
    );
    await expect(listAccounts(ctx.db, USERS_PER_SEAT, { asOf: AS_OF, limit: 0 })).rejects.toThrow(AppError);
  });

  it('exports the same rows as CSV with a header and the formula guard on free text', async () => {
    await importFixture(ctx, FILES);
    const csv = accountsCsv(await rows({ sort: 'arr', order: 'desc' }));
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'id,name,segment,region,plan,touch_model,csm_id,csm_name,arr,paying,renewal_date,stage,stage_since,health_score,health_band,score_30d_before,trend_delta,trend,open_tickets,last_seen',
    );
    expect(lines).toHaveLength(6);
    expect(lines[2]).toBe(
      'ac-1001,Acme Analytics,enterprise,EMEA,Pro,high,g1,Grace Hopper,1506,true,2025-08-15,retention,2025-05-17,80,healthy,40,40,up,2,2025-06-20T10:00:00Z',
    );
    // "+44 London" would run as a formula in a spreadsheet: written with an apostrophe.
    expect(lines[5]).toBe(
      "ac-2005,Echo Ltd,enterprise,'+44 London,,high,g2,Henry Ford,0,false,,churned,2025-05-01,,,,,,0,",
    );
  });

  it('answers an empty workspace with no rows', async () => {
    expect(await listAccounts(ctx.db, USERS_PER_SEAT, { asOf: AS_OF })).toMatchObject({
      total: 0,
      accounts: [],
    });
  });
});

it('the trend has a ±3-point dead band', () => {
  expect(trendOf(53, 50)).toEqual({ previous: 50, delta: 3, direction: 'flat' });
  expect(trendOf(53.1, 50)).toEqual({ previous: 50, delta: 3.1, direction: 'up' });
  expect(trendOf(47, 50)).toEqual({ previous: 50, delta: -3, direction: 'flat' });
  expect(trendOf(46.9, 50)).toEqual({ previous: 50, delta: -3.1, direction: 'down' });
  expect(trendOf(60, null)).toEqual({ previous: null, delta: null, direction: null });
  expect(trendOf(null, 60)).toEqual({ previous: 60, delta: null, direction: null });
});

it('parses filter text and names the parameter it refuses', () => {
  expect(
    parseAccountFilter({
      segment: 'smb, enterprise',
      band: 'critical',
      renewalWithinDays: '30',
      search: '  x ',
    }),
  ).toEqual({ segment: ['smb', 'enterprise'], band: ['critical'], renewalWithinDays: 30, search: 'x' });
  expect(() => parseAccountFilter({ band: 'purple' })).toThrow(/^band must be one or more of healthy/);
  expect(() => parseAccountFilter({ stage: 'x' }, (p) => `--${p}`)).toThrow(/^--stage must be/);
  expect(() => parseAccountFilter({ renewalWithinDays: '-1' })).toThrow(/^renewalWithinDays must be/);
  expect(() => parseAccountFilter({ renewalWithinDays: '2.5' })).toThrow(/^renewalWithinDays must be/);
});
