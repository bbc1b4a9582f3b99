import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { keel } from '../test-support/run-cli.js';
import { importFixture } from '../test-support/fixtures.js';
import { USERS_PER_SEAT } from '../test-support/scorecards.js';

/*
 * As of 2025-07-01 with a one-measure scorecard (100 × users of the last 30 days / seats):
 *  A Acme 10 seats, 200/month → ARR 2400, 8 users → 80 healthy; B Bolt 10 seats, 50/month → ARR 600,
 *  2 users → 20 critical, with ticket t2 (category bug) and an earlier bug ticket t1 that linked kb1.
 */
const FILES: Record<string, string> = {
  'accounts.csv':
    'id,name,segment,licensed_seats,created_at\nA,Acme,enterprise,10,2024-01-01\nB,Bolt,smb,10,2024-01-01',
  'subscriptions.csv': 'id,account_id,mrr,started_at\na1,A,200,2024-01-01\nb1,B,50,2024-01-01',
  'usage_events.csv': [
    'account_id,user_id,event,occurred_at',
    ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `A,u${i},use,2025-06-20T10:00:00Z`),
    'B,v1,use,2025-06-20T10:00:00Z',
    'B,v2,use,2025-06-20T10:00:00Z',
  ].join('\n'),
  'kb_articles.csv': 'id,title\nkb1,Fixing sync errors',
  'tickets.csv': [
    'id,account_id,channel,status,category,subject,created_at',
    't1,B,email,solved,bug,Sync broken,2025-05-01T10:00:00Z',
    't2,B,chat,open,bug,Sync broken again,2025-06-10T10:00:00Z',
  ].join('\n'),
  'ticket_articles.csv': 'ticket_id,article_id\nt1,kb1',
};

describeEachBackend('keel accounts, account, ticket', (ctx) => {
  let scorecards = '';
  beforeEach(async () => {
    await importFixture(ctx, FILES);
    scorecards = join(ctx.dir, 'scorecards.json');
    await writeFile(scorecards, JSON.stringify(USERS_PER_SEAT));
    await ctx.db.close(); // the spawned CLI needs the DuckDB file
  });
  const cli = (...args: string[]) => keel([...ctx.cliArgs, '--scorecards', scorecards, ...args]);

  it('lists, filters, sorts and exports accounts; refuses a bad flag with exit code 2', async () => {
    const table = await cli('accounts', '--as-of', '2025-07-01', '--sort', 'arr', '--desc');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Accounts on 2025-07-01: 2 match, showing 1–2, sorted by arr desc');
    expect(table.stdout).toMatch(
      /A\s+Acme\s+enterprise\s+2,400\s+adoption\s+80\.0\s+healthy[\s\S]*B\s+Bolt\s+smb\s+600/,
    );

    const csv = await cli('accounts', '--as-of', '2025-07-01', '--band', 'critical', '--csv');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id,name,segment,/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['B']);

    const json = await cli('accounts', '--as-of', '2025-07-01', '--search', 'ACM', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ total: 1, accounts: [{ id: 'A', arr: 2400 }] });

    const bad = await cli('accounts', '--band', 'purple');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--band must be one or more of healthy, at_risk, critical, unscored');
  });

  it('shows one account’s 360 and one ticket’s case context; unknown ids exit 1', async () => {
    const account = await cli('account', 'B', '--as-of', '2025-07-01');
    expect(account.code).toBe(0);
    expect(account.stdout).toContain('B  Bolt');
    expect(account.stdout).toContain('Revenue   MRR 50, ARR 600');
    expect(account.stdout).toContain('Health    20.0 critical (users, coverage 100%)');
    expect(account.stdout).toContain('Tickets   2 before the date, 1 open');

    const ticket = await cli('ticket', 't2', '--as-of', '2025-07-01');
    expect(ticket.code).toBe(0);
    expect(ticket.stdout).toContain('Customer  Bolt (B), smb, ARR 600');
    expect(ticket.stdout).toContain('Cases     1 open, 2 in the last 90 days, 2 all time');
    expect(ticket.stdout).toContain('kb1  Fixing sync errors — linked 1×');

    const missing = await cli('ticket', 'nope', '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: 'not_found', message: 'no ticket "nope"' } });
  });
});
