import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { importFiles } from '../../ingest/import-files.js';
import { describeEachBackend } from '../../test-support/backends.js';
import { sql } from '../sql.js';

describeEachBackend(
  'PostgreSQL first loads',
  (ctx) => {
    it('rebuild every key and index they drop for the COPY', async () => {
      const indexes = () =>
        ctx.db.query<{ indexname: string; indexdef: string }>(
          sql`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('accounts', 'contacts', 'agent_activity') ORDER BY indexname`,
        );
      const before = await indexes();
      expect(before.map((i) => i.indexname)).toEqual([
        'accounts_pkey',
        'agent_activity_key',
        'contacts_account_id',
        'contacts_pkey',
      ]);
      const dir = join(ctx.dir, 'in');
      await mkdir(dir);
      await writeFile(join(dir, 'accounts.csv'), 'id,name,created_at\nacc-1,A,2024-01-01\n');
      await writeFile(join(dir, 'contacts.csv'), 'id,account_id\nc-1,acc-1\n');
      await writeFile(join(dir, 'agents.csv'), 'id,name,role\nag-1,Ann,agent\n');
      await writeFile(
        join(dir, 'agent_activity.csv'),
        'agent_id,day,available_seconds,handle_seconds\nag-1,2024-01-02,100,50\n',
      );
      const report = await importFiles(ctx.db, { paths: [dir], rejectsFile: join(ctx.dir, 'r.csv') });
      expect(report.tables.map((t) => t.inserted)).toEqual([1, 1, 1, 1]);
      expect(await indexes()).toEqual(before);
      // The key is enforced again.
      await expect(
        ctx.db.exec(sql`INSERT INTO accounts (id, name, created_at) VALUES ('acc-1', 'dup', '2024-01-01')`),
      ).rejects.toThrow(/duplicate key/);
    });
  },
  ['postgres'],
);
