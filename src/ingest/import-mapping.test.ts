import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { sql } from '../db/sql.js';
import { describeEachBackend } from '../test-support/backends.js';
import { importFiles } from './import-files.js';
import { loadImportMapping } from './import-mapping.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const KAGGLE = join(ROOT, '../shared/data/support_tickets_kaggle/customer_support_tickets.csv');
const MAP = join(ROOT, 'docs/examples/kaggle-support-tickets.map.json');
const haveData = existsSync(KAGGLE);

describeEachBackend('import --map on a raw helpdesk export', (ctx) => {
  it.skipIf(!haveData)(
    `maps the Kaggle support-ticket export (${haveData ? 'found' : 'skipped: ../shared/data is absent'})`,
    async () => {
      const report = await importFiles(ctx.db, {
        paths: [KAGGLE],
        mapping: await loadImportMapping(MAP),
        rejectsFile: join(ctx.dir, 'rejects.csv'),
      });
      // The data set's README: 8,469 tickets; in 1,365 of the 2,769 closed ones resolution precedes first response.
      expect(report.tables[0]).toMatchObject({ table: 'tickets', read: 8469, inserted: 8469, rejected: 0 });
      expect(report.warnings.find((w) => w.check === 'resolved_before_response')?.rows).toBe(1365);
      const rows = await ctx.db.query<{ channel: string; n: number }>(
        sql`SELECT channel, COUNT(*) AS n FROM tickets GROUP BY channel ORDER BY channel`,
      );
      expect(rows.map((r) => r.channel)).toEqual(['chat', 'email', 'phone', 'social']);
      const [closed] = await ctx.db.query<{ n: number }>(
        sql`SELECT COUNT(*) AS n FROM tickets WHERE resolved_at IS NOT NULL`,
      );
      expect(Number(closed?.n)).toBe(2769);
      // Ticket 1's description spans several lines in the file and arrives intact.
      const [one] = await ctx.db.query<{ description: string }>(
        sql`SELECT description FROM tickets WHERE id = '1'`,
      );
      expect(one?.description.split('\n').length).toBeGreaterThan(3);
    },
  );
});

it('rejects a malformed mapping file with the path of the problem', async () => {
  const { writeFile, mkdtemp } = await import('node:fs/promises');
  const dir = await mkdtemp('/tmp/keel-map-');
  const path = join(dir, 'm.json');
  await writeFile(path, JSON.stringify({ files: { 'x.csv': { table: 'tickes' } } }));
  await expect(loadImportMapping(path)).rejects.toThrow(/files\.x\.csv\.table/);
});
