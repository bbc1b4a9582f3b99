/** `keel metrics [--period P] [--json] [--explain ID]` — a thin adapter over workspace/metrics-report.ts. */
import type { Context } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { NO_BENCHMARK } from '../../metrics/benchmarks.js';
import { findMetric, METRICS } from '../../metrics/metric-catalog.js';
import type { MetricsReport } from '../../metrics/compute-metrics.js';
import { explainMetric, metricsReport } from '../../workspace/metrics-report.js';
import { EXIT_OK, formatMetricValue, formatTable, printJson, printLine } from '../output.js';

export interface MetricsCommandOptions {
  readonly period?: string;
  readonly by?: string;
  readonly explain?: string;
  readonly json?: boolean;
}

async function explain(ctx: Context, id: string, options: MetricsCommandOptions): Promise<number> {
  // An unknown id is a usage error on the command line (exit 2); the API answers 404 for it.
  if (!findMetric(id))
    throw new AppError(
      'usage',
      `unknown metric ${JSON.stringify(id)}; known: ${METRICS.map((m) => m.id).join(', ')}`,
    );
  const e = await explainMetric(ctx.db, id, options.period);
  const { metric, period, sql, params, benchmark } = e;
  if (options.json) {
    printJson({ ...metric, period, sql, params, benchmark });
    return EXIT_OK;
  }
  printLine(`${metric.id} — ${metric.name} (${metric.stage}, ${metric.unit}, ${metric.direction} is better)`);
  printLine(`\n${metric.definition}`);
  if (sql !== null) {
    printLine(`\nSQL (query family ${metric.query}, for ${period.label}):\n${sql}`);
    printLine(`\nparameters: ${params.map((p, i) => `$${i + 1} = ${JSON.stringify(p)}`).join(', ')}`);
  } else {
    printLine(
      `\nComputed from the health scores on ${period.end} (see \`keel health --as-of ${period.end}\`).`,
    );
  }
  if (benchmark) printLine(`\nbenchmark: ${benchmark.note}\nsource: ${benchmark.source}`);
  return EXIT_OK;
}

function printSlices(report: MetricsReport): void {
  const slices = report.slices ?? [];
  const label = (v: string | null) => v ?? '(none)';
  const rows = report.metrics
    .filter((m) => slices.some((sl) => sl.metrics.some((x) => x.id === m.id)))
    .map((m) => [
      m.id,
      formatMetricValue(m.value, m.unit),
      ...slices.map((sl) => {
        const part = sl.metrics.find((x) => x.id === m.id);
        return part ? formatMetricValue(part.value, part.unit) : '';
      }),
    ]);
  printLine(formatTable(['metric', 'all', ...slices.map((sl) => label(sl.value))], rows));
}

export async function metricsCommand(ctx: Context, options: MetricsCommandOptions): Promise<number> {
  await ctx.db.migrate();
  if (options.explain) return explain(ctx, options.explain, options);
  const report = await metricsReport(ctx.db, ctx.config, { period: options.period, by: options.by });
  if (options.json) {
    printJson({
      period: { start: report.period.start, end: report.period.end },
      metrics: report.metrics,
      ...(report.slices ? { by: report.by, slices: report.slices } : {}),
    });
    return EXIT_OK;
  }
  printLine(
    `Metrics for ${report.period.label} [${report.period.start}, ${report.period.end})${report.by ? ` by ${report.by}` : ''}\n`,
  );
  if (report.slices) printSlices(report);
  else {
    printLine(
      formatTable(
        ['metric', 'stage', 'value', 'n', 'tier', 'note'],
        report.metrics.map((m) => [
          m.id,
          m.stage,
          formatMetricValue(m.value, m.unit),
          m.n,
          m.benchmark.tier ?? '',
          m.value === null ? (m.reason ?? '') : m.benchmark.note === NO_BENCHMARK ? '' : m.benchmark.note,
        ]),
      ),
    );
  }
  printLine('\n`keel metrics --explain ID` prints a metric’s definition, SQL and benchmark source.');
  return EXIT_OK;
}
