import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Analytics } from '@segment/analytics-node';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { createKey } from '../../access/api-keys.js';
import { sql } from '../../db/sql.js';
import { computeMetrics } from '../../metrics/compute-metrics.js';
import { parsePeriod } from '../../metrics/period.js';
import { readMeasures } from '../../scoring/measures.js';
import { apiHarness } from '../../test-support/api-harness.js';
import { describeEachBackend, type BackendContext } from '../../test-support/backends.js';
import { importFixture } from '../../test-support/fixtures.js';
import { KeyVerifier, type ApiEnv } from '../auth.js';
import { startServer, type RunningServer } from '../server.js';
import { registerTrackingRoutes, type TrackingRouteOptions } from './tracking-routes.js';

const silent = pino({ level: 'silent' });
const basic = (key: string, colon = true) =>
  `Basic ${Buffer.from(colon ? `${key}:` : key).toString('base64')}`;

async function startKeel(ctx: BackendContext): Promise<RunningServer> {
  return startServer({
    ctx: { config: ctx.config, db: ctx.db, close: async () => undefined },
    logger: silent,
    port: 0,
    host: '127.0.0.1',
  });
}

/** The tracking routes alone on a real socket, with options the app factory does not pass (a low rate limit). */
async function startTrackingOnly(ctx: BackendContext, options: TrackingRouteOptions) {
  const app = new OpenAPIHono<ApiEnv>();
  registerTrackingRoutes(
    app,
    { ctx: { ...ctx, close: async () => undefined }, verifier: new KeyVerifier(ctx.db), logger: silent },
    options,
  );
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * An HTTP proxy that forwards every request to Keel but, for the first one, drops the client's connection after
 * Keel has answered: Keel committed the batch, the client saw a network error and will send it again.
 */
async function flakyProxy(target: string) {
  const seen: { retryCount: string | undefined; status: number; dropped: boolean }[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const upstream = await fetch(`${target}${req.url ?? '/'}`, {
        method: req.method ?? 'POST',
        headers: {
          'content-type': req.headers['content-type'] ?? 'application/json',
          authorization: req.headers.authorization ?? '',
        },
        body,
      });
      const text = await upstream.text();
      const dropped = seen.length === 0;
      seen.push({
        retryCount: req.headers['x-retry-count'] as string | undefined,
        status: upstream.status,
        dropped,
      });
      if (dropped) {
        req.socket.destroy();
        return;
      }
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text);
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

describeEachBackend('tracking API (/v1)', (ctx) => {
  const count = async (q: ReturnType<typeof sql>) =>
    Number((await ctx.db.query<{ n: number }>(q))[0]?.n ?? Number.NaN);

  it('is in /openapi.json: every /v1 route with its body schema and the write-key scheme', async () => {
    const api = await apiHarness(ctx);
    const doc = (await (await api.call('/openapi.json', { as: null })).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            security?: unknown;
            requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
          }
        >
      >;
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
    };
    for (const type of ['batch', 'track', 'identify', 'group', 'page', 'screen', 'alias']) {
      const op = doc.paths[`/v1/${type}`]?.post;
      expect(op?.security, type).toEqual([{ writeKey: [] }]);
      const props = op?.requestBody?.content['application/json']?.schema.properties ?? {};
      expect(Object.keys(props), type).toContain(type === 'batch' ? 'batch' : 'messageId');
      expect(Object.keys(props), type).toContain('writeKey');
    }
    expect(doc.components.securitySchemes.writeKey).toMatchObject({ type: 'http', scheme: 'basic' });
    expect(doc.paths['/api/ingestion']?.get).toMatchObject({ 'x-keel-role': 'manager' });
    // Hono serves exactly the documented /v1 routes.
    const served = api.app.routes
      .filter((r) => r.path.startsWith('/v1/') && r.method === 'POST')
      .map((r) => r.path);
    expect(new Set(served)).toEqual(new Set(Object.keys(doc.paths).filter((p) => p.startsWith('/v1/'))));
  });

  it('takes 1,000 events from @segment/analytics-node in many batches and stores each exactly once', async () => {
    await ctx.db.migrate();
    const writeKey = (await createKey(ctx.db, { kind: 'write' })).secret;
    const server = await startKeel(ctx);
    try {
      const analytics = new Analytics({ writeKey, host: server.url, flushAt: 37, flushInterval: 50 });
      const errors: unknown[] = [];
      let requests = 0;
      analytics.on('error', (e) => errors.push(e));
      analytics.on('http_request', () => requests++);
      analytics.group({ userId: 'u0', groupId: 'acme', traits: { name: 'Acme' }, messageId: 'group-0' });
      analytics.group({ userId: 'u1', groupId: 'beta', traits: { name: 'Beta' }, messageId: 'group-1' });
      for (let i = 0; i < 1000; i++)
        analytics.track({
          userId: `u${i % 2}`,
          event: 'report_run',
          messageId: `evt-${i}`,
          properties: { feature: 'reports', i },
        });
      await analytics.closeAndFlush({ timeout: 30_000 });
      expect(errors).toEqual([]);
      // 1,002 events at 37 per batch: at least 28 requests.
      expect(requests).toBeGreaterThanOrEqual(28);
      const rows = await ctx.db.query<{ id: string; account_id: string; feature: string }>(
        sql`SELECT id, account_id, feature FROM usage_events`,
      );
      expect(rows.length).toBe(1000);
      expect(new Set(rows.map((r) => r.id.slice(r.id.indexOf(':') + 1)))).toEqual(
        new Set(Array.from({ length: 1000 }, (_, i) => `evt-${i}`)),
      );
      // Even events are u0's (acme), odd ones u1's (beta): 500 each.
      expect(rows.filter((r) => r.account_id === 'acme').length).toBe(500);
      expect(rows.every((r) => r.feature === 'reports')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('a batch whose response was lost is retried by the client and still stored once', async () => {
    await ctx.db.migrate();
    const writeKey = (await createKey(ctx.db, { kind: 'write' })).secret;
    const server = await startKeel(ctx);
    const proxy = await flakyProxy(server.url);
    try {
      const analytics = new Analytics({ writeKey, host: proxy.url, flushAt: 50, flushInterval: 20 });
      const errors: unknown[] = [];
      analytics.on('error', (e) => errors.push(e));
      analytics.group({ userId: 'u1', groupId: 'acme', messageId: 'g' });
      for (let i = 0; i < 149; i++) analytics.track({ userId: 'u1', event: 'e', messageId: `m${i}` });
      await analytics.closeAndFlush({ timeout: 30_000 });
      expect(errors).toEqual([]);
      // The first batch was committed, its answer dropped, then sent again with X-Retry-Count.
      expect(proxy.seen[0]).toEqual({ retryCount: undefined, status: 200, dropped: true });
      expect(proxy.seen.some((s) => s.retryCount === '1' && s.status === 200)).toBe(true);
      expect(await count(sql`SELECT COUNT(*) AS n FROM usage_events`)).toBe(149);
      expect(await count(sql`SELECT COUNT(DISTINCT id) AS n FROM usage_events`)).toBe(149);
      // The retry was counted: all its events were duplicates.
      expect(await count(sql`SELECT SUM(duplicates) AS n FROM tracking_batches`)).toBe(50);
    } finally {
      await proxy.close();
      await server.close();
    }
  });

  it('usage from the Segment client shows up in metrics and health exactly once, across a retried batch', async () => {
    await importFixture(ctx, {
      'accounts.csv': 'id,name,licensed_seats,created_at\nacme,Acme,10,2024-01-01',
      'subscriptions.csv': 'id,account_id,mrr,started_at\ns1,acme,500,2024-01-01',
      'features.csv': 'key,is_core\nreports,true\nexport,true',
    });
    const writeKey = (await createKey(ctx.db, { kind: 'write' })).secret;
    const server = await startKeel(ctx);
    const proxy = await flakyProxy(server.url);
    try {
      const analytics = new Analytics({ writeKey, host: proxy.url, flushAt: 3, flushInterval: 20 });
      const errors: unknown[] = [];
      analytics.on('error', (e) => errors.push(e));
      for (const u of ['u1', 'u2', 'u3', 'u4'])
        analytics.group({ userId: u, groupId: 'acme', messageId: `g-${u}` });
      // Five events by four users in June 2025; the last on 06-25 10:00.
      const events: [string, string][] = [
        ['u1', '2025-06-10T10:00:00Z'],
        ['u1', '2025-06-11T10:00:00Z'],
        ['u2', '2025-06-10T11:00:00Z'],
        ['u3', '2025-06-20T09:00:00Z'],
        ['u4', '2025-06-25T10:00:00Z'],
      ];
      events.forEach(([userId, at], i) =>
        analytics.track({
          userId,
          event: 'report_run',
          messageId: `t${i}`,
          timestamp: new Date(at),
          properties: { feature: 'reports' },
        }),
      );
      await analytics.closeAndFlush({ timeout: 30_000 });
      expect(errors).toEqual([]);
      expect(proxy.seen[0]?.dropped).toBe(true); // the first batch was answered, the answer lost, and re-sent
      expect(await count(sql`SELECT COUNT(*) AS n FROM usage_events`)).toBe(5);

      // Health on 07-01: 4 of 10 seats active in the last 30 days → 0.4; last seen 06-25 10:00 → 5 days 14 hours;
      // 1 of 2 core features used → 0.5.
      const [m] = await readMeasures(ctx.db, '2025-07-01');
      expect(m?.values.active_user_rate).toBeCloseTo(0.4, 12);
      // Segment's clock-skew correction (receivedAt − (sentAt − timestamp)) moves each time by the request's
      // latency, tens of milliseconds on a busy machine: to the minute (5e-4 days ≈ 43 s) is exact enough.
      expect(m?.values.last_seen_days).toBeCloseTo(5 + 14 / 24, 3);
      expect(m?.values.feature_breadth).toBeCloseTo(0.5, 12);
      // The catalog for June: MAU rate 4 users / 10 seats; core feature adoption: reports used, export not → 0.5.
      const june = await computeMetrics(ctx.db, {
        period: parsePeriod('2025-06') ?? undefined,
        ids: ['monthly_active_user_rate', 'core_feature_adoption_rate'],
      });
      expect(june.metrics.map((x) => [x.id, x.value])).toEqual([
        ['monthly_active_user_rate', 0.4],
        ['core_feature_adoption_rate', 0.5],
      ]);
    } finally {
      await proxy.close();
      await server.close();
    }
  });

  it('accepts the write key in all three forms and refuses missing, unknown and API keys', async () => {
    const api = await apiHarness(ctx);
    const post = (path: string, body: unknown, authorization?: string) =>
      api.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(body),
      });
    const ev = (i: number) => ({ userId: 'u', event: 'e', messageId: `m${i}` });
    const unknown = 'keel_wk_000000000000_' + 'A'.repeat(32);
    // 1. HTTP Basic, username = write key (with or without the colon).
    expect((await post('/v1/track', ev(1), basic(api.writeKey))).status).toBe(200);
    expect((await post('/v1/track', ev(2), basic(api.writeKey, false))).status).toBe(200);
    // 2. writeKey in the body.
    expect(
      (await post('/v1/batch', { writeKey: api.writeKey, batch: [{ type: 'track', ...ev(3) }] })).status,
    ).toBe(200);
    expect((await post('/v1/track', { ...ev(4), writeKey: api.writeKey })).status).toBe(200);
    // 3. Bearer token plus writeKey in the body.
    expect(
      (await post('/v1/track', { ...ev(5), writeKey: api.writeKey }, 'Bearer some-oauth-token')).status,
    ).toBe(200);
    expect(await count(sql`SELECT COUNT(*) AS n FROM tracking_messages`)).toBe(5);

    const refused = [
      await post('/v1/track', ev(6)),
      await post('/v1/track', ev(6), basic(unknown)),
      await post('/v1/track', ev(6), basic('')),
      await post('/v1/track', { ...ev(6), writeKey: unknown }),
      await post('/v1/track', { ...ev(6), writeKey: unknown }, basic(api.writeKey)), // the body's key decides
      await post('/v1/track', ev(6), `Bearer ${api.writeKey}`), // Bearer alone is not a write key
      await post('/v1/batch', { writeKey: 'nonsense', batch: [] }),
    ];
    for (const r of refused) {
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toContain('Basic');
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    const apiKey = await post('/v1/track', ev(7), basic(api.keys.admin));
    expect(apiKey.status).toBe(403);
    expect(await count(sql`SELECT COUNT(*) AS n FROM tracking_messages`)).toBe(5);
  });

  it('answers 400 only for malformed or oversize requests, and logs them against the write key', async () => {
    const api = await apiHarness(ctx);
    const send = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
      api.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic(api.writeKey), ...headers },
        body,
      });
    const ev = (i: number, extra: Record<string, unknown> = {}) => ({
      type: 'track',
      userId: 'u',
      event: 'e',
      messageId: `m${i}`,
      ...extra,
    });
    const errorOf = async (r: Response) => [
      r.status,
      ((await r.json()) as { error: { message: string } }).error.message,
    ];

    expect(await errorOf(await send('/v1/batch', '{"batch": ['))).toEqual([
      400,
      'the body is not valid JSON',
    ]);
    expect(await errorOf(await send('/v1/batch', '[]'))).toEqual([400, 'the body must be a JSON object']);
    expect(await errorOf(await send('/v1/batch', '{"batch": {}}'))).toEqual([
      400,
      'the body needs a batch array',
    ]);
    expect(await errorOf(await send('/v1/batch', new Uint8Array([0x7b, 0xff, 0x7d])))).toEqual([
      400,
      'the body is not valid UTF-8',
    ]);
    // Over 500 KB (512,000 bytes) per request, 32 KB (32,768 bytes) for a single event.
    const big = JSON.stringify({ batch: [ev(1, { properties: { pad: 'x'.repeat(500 * 1024) } })] });
    expect(await errorOf(await send('/v1/batch', big))).toEqual([
      400,
      'the request is over the 500 KB limit',
    ]);
    const bigOne = JSON.stringify(ev(2, { properties: { pad: 'x'.repeat(32 * 1024) } }));
    expect(await errorOf(await send('/v1/track', bigOne))).toEqual([
      400,
      'the request is over the 32 KB limit',
    ]);
    // Over 2,500 events.
    const many = JSON.stringify({ batch: Array.from({ length: 2501 }, (_, i) => ev(i)) });
    expect(await errorOf(await send('/v1/batch', many))).toEqual([
      400,
      'the batch has 2501 events; the limit is 2500',
    ]);
    // 2,500 is fine.
    const most = JSON.stringify({ batch: Array.from({ length: 2500 }, (_, i) => ev(i)) });
    expect((await send('/v1/batch', most)).status).toBe(200);
    // An oversize event inside a valid batch is an invalid event, not a failed batch: the others are kept.
    const mixed = JSON.stringify({
      batch: [ev(9001), ev(9002, { properties: { pad: 'x'.repeat(33 * 1024) } }), ev(9003)],
    });
    const ok = await send('/v1/batch', mixed);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      success: true,
      received: 3,
      accepted: 2,
      duplicates: 0,
      invalid: 1,
      held: 2,
      attributed: 0,
    });
    // gzip bodies are taken; one that inflates past the limit is refused.
    const zipped = await send('/v1/batch', gzipSync(JSON.stringify({ batch: [ev(9004)] })), {
      'content-encoding': 'gzip',
    });
    expect(await zipped.json()).toMatchObject({ accepted: 1 });
    const bomb = gzipSync(JSON.stringify({ batch: [], pad: ' '.repeat(600 * 1024) }));
    expect(bomb.length).toBeLessThan(10_000);
    expect(await errorOf(await send('/v1/batch', bomb, { 'content-encoding': 'gzip' }))).toEqual([
      400,
      'the gzip body is corrupt or inflates past the 500 KB limit',
    ]);
    expect(await count(sql`SELECT COUNT(*) AS n FROM tracking_batches WHERE status = 400`)).toBe(8);
    expect(await count(sql`SELECT COUNT(*) AS n FROM tracking_invalid WHERE reason = 'too_large'`)).toBe(1);
  });

  it('429 with Retry-After when a write key is over its rate; the Segment client waits and delivers once', async () => {
    await ctx.db.migrate();
    const writeKey = (await createKey(ctx.db, { kind: 'write' })).secret;
    const server = await startTrackingOnly(ctx, { rateLimit: { perSecond: 1, burst: 2 } });
    try {
      const post = () =>
        fetch(`${server.url}/v1/track`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: basic(writeKey) },
          body: JSON.stringify({ userId: 'u', event: 'e' }),
        });
      expect([(await post()).status, (await post()).status]).toEqual([200, 200]);
      const limited = await post();
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');

      await sleep(2_100); // the bucket refills to its burst of 2
      const analytics = new Analytics({ writeKey, host: server.url, flushAt: 5, flushInterval: 10 });
      const statuses: number[] = [];
      analytics.on('http_request', () => undefined);
      analytics.on('error', (e) => statuses.push(-1) && void e);
      for (let i = 0; i < 20; i++) analytics.track({ userId: 'u', event: 'e', messageId: `r${i}` });
      await analytics.closeAndFlush({ timeout: 30_000 });
      expect(statuses).toEqual([]);
      // 2 + 20 events, each once, although 4 batches of 5 met a bucket with room for 2 requests.
      expect(await count(sql`SELECT COUNT(*) AS n FROM tracking_messages`)).toBe(22);
    } finally {
      await server.close();
    }
  });

  it('holds, attributes and upserts through the HTTP API, and GET /api/ingestion reports it', async () => {
    const api = await apiHarness(ctx);
    const post = (path: string, body: unknown) =>
      api.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic(api.writeKey) },
        body: JSON.stringify(body),
      });
    const held = await post('/v1/track', {
      userId: 'u1',
      event: 'login',
      messageId: 't1',
      timestamp: '2025-05-01T09:00:00Z',
    });
    expect(await held.json()).toMatchObject({ accepted: 1, held: 1 });
    await post('/v1/page', { anonymousId: 'a1', name: 'Docs', messageId: 'p1' });
    await post('/v1/identify', {
      userId: 'u1',
      messageId: 'i1',
      traits: { email: 'u1@x.test', title: 'CTO', role: 'executive' },
    });
    await post('/v1/alias', { previousId: 'a1', userId: 'u1', messageId: 'a1' });
    const group = await post('/v1/group', {
      userId: 'u1',
      groupId: 'acme',
      messageId: 'g1',
      timestamp: '2025-05-01T08:00:00Z',
      traits: { name: 'Acme', plan: 'team' },
    });
    // The track, the page (through the alias) and the identify were waiting for this.
    expect(await group.json()).toMatchObject({ accepted: 1, attributed: 3 });
    await post('/v1/screen', { userId: 'u1', name: 'Home', messageId: 's1' });
    await post('/v1/track', { userId: 'u1', messageId: 'bad' }); // no event: invalid
    const events = await ctx.db.query(sql`
      SELECT id, account_id, user_id, event, CAST(occurred_at AS TEXT) AS occurred_at FROM usage_events ORDER BY id`);
    const k =
      (await ctx.db.query<{ id: string }>(sql`SELECT id FROM api_keys WHERE kind = 'write'`))[0]?.id ?? '';
    expect(events.map((e) => [e.id, e.account_id, e.user_id, e.event])).toEqual([
      [`${k}:p1`, 'acme', 'u1', 'page_viewed'],
      [`${k}:s1`, 'acme', 'u1', 'screen_viewed'],
      [`${k}:t1`, 'acme', 'u1', 'login'],
    ]);
    expect(events.find((e) => e.id === `${k}:t1`)?.occurred_at).toBe('2025-05-01 09:00:00');
    expect(await ctx.db.query(sql`SELECT id, account_id, email, title, role FROM contacts`)).toEqual([
      { id: 'u1', account_id: 'acme', email: 'u1@x.test', title: 'CTO', role: 'executive' },
    ]);
    expect(
      await ctx.db.query(sql`SELECT id, name, plan, CAST(created_at AS TEXT) AS c FROM accounts`),
    ).toEqual([{ id: 'acme', name: 'Acme', plan: 'team', c: '2025-05-01 08:00:00' }]);

    expect((await api.call('/api/ingestion', { as: 'csm' })).status).toBe(403);
    const report = (await (await api.call('/api/ingestion', { as: 'manager' })).json()) as {
      keys: Record<string, unknown>[];
      writeKeys: { id: string }[];
      recentInvalid: { reason: string }[];
      pending: { total: number };
      thisProcess: { unauthorized: number };
    };
    expect(report.keys).toEqual([
      expect.objectContaining({
        writeKeyId: k,
        requests: 7,
        received: 7,
        accepted: 6,
        duplicates: 0,
        invalid: 1,
        held: 3,
        attributed: 3,
        invalidReasons: [{ reason: 'missing_event', count: 1 }],
      }),
    ]);
    expect(report.writeKeys.map((w) => w.id)).toEqual([k]);
    expect(report.recentInvalid.map((i) => i.reason)).toEqual(['missing_event']);
    expect(report.pending.total).toBe(0);
    expect((await api.call('/api/ingestion?since=last-week', { as: 'manager' })).status).toBe(400);
  });

  it('closing the server waits for a batch in flight, which is committed and answered 200', async () => {
    await ctx.db.migrate();
    const writeKey = (await createKey(ctx.db, { kind: 'write' })).secret;
    const server = await startKeel(ctx);
    // Keep the database busy so the request is still waiting for its commit when the server is told to close
    // (DuckDB: its one connection is taken; PostgreSQL: every pooled connection is).
    const busy = Promise.all(Array.from({ length: 4 }, () => ctx.db.transaction(() => sleep(300))));
    const response = fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(writeKey) },
      body: JSON.stringify({
        batch: [
          { type: 'group', userId: 'u', groupId: 'g', messageId: 'g' },
          { type: 'track', userId: 'u', event: 'e', messageId: 'late' },
        ],
      }),
    });
    await sleep(100);
    const closed = server.close();
    const r = await response;
    expect(r.status).toBe(200);
    await closed;
    await busy;
    expect(await count(sql`SELECT COUNT(*) AS n FROM usage_events`)).toBe(1);
  });
});
