import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { apiHarness, type ApiHarness } from '../../test-support/api-harness.js';
import { describeEachBackend, type BackendContext } from '../../test-support/backends.js';
import { importFixture } from '../../test-support/fixtures.js';
import { USERS_PER_SEAT } from '../../test-support/scorecards.js';

/*
 * As of 2025-07-01 (scorecard: 100 × users of the last 30 days / seats):
 *  A Acme  enterprise 10 seats, 200/month → ARR 2400; 8 users on 06-20 → 80 healthy; t1 open
 *  B Bolt  smb 10 seats, 50/month → ARR 600; 2 users on 06-20 → 20 critical; t2 solved, CSAT 5
 */
const FILES: Record<string, string> = {
  'agents.csv': 'id,name,role\ng1,Grace Hopper,csm',
  'accounts.csv': [
    'id,name,segment,csm_id,licensed_seats,created_at',
    'A,Acme,enterprise,g1,10,2024-01-01',
    'B,"=Bolt, Inc",smb,g1,10,2024-01-01',
  ].join('\n'),
  'subscriptions.csv': 'id,account_id,mrr,started_at\na1,A,200,2024-01-01\nb1,B,50,2024-01-01',
  'usage_events.csv': [
    'account_id,user_id,event,occurred_at',
    ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `A,u${i},use,2025-06-20T10:00:00Z`),
    'B,v1,use,2025-06-20T10:00:00Z',
    'B,v2,use,2025-06-20T10:00:00Z',
  ].join('\n'),
  'tickets.csv': [
    'id,account_id,channel,status,category,created_at,resolved_at',
    't1,A,email,open,bug,2025-06-10T10:00:00Z,',
    't2,B,chat,solved,bug,2025-06-01T10:00:00Z,2025-06-01T12:00:00Z',
  ].join('\n'),
  'surveys.csv': 'id,kind,score,account_id,ticket_id,responded_at\ns1,csat,5,B,t2,2025-06-02T10:00:00Z',
};

async function setUp(ctx: BackendContext): Promise<ApiHarness> {
  await importFixture(ctx, FILES);
  const scorecards = join(ctx.dir, 'scorecards.json');
  await writeFile(scorecards, JSON.stringify(USERS_PER_SEAT));
  return apiHarness({ ...ctx, config: { ...ctx.config, scorecards } });
}

const body = async <T>(r: Response) => (await r.json()) as T;
type ErrorBody = { error: { code: string; message: string } };

describeEachBackend('accounts and tickets API', (ctx) => {
  it('GET /api/accounts lists, filters, sorts and pages; refuses a bad filter naming the parameter', async () => {
    const api = await setUp(ctx);
    const res = await api.call('/api/accounts?asOf=2025-07-01', { as: 'csm' });
    expect(res.status).toBe(200);
    const page = await body<{ total: number; accounts: Record<string, unknown>[] }>(res);
    expect(page).toMatchObject({
      total: 2,
      offset: 0,
      limit: 50,
      sort: 'name',
      order: 'asc',
      asOf: '2025-07-01',
    });
    // By name: punctuation sorts before letters, so "=Bolt, Inc" comes before "Acme".
    expect(page.accounts.map((a) => a.id)).toEqual(['B', 'A']);
    expect(page.accounts[1]).toMatchObject({
      id: 'A',
      arr: 2400,
      paying: true,
      score: 80,
      band: 'healthy',
      openTickets: 1,
      csm: { id: 'g1', name: 'Grace Hopper' },
      lastSeen: '2025-06-20T10:00:00Z',
    });

    const smb = await body<{ total: number; accounts: { id: string }[] }>(
      await api.call('/api/accounts?asOf=2025-07-01&segment=smb'),
    );
    expect(smb.accounts.map((a) => a.id)).toEqual(['B']);
    const byArr = await body<{ accounts: { id: string }[] }>(
      await api.call('/api/accounts?asOf=2025-07-01&sort=arr&order=desc&limit=1&offset=1'),
    );
    expect(byArr).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(byArr.accounts.map((a) => a.id)).toEqual(['B']);
    const hostile = await api.call(
      `/api/accounts?asOf=2025-07-01&search=${encodeURIComponent("%' OR 1=1 --")}`,
    );
    expect(await body<{ total: number }>(hostile)).toMatchObject({ total: 0, accounts: [] });

    for (const [query, parameter] of [
      ['band=purple', 'band'],
      ['segment=huge', 'segment'],
      ['renewalWithinDays=soon', 'renewalWithinDays'],
      ['limit=501', 'limit'],
      ['offset=-1', 'offset'],
      ['sort=colour', 'sort'],
      ['asOf=2025-02-30x', 'asOf'],
      // PostgreSQL cannot bind a NUL character: a 400, not a database fault.
      ['search=a%00b', 'search'],
    ] as const) {
      const bad = await api.call(`/api/accounts?${query}`);
      expect(bad.status, query).toBe(400);
      expect((await body<ErrorBody>(bad)).error.message, query).toMatch(new RegExp(`\\b${parameter}\\b`));
    }
    expect((await api.call('/api/accounts', { as: 'viewer' })).status).toBe(403);
  });

  it('GET /api/accounts.csv exports every filtered row as text/csv with a header row', async () => {
    const api = await setUp(ctx);
    const res = await api.call('/api/accounts.csv?asOf=2025-07-01&sort=score');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="keel-accounts-2025-07-01.csv"',
    );
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines[0]?.startsWith('id,name,segment,region,plan,touch_model,csm_id,csm_name,arr,')).toBe(true);
    expect(lines).toHaveLength(3);
    // Score ascending: Bolt (20) first; its formula-like name is quoted and guarded.
    expect(lines[1]).toMatch(/^B,"'=Bolt, Inc",smb,,,tech,g1,Grace Hopper,600,true,/);
    const filtered = await api.call('/api/accounts.csv?asOf=2025-07-01&band=healthy');
    expect((await filtered.text()).trimEnd().split('\n')).toHaveLength(2);
    const bad = await api.call('/api/accounts.csv?stage=sleeping');
    expect(bad.status).toBe(400);
    expect((await body<ErrorBody>(bad)).error.message).toContain('stage');

    const doc = await body<{
      paths: Record<string, { get: { responses: Record<string, { content: object }> } }>;
    }>(await api.call('/openapi.json', { as: null }));
    expect(Object.keys(doc.paths['/api/accounts.csv']?.get.responses['200']?.content ?? {})).toEqual([
      'text/csv',
    ]);
  });

  it('GET /api/accounts/{id} answers the 360, or 404', async () => {
    const api = await setUp(ctx);
    const res = await api.call('/api/accounts/A?asOf=2025-07-01', { as: 'csm' });
    expect(res.status).toBe(200);
    const v = await body<Record<string, Record<string, unknown>>>(res);
    expect(v.profile).toMatchObject({ id: 'A', name: 'Acme', licensedSeats: 10 });
    expect(v.revenue).toMatchObject({ mrr: 200, arr: 2400 });
    expect((v.revenue?.mrrHistory as unknown[]).length).toBe(24);
    expect((v.usage?.weekly as unknown[]).length).toBe(26);
    expect(v.health?.current).toMatchObject({ score: 80, band: 'healthy' });
    expect(v.tickets).toMatchObject({ total: 1, open: 1 });
    expect((await api.call('/api/accounts/a%00b')).status).toBe(400);
    const missing = await api.call('/api/accounts/nobody?asOf=2025-07-01');
    expect(missing.status).toBe(404);
    expect(await body<ErrorBody>(missing)).toEqual({
      error: { code: 'not_found', message: 'no account "nobody"' },
    });
  });

  it('GET /api/tickets lists and filters; GET /api/tickets/{id} gives the case context, or 404', async () => {
    const api = await setUp(ctx);
    const list = await api.call('/api/tickets', { as: 'csm' });
    expect(list.status).toBe(200);
    const page = await body<{ total: number; tickets: { id: string; csat: number | null }[] }>(list);
    expect(page).toMatchObject({ total: 2, sort: 'createdAt', order: 'desc' });
    expect(page.tickets.map((t) => [t.id, t.csat])).toEqual([
      ['t1', null],
      ['t2', 5],
    ]);
    const solved = await body<{ tickets: { id: string }[] }>(
      await api.call('/api/tickets?status=solved,closed'),
    );
    expect(solved.tickets.map((t) => t.id)).toEqual(['t2']);
    const badStatus = await api.call('/api/tickets?status=lost');
    expect(badStatus.status).toBe(400);
    expect((await body<ErrorBody>(badStatus)).error.message).toMatch(/^status must be one or more of/);
    expect((await api.call('/api/tickets?createdSince=yesterday')).status).toBe(400);

    const one = await api.call('/api/tickets/t1?asOf=2025-07-01', { as: 'csm' });
    expect(one.status).toBe(200);
    expect(await body<Record<string, unknown>>(one)).toMatchObject({
      asOf: '2025-07-01',
      ticket: { id: 't1', status: 'open', account: { id: 'A', name: 'Acme' } },
      customer: { id: 'A', arr: 2400, health: { score: 80, band: 'healthy' } },
      caseCounts: { open: 1, last90Days: 1, allTime: 1 },
      csat: { days: 180, account: { responses: 0 }, company: { average: 5, responses: 1 } },
      suggestedArticles: { category: 'bug', similarTickets: 1, articles: [] },
    });
    const missing = await api.call('/api/tickets/none');
    expect(missing.status).toBe(404);
    expect(await body<ErrorBody>(missing)).toEqual({
      error: { code: 'not_found', message: 'no ticket "none"' },
    });
  });
});
