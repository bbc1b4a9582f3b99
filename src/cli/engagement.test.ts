import { beforeEach, expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { keel } from '../test-support/run-cli.js';
import { importFixture } from '../test-support/fixtures.js';

/*
 * On 2025-07-01, catalog of 2 features. P: u1 uses reports on 06-20 → login 0, session depth 0,
 * breadth 1/2 → 200/3, depth 1/2 (clamped at 0.4) → 100: score (200/3 + 100) / 4 = 125/3 ≈ 41.7. R: no usage → 0.
 */
const FILES: Record<string, string> = {
  'accounts.csv': 'id,name,created_at\nP,Pine Ltd,2024-01-01\nR,Rook Inc,2024-01-01',
  'features.csv': 'key\nreports\nexport',
  'subscriptions.csv': 'id,account_id,mrr,started_at\np1,P,100,2024-01-01\nr1,R,100,2024-01-01',
  'usage_events.csv':
    'id,account_id,user_id,event,feature,occurred_at\ne1,P,u1,use,reports,2025-06-20T10:00:00Z',
};

describeEachBackend('keel engagement', (ctx) => {
  beforeEach(async () => {
    await importFixture(ctx, FILES);
    await ctx.db.close(); // the spawned CLI needs the DuckDB file
  });

  it('prints the distribution, the lowest-engaged accounts, one account’s components, and JSON', async () => {
    const summary = await keel([...ctx.cliArgs, 'engagement', '--as-of', '2025-07-01']);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain('2 paying accounts, 2 scored — mean 20.8, median 20.8');
    expect(summary.stdout).toMatch(/Rook Inc\s+0\.0/);

    const one = await keel([...ctx.cliArgs, 'engagement', '--as-of', '2025-07-01', '--account', 'P']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('P (Pine Ltd) on 2025-07-01: engagement 41.7 of 100');
    expect(one.stdout).toMatch(/feature_breadth\s+0\.500 share\s+0 → 0\.75\s+66\.7/);

    const json = await keel([...ctx.cliArgs, 'engagement', '--as-of', '2025-07-01', '--json']);
    const body = JSON.parse(json.stdout) as {
      window: unknown;
      accounts: { accountId: string; score: number }[];
    };
    expect(body.window).toEqual({ start: '2025-06-01', end: '2025-07-01' });
    expect(body.accounts.map((a) => a.accountId)).toEqual(['P', 'R']);
    expect(body.accounts[0]?.score).toBeCloseTo(125 / 3, 9);

    expect((await keel([...ctx.cliArgs, 'engagement', '--account', 'nope'])).code).toBe(1);
    expect((await keel([...ctx.cliArgs, 'engagement', '--as-of', '2025-13-01'])).code).toBe(2);
  });

  it('explains the engagement_score metric with its SQL', async () => {
    const out = await keel([
      ...ctx.cliArgs,
      'metrics',
      '--explain',
      'engagement_score',
      '--period',
      '2025-06',
    ]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('engagement_score — Customer engagement score (adoption, points');
    expect(out.stdout).toContain('SQL (query family engagement, for 2025-06)');
    expect(out.stdout).toContain('FROM usage_facts');
    expect(out.stdout).toContain('prev_at');
  });
});
