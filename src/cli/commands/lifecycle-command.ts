/** `keel lifecycle [--as-of DATE] [--json]` — a thin adapter over lifecycleSummary. */
import type { Context } from '../../context.js';
import { lifecycleSummary, STAGES } from '../../metrics/lifecycle-stages.js';
import { resolveAsOf } from '../as-of.js';
import { EXIT_OK, formatTable, printJson, printLine } from '../output.js';

export async function lifecycleCommand(
  ctx: Context,
  options: { asOf?: string; json?: boolean },
): Promise<number> {
  await ctx.db.migrate();
  const asOf = await resolveAsOf(ctx, options.asOf);
  const summary = await lifecycleSummary(ctx.db, asOf);
  const { counts } = summary;
  if (options.json) {
    printJson(summary);
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
