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
import { addMonths, parsePeriod, type Period } from '../metrics/period.js';
import { healthCounts } from './health-counts.js';

export async function resolvePeriod(db: Queryable, text: string | undefined): Promise<Period> {
  if (!text) return defaultPeriod(db);
  const period = parsePeriod(text);
  if (!period)
    throw new AppError('usage', `period must be YYYY-MM, YYYY-Qn or YYYY, not ${JSON.stringify(text)}`);
  return period;
}

export interface MetricsRequest {
  readonly period?: string | undefined;
  readonly by?: string | undefined;
  readonly ids?: readonly string[] | undefined;
  /** Only the accounts of this segment. */
  readonly segment?: string | undefined;
}

export const SEGMENTS = ['enterprise', 'mid_market', 'smb'] as const;

function computeOptions(db: Queryable, config: Config, request: MetricsRequest) {
  const { segment, ids } = request;
  if (segment !== undefined && !(SEGMENTS as readonly string[]).includes(segment))
    throw new AppError(
      'usage',
      `segment must be one of ${SEGMENTS.join(', ')}, not ${JSON.stringify(segment)}`,
    );
  const unknown = (ids ?? []).filter((id) => !findMetric(id));
  if (unknown.length) throw new AppError('usage', `unknown metric id(s): ${unknown.join(', ')}`);
  return {
    grossMargin: config.grossMargin,
    health: healthCounts(db, config.scorecards),
    ...(ids ? { ids } : {}),
    ...(segment !== undefined ? { segment } : {}),
  };
}

export async function metricsReport(
  db: Queryable,
  config: Config,
  request: MetricsRequest,
): Promise<MetricsReport> {
  const by = request.by;
  if (by !== undefined && !isDimension(by))
    throw new AppError('usage', `by must be one of ${DIMENSIONS.join(', ')}, not ${JSON.stringify(by)}`);
  const options = { ...computeOptions(db, config, request), period: await resolvePeriod(db, request.period) };
  return by ? computeSlicedMetrics(db, by, options) : computeMetrics(db, options);
}

export const MAX_TREND_MONTHS = 36;

/** The same metrics for each of `months` consecutive months ending with `end` (YYYY-MM), oldest first. */
export async function metricsTrend(
  db: Queryable,
  config: Config,
  request: MetricsRequest & { months: number; end?: string | undefined },
): Promise<{ months: Pick<MetricsReport, 'period' | 'metrics'>[] }> {
  if (!Number.isInteger(request.months) || request.months < 1 || request.months > MAX_TREND_MONTHS)
    throw new AppError('usage', `months must be a whole number from 1 to ${MAX_TREND_MONTHS}`);
  if (request.end !== undefined && !/^\d{4}-\d{2}$/.test(request.end))
    throw new AppError('usage', `end must be a month YYYY-MM, not ${JSON.stringify(request.end)}`);
  const last = await resolvePeriod(db, request.end);
  const options = computeOptions(db, config, request);
  const starts = Array.from({ length: request.months }, (_, i) =>
    addMonths(last.start, i - request.months + 1),
  );
  const reports = await Promise.all(
    starts.map((start) =>
      computeMetrics(db, {
        ...options,
        period: { label: start.slice(0, 7), start, end: addMonths(start, 1) },
      }),
    ),
  );
  return { months: reports.map((r) => ({ period: r.period, metrics: r.metrics })) };
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
