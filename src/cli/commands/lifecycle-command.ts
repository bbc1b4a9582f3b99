/** `keel lifecycle [--as-of DATE] [--json]` — a thin adapter over workspace/lifecycle-report.ts. */
import type { Context } from '../../context.js';
import { STAGES } from '../../metrics/lifecycle-stages.js';
import { lifecycleReport } from '../../workspace/lifecycle-report.js';
import { resolveAsOf } from '../as-of.js';
import { EXIT_OK, formatMetricValue, formatTable, printJson, printLine } from '../output.js';

export async function lifecycleCommand(
  ctx: Context,
  options: { asOf?: string; json?: boolean },
): Promise<number> {
  await ctx.db.migrate();
  const asOf = await resolveAsOf(ctx, options.asOf);
  const report = await lifecycleReport(ctx.db, ctx.config, asOf);
  if (options.json) {
    printJson(report);
    return EXIT_OK;
  }
  printLine(`Lifecycle stages on ${asOf} (rules: src/metrics/lifecycle-stages.ts)\n`);
  printLine(
    formatTable(
      ['stage', 'accounts'],
      STAGES.map((s) => [s, report.counts[s]]),
    ),
  );
  const { period, stages } = report.stageMetrics;
  printLine(`\nEach stage's metrics for ${period.label}, against the seed's benchmarks:\n`);
  printLine(
    formatTable(
      ['stage', 'metric', 'value', 'tier'],
      stages.flatMap((s) =>
        s.metrics.map((m, i) => [
          i === 0 ? s.stage : '',
          m.name,
          formatMetricValue(m.value, m.unit),
          m.benchmark.tier ?? (m.value === null ? (m.reason ?? '') : ''),
        ]),
      ),
    ),
  );
  printLine('\n`--json` lists every account with its stage and the date it entered it.');
  return EXIT_OK;
}
