import { expect, it } from 'vitest';
import { sql } from '../db/sql.js';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { applySubmissions } from './apply-submissions.js';
import { ingestionReport } from './ingestion-log.js';
import { Tracker } from './tracker.js';

const T0 = '2025-03-01T10:00:00.000Z';
const at = (minute: number) => new Date(Date.parse(T0) + minute * 60_000).toISOString();

describeEachBackend('tracking: storing Segment events', (ctx) => {
  const send = (tracker: Tracker, batch: unknown[], writeKeyId = 'wk1') =>
    tracker.store(
      tracker.prepare({ writeKeyId, endpoint: '/v1/batch', receivedAt: new Date(at(60)), body: { batch } }),
    );
  const usage = () =>
    ctx.db.query<{ id: string; account_id: string; user_id: string; event: string; feature: string | null }>(
      sql`SELECT id, account_id, user_id, event, feature FROM usage_events ORDER BY id`,
    );
  const count = async (table: string) =>
    Number((await ctx.db.query<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${sql.ident(table)}`))[0]?.n);
  const track = (messageId: string, userId: string, extra: Record<string, unknown> = {}) => ({
    type: 'track',
    messageId,
    userId,
    event: 'report_run',
    timestamp: at(1),
    ...extra,
  });

  it('stores a messageId once per write key, however often it is sent', async () => {
    const tracker = new Tracker(ctx.db);
    await send(tracker, [{ type: 'group', messageId: 'g', userId: 'u1', groupId: 'acme' }]);
    const batch = [track('m1', 'u1'), track('m2', 'u1'), track('m1', 'u1')];
    expect(await send(tracker, batch)).toMatchObject({ received: 3, accepted: 2, duplicates: 1, invalid: 0 });
    expect(await send(tracker, batch)).toMatchObject({ received: 3, accepted: 0, duplicates: 3 });
    // Another write key is another sender: its m1 is a different event.
    expect(await send(tracker, [track('m1', 'u1')], 'wk2')).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((await usage()).map((r) => r.id)).toEqual(['wk1:m1', 'wk1:m2', 'wk2:m1']);
    expect(await count('tracking_messages')).toBe(4); // g, m1, m2 for wk1; m1 for wk2
  });

  it('holds events of users without an account and attributes them when the group call arrives', async () => {
    const tracker = new Tracker(ctx.db);
    expect(await send(tracker, [track('m1', 'u1'), track('m2', 'u1')])).toMatchObject({
      accepted: 2,
      held: 2,
    });
    expect(await count('usage_events')).toBe(0);
    expect(await count('tracking_pending')).toBe(2);
    const group = {
      type: 'group',
      messageId: 'g1',
      userId: 'u1',
      groupId: 'acme',
      timestamp: at(5),
      traits: { name: 'Acme Inc', segment: 'enterprise', seats: 40 },
    };
    expect(await send(tracker, [group])).toMatchObject({ accepted: 1, held: 0, attributed: 2 });
    expect(await count('tracking_pending')).toBe(0);
    expect((await usage()).map((r) => [r.id, r.account_id, r.user_id])).toEqual([
      ['wk1:m1', 'acme', 'u1'],
      ['wk1:m2', 'acme', 'u1'],
    ]);
    const [account] = await ctx.db.query(sql`
      SELECT id, name, segment, touch_model, licensed_seats, CAST(created_at AS TEXT) AS created_at FROM accounts`);
    // A new account: created_at is the group call's time (10:05), touch_model follows the segment.
    expect(account).toEqual({
      id: 'acme',
      name: 'Acme Inc',
      segment: 'enterprise',
      touch_model: 'high',
      licensed_seats: 40,
      created_at: '2025-03-01 10:05:00',
    });
    // Later events of u1 go straight to the account.
    expect(await send(tracker, [track('m3', 'u1')])).toMatchObject({ accepted: 1, held: 0 });
    expect(await count('usage_events')).toBe(3);
  });

  it('follows the order of events inside a request: a user who changes account takes only later events along', async () => {
    const tracker = new Tracker(ctx.db);
    const outcome = await send(tracker, [
      track('m1', 'u1'),
      { type: 'group', messageId: 'g1', userId: 'u1', groupId: 'a' },
      track('m2', 'u1'),
      { type: 'group', messageId: 'g2', userId: 'u1', groupId: 'b' },
      track('m3', 'u1'),
    ]);
    // m1 was held only until g1 in the same request, so nothing is left held and nothing older was attributed.
    expect(outcome).toMatchObject({ accepted: 5, held: 0, attributed: 0 });
    expect((await usage()).map((r) => [r.id, r.account_id])).toEqual([
      ['wk1:m1', 'a'],
      ['wk1:m2', 'a'],
      ['wk1:m3', 'b'],
    ]);
    expect(await count('accounts')).toBe(2);
  });

  it('attributes by context.groupId, holding events that name an account not created yet', async () => {
    await importFixture(ctx, { 'accounts.csv': 'id,name,created_at\nknown,Known,2024-01-01' });
    const tracker = new Tracker(ctx.db);
    const outcome = await send(tracker, [
      track('m1', 'u1', { context: { groupId: 'known' } }),
      track('m2', 'u1', { context: { groupId: 'newco' } }),
    ]);
    expect(outcome).toMatchObject({ accepted: 2, held: 1 });
    // A group call for newco from anyone creates it and releases the event that named it.
    const later = await send(tracker, [{ type: 'group', messageId: 'g', userId: 'u2', groupId: 'newco' }]);
    expect(later).toMatchObject({ attributed: 1 });
    expect((await usage()).map((r) => [r.id, r.account_id, r.user_id])).toEqual([
      ['wk1:m1', 'known', 'u1'],
      ['wk1:m2', 'newco', 'u1'],
    ]);
  });

  it('links ids through alias: an anonymous visitor’s events follow the user into the account', async () => {
    const tracker = new Tracker(ctx.db);
    await send(tracker, [{ type: 'page', messageId: 'p1', anonymousId: 'anon-1', name: 'Pricing' }]);
    expect(
      await send(tracker, [{ type: 'alias', messageId: 'a1', previousId: 'anon-1', userId: 'u9' }]),
    ).toMatchObject({
      accepted: 1,
      attributed: 0,
    });
    expect(await count('tracking_pending')).toBe(1);
    // Another write key (the backend) sends the group call; identities are the workspace's, not the key's.
    const outcome = await send(
      tracker,
      [{ type: 'group', messageId: 'g', userId: 'u9', groupId: 'acme' }],
      'wk2',
    );
    expect(outcome).toMatchObject({ attributed: 1 });
    expect((await usage()).map((r) => [r.id, r.account_id, r.user_id, r.event])).toEqual([
      ['wk1:p1', 'acme', 'u9', 'page_viewed'],
    ]);
    // The alias now resolves the anonymous id directly.
    expect(
      await send(tracker, [track('m2', 'x', { userId: undefined, anonymousId: 'anon-1' })]),
    ).toMatchObject({
      held: 0,
    });
  });

  it('upserts contacts from identify (held until the user has an account) and merges later traits', async () => {
    const tracker = new Tracker(ctx.db);
    const identify = {
      type: 'identify',
      messageId: 'i1',
      userId: 'u1',
      timestamp: at(0),
      traits: { email: 'ann@acme.test', name: 'Ann Lee', title: 'CEO', is_executive: true },
    };
    expect(await send(tracker, [identify])).toMatchObject({ accepted: 1, held: 1 });
    expect(await count('contacts')).toBe(0);
    await send(tracker, [{ type: 'group', messageId: 'g', userId: 'u1', groupId: 'acme' }]);
    await send(tracker, [{ type: 'identify', messageId: 'i2', userId: 'u1', traits: { title: 'Chair' } }]);
    const contacts = await ctx.db.query(sql`
      SELECT id, account_id, email, name, title, role, CAST(created_at AS TEXT) AS created_at FROM contacts`);
    expect(contacts).toEqual([
      {
        id: 'u1',
        account_id: 'acme',
        email: 'ann@acme.test',
        name: 'Ann Lee',
        title: 'Chair',
        role: 'executive',
        created_at: '2025-03-01 10:00:00',
      },
    ]);
  });

  it('updates an imported account with only the traits a group call sends', async () => {
    await importFixture(ctx, {
      'accounts.csv': 'id,name,segment,plan,created_at\nX,Old name,smb,basic,2024-01-01',
    });
    const tracker = new Tracker(ctx.db);
    await send(tracker, [
      {
        type: 'group',
        messageId: 'g',
        userId: 'u1',
        groupId: 'X',
        traits: { name: 'New name', plan: 'pro' },
      },
    ]);
    const rows = await ctx.db.query(sql`
      SELECT id, name, segment, touch_model, plan, CAST(created_at AS TEXT) AS created_at FROM accounts`);
    expect(rows).toEqual([
      {
        id: 'X',
        name: 'New name',
        segment: 'smb',
        touch_model: 'tech',
        plan: 'pro',
        created_at: '2024-01-01 00:00:00',
      },
    ]);
  });

  it('counts and logs invalid events with their reasons, and reports it all per write key', async () => {
    const tracker = new Tracker(ctx.db);
    await send(tracker, [{ type: 'group', messageId: 'g', userId: 'u1', groupId: 'acme' }]);
    const outcome = await send(tracker, [
      track('m1', 'u1'),
      { type: 'track', messageId: 'bad1', userId: 'u1' },
      { type: 'purchase', messageId: 'bad2', userId: 'u1' },
      track('m2', 'u2'),
    ]);
    expect(outcome).toMatchObject({ received: 4, accepted: 2, invalid: 2, held: 1, duplicates: 0 });
    await send(tracker, [track('m1', 'u1')]);
    await tracker.reject({
      writeKeyId: 'wk1',
      endpoint: '/v1/batch',
      receivedAt: new Date(at(61)),
      received: 2600,
      error: 'too many',
    });
    const report = await ingestionReport(ctx.db, { since: '2025-03-01 00:00:00', limit: 10 });
    expect(report.keys).toEqual([
      {
        writeKeyId: 'wk1',
        requests: 4,
        rejectedRequests: 1,
        received: 1 + 4 + 1 + 2600,
        accepted: 1 + 2,
        duplicates: 1,
        invalid: 2,
        held: 1,
        attributed: 0,
        invalidReasons: [
          { reason: 'missing_event', count: 1 },
          { reason: 'unknown_type', count: 1 },
        ],
        lastReceivedAt: '2025-03-01T11:01:00Z',
      },
    ]);
    expect(report.pending).toEqual({
      total: 1,
      byKey: [{ writeKeyId: 'wk1', type: 'track', count: 1, oldestReceivedAt: '2025-03-01T11:00:00Z' }],
    });
    expect(report.recentBatches[0]).toMatchObject({ status: 400, error: 'too many', received: 2600 });
    expect(report.recentInvalid.map((i) => [i.position, i.messageId, i.reason])).toEqual([
      [1, 'bad1', 'missing_event'],
      [2, 'bad2', 'unknown_type'],
    ]);
    expect(JSON.parse(report.recentInvalid[0]?.excerpt ?? '')).toEqual({
      type: 'track',
      messageId: 'bad1',
      userId: 'u1',
    });
  });

  it('group commit: concurrent requests share transactions, and a retried batch among them still counts once', async () => {
    const tracker = new Tracker(ctx.db);
    await send(tracker, [{ type: 'group', messageId: 'g', userId: 'u1', groupId: 'acme' }]);
    const batches = Array.from({ length: 12 }, (_, b) =>
      Array.from({ length: 10 }, (_, i) => track(`b${b}-${i}`, 'u1')),
    );
    // Every batch twice, all at once: half of them are retries of the other half.
    const outcomes = await Promise.all([...batches, ...batches].map((b) => send(tracker, b)));
    const accepted = outcomes.reduce((s, o) => s + o.accepted, 0);
    const duplicates = outcomes.reduce((s, o) => s + o.duplicates, 0);
    expect([accepted, duplicates]).toEqual([120, 120]);
    expect(await count('usage_events')).toBe(120);
    expect(tracker.committer.stats.transactions).toBeLessThan(24 + 1);
    expect(tracker.committer.stats.requests).toBe(25);
  });

  it('an optimistic claim of a messageId seen before fails its transaction and leaves nothing behind', async () => {
    const tracker = new Tracker(ctx.db);
    await send(tracker, [{ type: 'group', messageId: 'g', userId: 'u1', groupId: 'acme' }]);
    await send(tracker, [track('m1', 'u1')]);
    const retry = tracker.prepare({
      writeKeyId: 'wk1',
      endpoint: '/v1/batch',
      receivedAt: new Date(),
      body: { batch: [track('m2', 'u1'), track('m1', 'u1')] },
    });
    await expect(ctx.db.transaction((tx) => applySubmissions(tx, [retry], 'optimistic'))).rejects.toThrow();
    expect(await count('usage_events')).toBe(1);
    expect(await count('tracking_batches')).toBe(2);
    const [careful] = await ctx.db.transaction((tx) => applySubmissions(tx, [retry], 'careful'));
    expect(careful).toMatchObject({ accepted: 1, duplicates: 1 });
    expect((await usage()).map((r) => r.id)).toEqual(['wk1:m1', 'wk1:m2']);
  });
});
