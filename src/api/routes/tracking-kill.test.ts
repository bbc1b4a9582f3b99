import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { createKey } from '../../access/api-keys.js';
import type { Database } from '../../db/database.js';
import { openDatabase } from '../../db/open-database.js';
import { sql } from '../../db/sql.js';
import { describeEachBackend } from '../../test-support/backends.js';
import { serve } from '../../test-support/run-cli.js';

describeEachBackend('tracking API survives kill -9', (ctx) => {
  it('every batch acknowledged with 200 before a SIGKILL is stored exactly once after restart', async () => {
    const writeKey = (await createKey(ctx.db, { kind: 'write' })).secret;
    // A DuckDB file has one writer: the server gets it.
    if (ctx.engine === 'duckdb') await ctx.db.close();
    const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
    const post = (url: string, batch: unknown[]) =>
      fetch(`${url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: auth },
        body: JSON.stringify({ batch }),
      });
    const batchOf = (b: number) =>
      Array.from({ length: 50 }, (_, i) => ({
        type: 'track',
        userId: 'u',
        event: 'e',
        messageId: `b${b}-e${i}`,
      }));

    const first = await serve([...ctx.cliArgs, 'serve', '--port', '0']);
    expect(
      (await post(first.url, [{ type: 'group', userId: 'u', groupId: 'acme', messageId: 'g' }])).status,
    ).toBe(200);
    const acknowledged: number[] = [];
    const unacknowledged: number[] = [];
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (!killed) {
        const b = next++;
        try {
          const r = await post(first.url, batchOf(b));
          if (r.status === 200) acknowledged.push(b);
          else throw new Error(`batch ${b}: ${r.status} ${await r.text()}`);
        } catch (error) {
          if (!killed) throw error;
          unacknowledged.push(b); // the connection died with the server: the client cannot know
          return;
        }
      }
    };
    const senders = Array.from({ length: 6 }, sender);
    // Mid-load: once some batches are in, while six more are in flight.
    const load = Promise.all(senders);
    while (acknowledged.length < 30) await Promise.race([sleep(5), load]);
    killed = true;
    const exited = once(first.child, 'exit');
    first.child.kill('SIGKILL');
    await load;
    await exited;
    expect(unacknowledged.length).toBeGreaterThan(0);

    // Restart on the same workspace; a client retries what it never saw acknowledged.
    const second = await serve([...ctx.cliArgs, 'serve', '--port', '0']);
    let committedUnseen = 0; // unacknowledged batches that had been committed before the kill
    for (const b of unacknowledged) {
      const r = await post(second.url, batchOf(b));
      expect(r.status).toBe(200);
      const { duplicates } = (await r.json()) as { duplicates: number };
      expect([0, 50]).toContain(duplicates); // a batch is committed whole or not at all
      if (duplicates === 50) committedUnseen++;
    }
    if (process.env.KEEL_KILL_TEST_VERBOSE)
      console.log(ctx.engine, {
        acknowledged: acknowledged.length,
        unacknowledged: unacknowledged.length,
        committedUnseen,
      });
    const again = await post(second.url, batchOf(acknowledged[0] ?? 0));
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 50 });
    const stopped = once(second.child, 'exit');
    second.child.kill('SIGTERM');
    await stopped;

    const db: Database = ctx.engine === 'duckdb' ? await openDatabase(ctx.config) : ctx.db;
    try {
      const rows = await db.query<{ id: string; n: number }>(
        sql`SELECT id, COUNT(*) AS n FROM usage_events GROUP BY id`,
      );
      const stored = new Map(rows.map((r) => [r.id.slice(r.id.indexOf(':') + 1), Number(r.n)]));
      for (const b of acknowledged)
        for (const e of batchOf(b)) expect(stored.get(e.messageId), e.messageId).toBe(1);
      // And with the retries, everything sent is there once: nothing lost, nothing doubled.
      expect(rows.length).toBe((acknowledged.length + unacknowledged.length) * 50);
      expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    } finally {
      if (db !== ctx.db) await db.close();
    }
  }, 120_000);
});
