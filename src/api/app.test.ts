import { expect, it } from 'vitest';
import { ROLES, type Role } from '../access/api-keys.js';
import { sql } from '../db/sql.js';
import { apiHarness } from '../test-support/api-harness.js';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';

interface Operation {
  'x-keel-role'?: Role;
  security?: unknown[];
}

describeEachBackend('HTTP API', (ctx) => {
  it('publishes every route in /openapi.json and refuses a missing, unknown or too-weak key on each', async () => {
    const api = await apiHarness(ctx);
    const doc = (await (await api.call('/openapi.json', { as: null })).json()) as {
      openapi: string;
      paths: Record<string, Record<string, Operation>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    // Every route the app serves under /api is in the document (Hono's own route list vs the document).
    const served = api.app.routes
      .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    // The /v1 tracking routes are documented too; tracking-routes.test.ts checks those.
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
    expect(served.length).toBeGreaterThan(5);
    expect(new Set(documented)).toEqual(new Set(served));

    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!path.startsWith('/api/')) continue;
        const role = op['x-keel-role'];
        expect(role, `${method} ${path} declares its role`).toBeDefined();
        expect(op.security, `${method} ${path} declares bearer auth`).toEqual([{ bearerAuth: [] }]);
        const url = path.replace(/\{\w+\}/g, 'x');
        const send = (as: Role | null | { secret: string }) =>
          api.call(url, { as, method: method.toUpperCase(), ...(method === 'post' ? { body: {} } : {}) });
        const none = await send(null);
        expect(none.status, `${method} ${path} without a key`).toBe(401);
        expect(await none.json()).toMatchObject({ error: { code: 'unauthorized' } });
        expect((await send({ secret: 'keel_api_000000000000_' + 'A'.repeat(32) })).status).toBe(401);
        expect((await send({ secret: api.writeKey })).status, `${method} ${path} with a write key`).toBe(403);
        const below = ROLES[ROLES.indexOf(role ?? 'admin') - 1];
        if (below) {
          const weak = await send(below);
          expect(weak.status, `${method} ${path} as ${below}`).toBe(403);
          expect(((await weak.json()) as { error: { message: string } }).error.message).toContain(role);
        }
        const ok = await send(role ?? 'admin');
        expect([401, 403], `${method} ${path} as ${role}`).not.toContain(ok.status);
      }
    }
  });

  it('answers in one error shape, without SQL or stack traces', async () => {
    const api = await apiHarness(ctx);
    await importFixture(ctx, {
      'accounts.csv': 'id,name,created_at\nA,A,2025-01-01',
      'subscriptions.csv': 'id,account_id,mrr,started_at\ns1,A,100,2025-01-01',
    });
    const bad = await api.call('/api/metrics?period=2025-13');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { code: 'usage', message: 'period must be YYYY-MM, YYYY-Qn or YYYY, not "2025-13"' },
    });
    const badBy = await api.call('/api/metrics?by=colour');
    expect(badBy.status).toBe(400);
    expect(((await badBy.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    const unknown = await api.call('/api/metrics/no_such_metric');
    expect(unknown.status).toBe(404);
    const missing = await api.call('/api/health/nobody?asOf=2025-03-01');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'not_found', message: 'account nobody does not exist or was not paying on 2025-03-01' },
    });
    const route = await api.call('/api/nothing-here');
    expect(route.status).toBe(404);
    // A database fault is a 500 with a generic message: the SQL error stays in the server log.
    await ctx.db.exec(sql`DROP TABLE subscriptions`);
    const fault = await api.call('/api/metrics?period=2025-02');
    expect(fault.status).toBe(500);
    const text = await fault.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'database', message: 'internal error; the server log has the details' },
    });
    expect(text).not.toMatch(/SELECT|subscriptions|at \w+ \(/);
  });
});
