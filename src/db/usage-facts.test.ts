import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { sql } from './sql.js';
import { emptyWorkspace } from './table-rows.js';
import { markUsageFactsDirty, refreshUsageFacts, UsageFactsMarker } from './usage-facts.js';

const ACCOUNTS = 'id,name,created_at\nA,A Inc,2024-01-01\nB,B Inc,2024-01-01';
const HEADER = 'id,account_id,user_id,event,feature,occurred_at';

/**
 * The facts as text rows, keys resolved back to ids, in time order:
 * [account, user, feature, at, previous of the user, of the user's feature, of the account's feature].
 */
async function facts(ctx: Parameters<Parameters<typeof describeEachBackend>[1]>[0]): Promise<string[][]> {
  const rows = await ctx.db.query<Record<string, string | null>>(sql`
    SELECT a.account_id, u.user_id, ff.feature, CAST(f.occurred_at AS TEXT) AS at, CAST(f.prev_at AS TEXT) AS prev,
           CAST(f.prev_user_feature_at AS TEXT) AS prev_uf, CAST(f.prev_account_feature_at AS TEXT) AS prev_af
    FROM usage_facts f JOIN usage_fact_accounts a ON a.account_key = f.account_key
    LEFT JOIN usage_fact_users u ON u.user_key = f.user_key
    LEFT JOIN usage_fact_features ff ON ff.feature_key = f.feature_key
    ORDER BY f.occurred_at, a.account_id`);
  const short = (t: string | null | undefined) => (t ? t.slice(5, 16).replace('T', ' ') : '-');
  return rows.map((r) => [
    String(r.account_id),
    r.user_id ?? '-',
    r.feature ?? '-',
    short(r.at),
    short(r.prev),
    short(r.prev_uf),
    short(r.prev_af),
  ]);
}

async function dirtyFrom(ctx: Parameters<Parameters<typeof describeEachBackend>[1]>[0]) {
  const [s] = await ctx.db.query<{ d: string | null }>(
    sql`SELECT CAST(dirty_from AS TEXT) AS d FROM usage_facts_state WHERE id = 1`,
  );
  return s?.d ?? null;
}

describeEachBackend('usage facts', (ctx) => {
  it('follow usage_events through imports, late events, updates and emptying, by hand', async () => {
    // Import 1. u1: 06-01 10:00, 10:20 (previous 10:00). u2: 06-02 09:00. B: an event without a user.
    await importFixture(
      ctx,
      {
        'accounts.csv': ACCOUNTS,
        'usage_events.csv': [
          HEADER,
          'e1,A,u1,use,reports,2025-06-01T10:00:00Z',
          'e2,A,u1,use,export,2025-06-01T10:20:00Z',
          'e3,A,u2,use,reports,2025-06-02T09:00:00Z',
          'e4,B,,use,chat,2025-06-03T12:00:00Z',
        ].join('\n'),
      },
      'one',
    );
    // A new workspace's facts were never built (the migration marks them dirty from the start of time); the
    // first reader builds them.
    expect(await dirtyFrom(ctx)).toMatch(/^0001-01-01/);
    await refreshUsageFacts(ctx.db);
    expect(await facts(ctx)).toEqual([
      ['A', 'u1', 'reports', '06-01 10:00', '-', '-', '-'],
      ['A', 'u1', 'export', '06-01 10:20', '06-01 10:00', '-', '-'],
      // u2's first event, but A's second of reports.
      ['A', 'u2', 'reports', '06-02 09:00', '-', '-', '06-01 10:00'],
      ['B', '-', 'chat', '06-03 12:00', '-', '-', '-'],
    ]);

    // Import 2: e5 arrives late, between e1 and e2; e6 is u2's next event. The mark is 06-01 10:10: e2 now
    // follows e5, e5 follows e1 (a fact from before the mark), e6 follows e3.
    await importFixture(
      ctx,
      {
        'usage_events.csv': [
          HEADER,
          'e5,A,u1,use,reports,2025-06-01T10:10:00Z',
          'e6,A,u2,use,alerts,2025-06-05T08:00:00Z',
        ].join('\n'),
      },
      'two',
    );
    expect(await dirtyFrom(ctx)).toMatch(/^2025-06-01[ T]10:10:00/); // the import's earliest event
    expect((await refreshUsageFacts(ctx.db)).rows).toBe(5);
    expect(await facts(ctx)).toEqual([
      ['A', 'u1', 'reports', '06-01 10:00', '-', '-', '-'],
      // e5's previous events all come from the fact before the mark (e1).
      ['A', 'u1', 'reports', '06-01 10:10', '06-01 10:00', '06-01 10:00', '06-01 10:00'],
      ['A', 'u1', 'export', '06-01 10:20', '06-01 10:10', '-', '-'],
      ['A', 'u2', 'reports', '06-02 09:00', '-', '-', '06-01 10:10'],
      ['B', '-', 'chat', '06-03 12:00', '-', '-', '-'],
      ['A', 'u2', 'alerts', '06-05 08:00', '06-02 09:00', '-', '-'],
    ]);

    // A writer marks the earliest time it touched; a later mark does not move it forward. The refresh
    // rebuilds from that time: the 7 facts at or after 06-01 09:00 (all of them, e7 included).
    await ctx.db.transaction(async (tx) => {
      await tx.exec(sql`
        INSERT INTO usage_events (id, account_id, user_id, event, feature, occurred_at)
        VALUES ('e7', 'A', 'u1', 'use', NULL, CAST('2025-06-01 09:00:00' AS TIMESTAMP))`);
      await markUsageFactsDirty(tx, '2025-06-01 09:00:00');
      await markUsageFactsDirty(tx, '2025-06-04 00:00:00');
    });
    expect(await dirtyFrom(ctx)).toMatch(/^2025-06-01[ T]09:00:00/);
    const refreshed = await refreshUsageFacts(ctx.db);
    expect(refreshed.from).toMatch(/^2025-06-01[ T]09:00:00/);
    expect(refreshed.rows).toBe(7);
    expect(await dirtyFrom(ctx)).toBeNull();
    expect((await refreshUsageFacts(ctx.db)).from).toBeNull(); // nothing to do now
    expect((await facts(ctx)).slice(0, 2)).toEqual([
      ['A', 'u1', '-', '06-01 09:00', '-', '-', '-'],
      ['A', 'u1', 'reports', '06-01 10:00', '06-01 09:00', '-', '-'],
    ]);

    // Import 3 moves e6 back to 05-20: an update of an existing row rebuilds everything. e6 is now u2's
    // first event, and e3 follows it.
    await importFixture(
      ctx,
      { 'usage_events.csv': [HEADER, 'e6,A,u2,use,alerts,2025-05-20T08:00:00Z'].join('\n') },
      'three',
    );
    expect(await dirtyFrom(ctx)).toMatch(/^0001-01-01/);
    await refreshUsageFacts(ctx.db);
    const after = await facts(ctx);
    expect(after).toHaveLength(7);
    expect(after[0]).toEqual(['A', 'u2', 'alerts', '05-20 08:00', '-', '-', '-']);
    expect(after.find((f) => f[3] === '06-02 09:00')).toEqual([
      'A',
      'u2',
      'reports',
      '06-02 09:00',
      '05-20 08:00',
      '-',
      '06-01 10:10',
    ]);

    // Emptying the workspace empties the facts at the next refresh.
    await emptyWorkspace(ctx.db);
    await refreshUsageFacts(ctx.db);
    expect(await facts(ctx)).toEqual([]);
  });

  it('a steady writer skips marks it knows hold, and marks again once a refresh began', async () => {
    await refreshUsageFacts(ctx.db); // clean
    const marker = new UsageFactsMarker(ctx.db);
    const write = async (at: string) => {
      const mark = await ctx.db.transaction((tx) => marker.mark(tx, at));
      marker.committed(mark);
      return mark;
    };
    expect(await write('2025-06-10 00:00:00')).not.toBeNull();
    expect(await dirtyFrom(ctx)).toMatch(/^2025-06-10/);
    // Later than the committed mark: it still holds, so only a shared database needs the UPDATE again.
    const later = await write('2025-06-12 00:00:00');
    if (ctx.db.exclusiveWriter) expect(later).toBeNull();
    else expect(later).not.toBeNull();
    expect(await dirtyFrom(ctx)).toMatch(/^2025-06-10/);
    // Earlier: always marked.
    expect(await write('2025-06-05 00:00:00')).not.toBeNull();
    expect(await dirtyFrom(ctx)).toMatch(/^2025-06-05/);
    // A refresh clears the mark: the next write must mark again, even from a later time.
    await refreshUsageFacts(ctx.db);
    expect(await dirtyFrom(ctx)).toBeNull();
    expect(await write('2025-06-20 00:00:00')).not.toBeNull();
    expect(await dirtyFrom(ctx)).toMatch(/^2025-06-20/);
    // A refresh that begins between a write's commit and its `committed` call: the mark is not remembered.
    const mark = await ctx.db.transaction((tx) => marker.mark(tx, '2025-06-01 00:00:00'));
    await refreshUsageFacts(ctx.db);
    marker.committed(mark);
    expect(await write('2025-06-25 00:00:00')).not.toBeNull();
    expect(await dirtyFrom(ctx)).toMatch(/^2025-06-25/);
  });
});
