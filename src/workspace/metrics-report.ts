/**
 * The metrics use case behind `keel metrics` and `GET /api/metrics`: parse the period and slice, compute the
 * catalog (with health counts for healthy_account_share), or explain one metric. Both surfaces call these.
 */
import type { Config } from '../config/load-config.js';
import type { Queryable } from '../db/database.js';
import { AppError } from '../domain/errors.js';
import { BENCHMARKS, type Benchmark } from '../metrics/benchmarks.js';
import {
  computeMetrics,
  computeSlicedMetrics,
  defaultPeriod,
  type MetricsReport,
} from '../metrics/compute-metrics.js';
import { findMetric, METRICS, type MetricDefinition } from '../metrics/metric-catalog.js';
import { METRIC_QUERIES } from '../metrics/metric-queries.js';
import { DIMENSIONS, type Dimension } from '../metrics/metric-slices.js';
import { parsePeriod, type Period } from '../metrics/period.js';
import { healthCounts } from './health-counts.js';

export async function resolvePeriod(db: Queryable, text: string | undefined): Promise<Period> {
  if (!text) return defaultPeriod(db);
  const period = parsePeriod(text);
  if (!period)
    throw new AppError('usage', `period must be YYYY-MM, YYYY-Qn or YYYY, not ${JSON.stringify(text)}`);
  return period;
}

export async function metricsReport(
  db: Queryable,
  config: Config,
  request: { period?: string | undefined; by?: string | undefined; ids?: readonly string[] },
): Promise<MetricsReport> {
  const by = request.by;
  if (by !== undefined && !isDimension(by))
    throw new AppError('usage', `by must be one of ${DIMENSIONS.join(', ')}, not ${JSON.stringify(by)}`);
  const options = {
    period: await resolvePeriod(db, request.period),
    grossMargin: config.grossMargin,
    health: healthCounts(db, config.scorecards),
    ...(request.ids ? { ids: request.ids } : {}),
  };
  return by ? computeSlicedMetrics(db, by, options) : computeMetrics(db, options);
}

export interface MetricExplanation {
  readonly metric: Omit<MetricDefinition, 'compute'>;
  readonly period: Period;
  /** The metric's SQL for the period with its bound parameters; null for metrics computed from health scores. */
  readonly sql: string | null;
  readonly params: readonly unknown[];
  readonly benchmark: Benchmark | null;
}

export async function explainMetric(
  db: Queryable,
  id: string,
  periodText?: string,
): Promise<MetricExplanation> {
  const metric = findMetric(id);
  if (!metric)
    throw new AppError(
      'not_found',
      `unknown metric ${JSON.stringify(id)}; known: ${METRICS.map((m) => m.id).join(', ')}`,
    );
  const period = await resolvePeriod(db, periodText);
  const query = metric.query === 'health' ? null : METRIC_QUERIES[metric.query](period).toQuery();
  const { compute, ...declaration } = metric; // the function is not data
  return {
    metric: declaration,
    period,
    sql: query ? query.text.replace(/^\n+/, '') : null,
    params: query?.params ?? [],
    benchmark: metric.benchmark ? BENCHMARKS[metric.benchmark] : null,
  };
}

const isDimension = (v: string): v is Dimension => (DIMENSIONS as readonly string[]).includes(v);
