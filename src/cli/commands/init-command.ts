/** `keel init` — create or migrate the workspace; idempotent. */
import type { Context } from '../../context.js';
import { countRows } from '../../db/table-rows.js';
import { EXIT_OK, printJson, printLine } from '../output.js';

export async function initCommand(ctx: Context, options: { json?: boolean }): Promise<number> {
  const applied = await ctx.db.migrate();
  const counts = await countRows(ctx.db);
  const rows = counts.reduce((sum, c) => sum + c.rows, 0);
  if (options.json) printJson({ workspace: ctx.db.description, migrationsApplied: applied, rows });
  else {
    printLine(`workspace: ${ctx.db.description}`);
    printLine(applied.length ? `applied migrations: ${applied.join(', ')}` : 'schema is up to date');
    printLine(`${rows.toLocaleString('en-US')} rows in ${counts.length} canonical tables`);
  }
  return EXIT_OK;
}
