/** `keel lifecycle [--as-of DATE] [--json]` — a thin adapter over lifecycleStages. */
import type { Context } from '../../context.js';
import { lifecycleStages, STAGES } from '../../metrics/lifecycle-stages.js';
import { resolveAsOf } from '../as-of.js';
import { EXIT_OK, formatTable, printJson, printLine } from '../output.js';

export async function lifecycleCommand(
  ctx: Context,
  options: { asOf?: string; json?: boolean },
): Promise<number> {
  await ctx.db.migrate();
  const asOf = await resolveAsOf(ctx, options.asOf);
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
