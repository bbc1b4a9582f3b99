/** `keel capacity [--as-of DATE] [--json]` — a thin adapter over csmCapacity. */
import type { Context } from '../../context.js';
import { csmCapacity } from '../../metrics/csm-capacity.js';
import { resolveAsOf } from '../as-of.js';
import { EXIT_OK, formatTable, printJson, printLine } from '../output.js';

export async function capacityCommand(
  ctx: Context,
  options: { asOf?: string; json?: boolean },
): Promise<number> {
  await ctx.db.migrate();
  const report = await csmCapacity(ctx.db, await resolveAsOf(ctx, options.asOf));
  if (options.json) {
    printJson(report);
    return EXIT_OK;
  }
  const money = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  printLine(
    `CSM books on ${report.asOf} (accounts per CSM: high touch 15–50, low 50–100, tech 100–250; ${report.source})\n`,
  );
  printLine(
    formatTable(
      ['csm', 'name', 'high', 'low', 'tech', 'unknown', 'ARR', 'load', 'status'],
      report.books.map((b) => [
        b.csmId,
        b.name,
        b.accounts.high,
        b.accounts.low,
        b.accounts.tech,
        b.accounts.unknown,
        money(b.arr),
        `${(b.load * 100).toFixed(0)}%`,
        b.status,
      ]),
    ),
  );
  const u = report.unassigned.accounts;
  printLine(
    `\nwithout a CSM: ${u.high} high, ${u.low} low, ${u.tech} tech, ${u.unknown} unknown touch (ARR ${money(report.unassigned.arr)})`,
  );
  printLine(
    'load = Σ accounts / the touch model’s maximum book; underloaded = fewer than the smallest book.',
  );
  return EXIT_OK;
}
