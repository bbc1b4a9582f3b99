/** `keel metrics [--period P] [--json] [--explain ID]` — a thin adapter over computeMetrics and the catalog. */
import type { Context } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { BENCHMARKS, NO_BENCHMARK } from '../../metrics/benchmarks.js';
import {
  computeMetrics,
  computeSlicedMetrics,
  defaultPeriod,
  type MetricsReport,
} from '../../metrics/compute-metrics.js';
import { DIMENSIONS, type Dimension } from '../../metrics/metric-slices.js';
import { healthCounts } from '../../workspace/health-counts.js';
import { findMetric, METRICS } from '../../metrics/metric-catalog.js';
import { METRIC_QUERIES } from '../../metrics/metric-queries.js';
import { parsePeriod, type Period } from '../../metrics/period.js';
import { EXIT_OK, formatTable, printJson, printLine } from '../output.js';

export interface MetricsCommandOptions {
  readonly period?: string;
  readonly by?: string;
  readonly explain?: string;
  readonly json?: boolean;
}

function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  switch (unit) {
    case 'ratio':
      return `${(value * 100).toFixed(1)}%`;
    case 'multiple':
      return `${value.toFixed(2)}×`;
    case 'currency':
      return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
    case 'minutes':
      return `${value.toFixed(1)} min`;
    case 'hours':
      return `${value.toFixed(1)} h`;
    case 'days':
      return `${value.toFixed(1)} d`;
    case 'months':
      return `${value.toFixed(1)} mo`;
    case 'points':
      return value.toFixed(1);
    default:
      return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  }
}

async function resolvePeriod(ctx: Context, text: string | undefined): Promise<Period> {
  if (!text) return defaultPeriod(ctx.db);
  const period = parsePeriod(text);
  if (!period)
    throw new AppError('usage', `--period must be YYYY-MM, YYYY-Qn or YYYY, not ${JSON.stringify(text)}`);
  return period;
}

async function explain(ctx: Context, id: string, options: MetricsCommandOptions): Promise<number> {
  const metric = findMetric(id);
  if (!metric) {
    throw new AppError(
      'usage',
      `unknown metric ${JSON.stringify(id)}; known: ${METRICS.map((m) => m.id).join(', ')}`,
    );
  }
  const period = await resolvePeriod(ctx, options.period);
  const benchmark = metric.benchmark ? BENCHMARKS[metric.benchmark] : undefined;
  const query = metric.query === 'health' ? null : METRIC_QUERIES[metric.query](period).toQuery();
  if (options.json) {
    printJson({
      ...metric,
      compute: undefined,
      period,
      sql: query?.text ?? null,
      params: query?.params ?? [],
      benchmark,
    });
    return EXIT_OK;
  }
  printLine(`${metric.id} — ${metric.name} (${metric.stage}, ${metric.unit}, ${metric.direction} is better)`);
  printLine(`\n${metric.definition}`);
  if (query) {
    printLine(
      `\nSQL (query family ${metric.query}, for ${period.label}):\n${query.text.replace(/^\n+/, '')}`,
    );
    printLine(`\nparameters: ${query.params.map((p, i) => `$${i + 1} = ${JSON.stringify(p)}`).join(', ')}`);
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
      formatValue(m.value, m.unit),
      ...slices.map((sl) => {
        const part = sl.metrics.find((x) => x.id === m.id);
        return part ? formatValue(part.value, part.unit) : '';
      }),
    ]);
  printLine(formatTable(['metric', 'all', ...slices.map((sl) => label(sl.value))], rows));
}

export async function metricsCommand(ctx: Context, options: MetricsCommandOptions): Promise<number> {
  await ctx.db.migrate();
  if (options.explain) return explain(ctx, options.explain, options);
  if (options.by && !DIMENSIONS.includes(options.by as Dimension)) {
    throw new AppError(
      'usage',
      `--by must be one of ${DIMENSIONS.join(', ')}, not ${JSON.stringify(options.by)}`,
    );
  }
  const period = await resolvePeriod(ctx, options.period);
  const compute = { period, grossMargin: ctx.config.grossMargin, health: healthCounts(ctx.db, ctx.config.scorecards) };
  const report = options.by
    ? await computeSlicedMetrics(ctx.db, options.by as Dimension, compute)
    : await computeMetrics(ctx.db, compute);
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
          formatValue(m.value, m.unit),
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
