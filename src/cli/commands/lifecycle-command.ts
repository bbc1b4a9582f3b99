/** `keel lifecycle [--as-of DATE] [--json]` — a thin adapter over lifecycleStages. */
import type { Context } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { defaultPeriod } from '../../metrics/compute-metrics.js';
import { lifecycleStages, STAGES } from '../../metrics/lifecycle-stages.js';
import { EXIT_OK, formatTable, printJson, printLine } from '../output.js';

export async function lifecycleCommand(
  ctx: Context,
  options: { asOf?: string; json?: boolean },
): Promise<number> {
  await ctx.db.migrate();
  if (options.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf))
    throw new AppError('usage', '--as-of must be YYYY-MM-DD');
  const asOf = options.asOf ?? (await defaultPeriod(ctx.db)).end;
  const accounts = await lifecycleStages(ctx.db, asOf);
  const counts = Object.fromEntries(STAGES.map((s) => [s, accounts.filter((a) => a.stage === s).length]));
  if (options.json) {
    printJson({ asOf, counts, accounts });
    return EXIT_OK;
  }
  printLine(`Lifecycle stages on ${asOf} (rules: src/metrics/lifecycle-stages.ts)\n`);
  printLine(
    formatTable(
      ['stage', 'accounts'],
      STAGES.map((s) => [s, counts[s] ?? 0]),
    ),
  );
  printLine('\n`--json` lists every account with its stage and the date it entered it.');
  return EXIT_OK;
}
