import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createKey } from '../../access/api-keys.js';
import type { Database } from '../../db/database.js';
import { openDatabase } from '../../db/open-database.js';
import { sql } from '../../db/sql.js';
import { describeEachBackend } from '../../test-support/backends.js';
import { keel, serve } from '../../test-support/run-cli.js';

describeEachBackend('keel serve: tracking settings', (ctx) => {
  it('maps events to features from --feature-map and throttles at --tracking-rate/--tracking-burst', async () => {
    const writeKey = (await createKey(ctx.db, { kind: 'write' })).secret;
    const map = join(ctx.dir, 'features.json');
    await writeFile(map, JSON.stringify({ 'Report Run': 'reports', Dashboard: 'dashboards' }));
    if (ctx.engine === 'duckdb') await ctx.db.close(); // the server is the file's one writer
    // 0.01 requests/s: after the burst of 2 the bucket needs 100 s for a token (less the refill since the first
    // request, a few seconds on a slow machine), so the third request is a 429; the default rate would say 1 s.
    const server = await serve([
      ...ctx.cliArgs,
      'serve',
      '--port',
      '0',
      '--feature-map',
      map,
      '--tracking-rate',
      '0.01',
      '--tracking-burst',
      '2',
    ]);
    expect(server.stdout).toContain('0.01 requests/s per key, bursts of 2');
    expect(server.stdout).toContain(`2 event names mapped to features from ${map}`);
    const post = (batch: unknown[]) =>
      fetch(`${server.url}/v1/batch`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
        },
        body: JSON.stringify({ batch }),
      });
    const first = await post([
      { type: 'group', messageId: 'g', userId: 'u1', groupId: 'acme' },
      { type: 'track', messageId: 't1', userId: 'u1', event: 'Report Run' },
      { type: 'page', messageId: 'p1', userId: 'u1', name: 'Dashboard' },
      {
        type: 'track',
        messageId: 't2',
        userId: 'u1',
        event: 'Report Run',
        properties: { feature: 'exports' },
      },
      { type: 'track', messageId: 't3', userId: 'u1', event: 'Unmapped' },
    ]);
    expect(first.status).toBe(200);
    expect((await post([{ type: 'track', messageId: 't4', userId: 'u1', event: 'Unmapped' }])).status).toBe(
      200,
    );
    const third = await post([{ type: 'track', messageId: 't5', userId: 'u1', event: 'Report Run' }]);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(90);
    const stopped = once(server.child, 'exit');
    server.child.kill('SIGTERM');
    await stopped;

    const db: Database = ctx.engine === 'duckdb' ? await openDatabase(ctx.config) : ctx.db;
    try {
      const rows = await db.query<{ id: string; event: string; feature: string | null }>(
        sql`SELECT id, event, feature FROM usage_events ORDER BY id`,
      );
      // A named feature wins over the map; an unmapped event without one has none; the 429's event is not stored.
      expect(rows.map((r) => [r.id.slice(r.id.indexOf(':') + 1), r.event, r.feature])).toEqual([
        ['p1', 'page_viewed', 'dashboards'],
        ['t1', 'Report Run', 'reports'],
        ['t2', 'Report Run', 'exports'],
        ['t3', 'Unmapped', null],
        ['t4', 'Unmapped', null],
      ]);
    } finally {
      if (db !== ctx.db) await db.close();
    }
  }, 60_000);

  it('refuses to start on a bad feature map, naming the file and the event', async () => {
    const map = join(ctx.dir, 'features.json');
    await writeFile(map, JSON.stringify({ 'Report Run': '' }));
    if (ctx.engine === 'duckdb') await ctx.db.close();
    const run = await keel([...ctx.cliArgs, 'serve', '--port', '0', '--feature-map', map]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`feature map ${map} is invalid: "Report Run": the feature cannot be empty`);
    expect(run.stdout).not.toContain('Keel is serving');
  });
});
