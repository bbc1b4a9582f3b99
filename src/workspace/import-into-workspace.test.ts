import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { sql } from '../db/sql.js';
import { describeEachBackend } from '../test-support/backends.js';
import { importIntoWorkspace } from './import-into-workspace.js';

describeEachBackend('importIntoWorkspace', (ctx) => {
  it('rebuilds the usage facts after an import that brought usage events, and only then', async () => {
    const write = async (folder: string, files: Record<string, string>) => {
      await mkdir(join(ctx.dir, folder), { recursive: true });
      for (const [name, body] of Object.entries(files)) await writeFile(join(ctx.dir, folder, name), body);
      return join(ctx.dir, folder);
    };
    const state = async () => {
      const [s] = await ctx.db.query<{ dirty: boolean; facts: number }>(sql`
        SELECT dirty_from IS NOT NULL AS dirty, (SELECT COUNT(*) FROM usage_facts) AS facts
        FROM usage_facts_state WHERE id = 1`);
      return { dirty: Boolean(s?.dirty), facts: Number(s?.facts) };
    };
    const run = async (path: string) => {
      const messages: string[] = [];
      const report = await importIntoWorkspace(ctx.db, {
        paths: [path],
        strict: true,
        rejectsFile: join(ctx.dir, 'rejects.csv'),
        onProgress: (m) => messages.push(m),
      });
      expect(report.committed).toBe(true);
      return messages.includes('re-keying usage events for analysis');
    };

    // Accounts only: nothing to re-key; a new workspace's facts stay unbuilt until a reader asks.
    const accounts = await write('accounts', { 'accounts.csv': 'id,name,created_at\nA,A Inc,2024-01-01\n' });
    expect(await run(accounts)).toBe(false);
    expect(await state()).toEqual({ dirty: true, facts: 0 });

    // Three usage events: built right after the import, one fact per event.
    const usage = await write('usage', {
      'usage_events.csv': [
        'id,account_id,user_id,event,feature,occurred_at',
        'e1,A,u1,use,reports,2025-06-01T10:00:00Z',
        'e2,A,u1,use,export,2025-06-01T10:20:00Z',
        'e3,A,u2,use,reports,2025-06-02T09:00:00Z',
      ].join('\n'),
    });
    expect(await run(usage)).toBe(true);
    expect(await state()).toEqual({ dirty: false, facts: 3 });
  });
});
