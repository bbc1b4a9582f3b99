/** `keel export DIR [--format csv|parquet]` — a thin adapter over exportTables. */
import type { Context } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { exportTables } from '../../export/export-tables.js';
import { EXIT_OK, formatTable, printJson, printLine, progressLine } from '../output.js';

export async function exportCommand(
  ctx: Context,
  dir: string,
  options: { format?: string; json?: boolean },
): Promise<number> {
  const format = options.format ?? 'csv';
  if (format !== 'csv' && format !== 'parquet')
    throw new AppError('usage', `--format must be csv or parquet, not ${format}`);
  await ctx.db.migrate();
  const progress = progressLine(!options.json);
  const tables = await exportTables(ctx.db, { dir, format, onProgress: (m) => progress.update(m) });
  progress.done();
  if (options.json) printJson({ format, tables });
  else
    printLine(
      formatTable(
        ['table', 'rows', 'file'],
        tables.map((t) => [t.table, t.rows, t.path]),
      ),
    );
  return EXIT_OK;
}
