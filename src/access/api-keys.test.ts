import { expect, it } from 'vitest';
import { sql } from '../db/sql.js';
import { describeEachBackend } from '../test-support/backends.js';
import { createKey, listKeys, revokeKey, roleAtLeast, verifyKey } from './api-keys.js';

it('orders roles viewer < csm < manager < admin', () => {
  expect(roleAtLeast('admin', 'manager')).toBe(true);
  expect(roleAtLeast('csm', 'csm')).toBe(true);
  expect(roleAtLeast('csm', 'manager')).toBe(false);
  expect(roleAtLeast('viewer', 'csm')).toBe(false);
});

describeEachBackend('API keys', (ctx) => {
  it('shows a secret once, stores only its hash, verifies and revokes', async () => {
    await ctx.db.migrate();
    const api = await createKey(ctx.db, { kind: 'api', role: 'csm', name: 'ana' });
    const write = await createKey(ctx.db, { kind: 'write' });
    expect(api.secret).toMatch(new RegExp(`^keel_api_${api.key.id}_`));
    expect(write.secret).toMatch(/^keel_wk_/);
    expect(write.key).toMatchObject({ kind: 'write', role: null, name: 'write key' });

    // Neither secret is stored anywhere in the table.
    const rows = await ctx.db.query<Record<string, unknown>>(sql`SELECT * FROM api_keys`);
    expect(JSON.stringify(rows)).not.toContain(api.secret.slice(-32));
    expect(JSON.stringify(rows)).not.toContain(write.secret.slice(-32));

    expect(await verifyKey(ctx.db, api.secret)).toMatchObject({ id: api.key.id, kind: 'api', role: 'csm' });
    expect(await verifyKey(ctx.db, write.secret)).toMatchObject({ kind: 'write', role: null });
    const tampered = api.secret.slice(0, -1) + (api.secret.endsWith('A') ? 'B' : 'A');
    expect(await verifyKey(ctx.db, tampered)).toBeNull();
    expect(await verifyKey(ctx.db, "' OR 1=1 --")).toBeNull();

    const listed = (await listKeys(ctx.db)).sort((a, b) => a.kind.localeCompare(b.kind));
    expect(listed.map((k) => [k.id, k.kind, k.role, k.revokedAt])).toEqual([
      [api.key.id, 'api', 'csm', null],
      [write.key.id, 'write', null, null],
    ]);
    expect(await revokeKey(ctx.db, api.key.id)).toBe(true);
    expect(await revokeKey(ctx.db, api.key.id)).toBe(false);
    expect(await verifyKey(ctx.db, api.secret)).toBeNull();
    expect((await listKeys(ctx.db)).find((k) => k.id === api.key.id)?.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});
