/**
 * Computes the metric catalog for one period: each query family runs once, every metric reads its value from
 * its family's row, and each result carries its benchmark tier and source. The MRR bridge's identity
 * (end = start + new + reactivation + expansion − contraction − churned) is checked on every run.
 */
import { DEFAULT_GROSS_MARGIN } from '../domain/assumptions.js';
import { AppError } from '../domain/errors.js';
import type { Queryable, Row } from '../db/database.js';
import { ensureUsageFacts } from '../db/usage-facts.js';
import { sql } from '../db/sql.js';
import {
  bandsFor,
  BENCHMARKS,
  type Benchmark,
  CONTEXT_NOTES,
  FRT_CHANNEL_BANDS,
  grade,
  NO_BENCHMARK,
  SEED_SOURCE,
  type Tier,
} from './benchmarks.js';
import { METRICS, type MetricDefinition, type SourceId } from './metric-catalog.js';
import { frtByChannel, METRIC_QUERIES, unscoped, type TableRef } from './metric-queries.js';
import { ENGAGEMENT_COMPONENTS } from './engagement-score.js';
import { kindOf, SLICEABLE, sliceRef, sliceValues, type Dimension } from './metric-slices.js';
import { lastCompleteMonth, type Period } from './period.js';

export interface MetricResult {
  readonly id: string;
  readonly name: string;
  readonly stage: string;
  readonly value: number | null;
  readonly unit: string;
  readonly n: number;
  readonly reason?: string;
  readonly benchmark: { tier: Tier | null; note: string; source: string };
  readonly breakdown?: Record<string, unknown>;
}

export interface MetricsReport {
  readonly period: { label: string; start: string; end: string };
  readonly metrics: MetricResult[];
  /** With `--by`: the dimension and the catalog per slice value. */
  readonly by?: Dimension;
  readonly slices?: { value: string | null; metrics: MetricResult[] }[];
}

/** The default period: the last complete month before the newest fact in the workspace. */
export async function defaultPeriod(db: Queryable): Promise<Period> {
  const [row] = await db.query<{ latest: unknown }>(sql`
    SELECT MAX(t) AS latest FROM (
      SELECT MAX(occurred_at) AS t FROM usage_events
      UNION ALL SELECT MAX(created_at) FROM tickets
      UNION ALL SELECT MAX(responded_at) FROM surveys
      UNION ALL SELECT MAX(CAST(started_at AS TIMESTAMP)) FROM subscriptions) x`);
  const latest = row?.latest;
  if (latest === null || latest === undefined) {
    throw new AppError(
      'not_found',
      'the workspace holds no dated facts yet: import data or run `keel demo` first',
    );
  }
  const text = latest instanceof Date ? latest.toISOString() : String(latest);
  return lastCompleteMonth(text);
}

const BRIDGE_TOLERANCE = 1e-6;

/** Throws when the bridge does not add up: that would be a bug in the bridge query, never a data problem. */
export function checkBridgeIdentity(row: Row): void {
  const v = (k: string) => Number(row[k] ?? 0);
  const expected =
    v('start_mrr') +
    v('new_mrr') +
    v('reactivation_mrr') +
    v('expansion_mrr') -
    v('contraction_mrr') -
    v('churned_mrr');
  if (Math.abs(expected - v('end_mrr')) > BRIDGE_TOLERANCE * Math.max(1, Math.abs(v('end_mrr')))) {
    throw new AppError(
      'internal',
      `MRR bridge does not add up: start ${v('start_mrr')} + movements = ${expected}, but end MRR is ${v('end_mrr')}`,
    );
  }
}

async function breakdownFor(
  db: Queryable,
  metric: MetricDefinition,
  row: Row,
  period: Period,
  ref: TableRef,
) {
  if (metric.id === 'first_response_time_minutes' || metric.id === 'first_response_time_minutes_p90') {
    const key = metric.id === 'first_response_time_minutes' ? 'median' : 'p90';
    const rows = await db.query<{ channel: string; n: number; median: number; p90: number }>(
      frtByChannel(period, ref),
    );
    return Object.fromEntries(
      rows.map((r) => {
        const value = Number(r[key]);
        const bands = FRT_CHANNEL_BANDS[r.channel];
        return [
          r.channel,
          { value, n: Number(r.n), ...(bands && key === 'median' ? { tier: grade(value, bands) } : {}) },
        ];
      }),
    );
  }
  if (metric.id === 'knowledge_impact') {
    const v = (k: string) => (row[k] === null || row[k] === undefined ? null : Number(row[k]));
    return {
      with_article: { tickets: v('with_n'), median_hours: v('with_hours'), support_csat: v('with_csat') },
      without_article: {
        tickets: v('without_n'),
        median_hours: v('without_hours'),
        support_csat: v('without_csat'),
      },
    };
  }
  if (metric.id === 'backlog') {
    const b = (k: string) => Number(row[k] ?? 0);
    return {
      '<1d': b('under_1d'),
      '1-3d': b('d1_3'),
      '3-7d': b('d3_7'),
      '7-30d': b('d7_30'),
      '>30d': b('over_30d'),
    };
  }
  if (metric.id === 'engagement_score') {
    const v = (k: string) => (row[k] === null || row[k] === undefined ? null : Number(row[k]));
    return {
      median: v('median_score'),
      paying_accounts: v('paying'),
      mean_component_scores: Object.fromEntries(ENGAGEMENT_COMPONENTS.map((c) => [c.id, v(`mean_${c.id}`)])),
    };
  }
  if (metric.id === 'ticket_volume') {
    const active = Number(row.active_accounts ?? 0);
    return {
      per_active_account: active > 0 ? Number(row.volume ?? 0) / active : null,
      active_accounts: active,
    };
  }
  return undefined;
}

export interface ComputeOptions {
  readonly period?: Period;
  readonly ids?: readonly string[];
  /** Compute one slice only (see metric-slices.ts); metrics that cannot be cut that way are left out. */
  readonly slice?: { readonly dimension: Dimension; readonly value: string | null };
  /**
   * Only the accounts of one segment (the dashboard's segment filter), under any slice: every account-keyed
   * table is narrowed; metrics that cannot be narrowed by account are left out; grades use the segment's bands.
   */
  readonly segment?: string;
  /** Gross margin (0–1) for CAC payback and CLV; the config's `grossMargin`. */
  readonly grossMargin?: number;
  /** Health-score counts at a date, supplied by the scoring layer for `healthy_account_share`. */
  readonly health?: (asOf: string) => Promise<{ healthy: number; scored: number }>;
}

export async function computeMetrics(db: Queryable, options: ComputeOptions = {}): Promise<MetricsReport> {
  const period = options.period ?? (await defaultPeriod(db));
  const slice = options.slice;
  const segment = options.segment;
  const base = segment === undefined ? unscoped : sliceRef('segment', segment);
  const ref = slice ? sliceRef(slice.dimension, slice.value, base) : base;
  const kinds = [
    ...(slice ? [kindOf(slice.dimension)] : []),
    ...(segment === undefined ? [] : ['account' as const]),
  ];
  const wanted = options.ids ? METRICS.filter((m) => options.ids?.includes(m.id)) : METRICS;
  const metrics = wanted.filter((m) =>
    [m.query, ...(m.also ?? [])].every(
      (q) => kinds.length === 0 || (q !== 'health' && kinds.every((k) => SLICEABLE[q].includes(k))),
    ),
  );
  // The families are independent reads: run together, they overlap on DuckDB's read connections and
  // PostgreSQL's pool instead of waiting for one another.
  const ids = [...new Set(metrics.flatMap((m) => [m.query, ...(m.also ?? [])]))];
  if (ids.some((id) => id === 'adoption' || id === 'engagement')) await ensureUsageFacts(db);
  // allSettled: when one fails, the others still finish before the error surfaces, so no query outlives the call.
  const settled = await Promise.allSettled(
    ids.map(async (id): Promise<Row> => {
      if (id === 'health') return options.health ? await options.health(period.end) : {};
      const [row] = await db.query(METRIC_QUERIES[id](period, ref));
      return row ?? {};
    }),
  );
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  const fetched = settled.map((r) => (r.status === 'fulfilled' ? r.value : {}));
  const rows = new Map<SourceId, Row>(ids.map((id, i) => [id, fetched[i] ?? {}]));
  const bridge = rows.get('mrr_bridge');
  if (bridge) checkBridgeIdentity(bridge);

  const results: MetricResult[] = [];
  for (const metric of metrics) {
    const row = rows.get(metric.query) ?? {};
    const computed = metric.compute(row, {
      row: (q) => rows.get(q) ?? {},
      grossMargin: options.grossMargin ?? DEFAULT_GROSS_MARGIN,
    });
    const benchmark: Benchmark | undefined = metric.benchmark ? BENCHMARKS[metric.benchmark] : undefined;
    const breakdown = await breakdownFor(db, metric, row, period, ref);
    results.push({
      id: metric.id,
      name: metric.name,
      stage: metric.stage,
      value: computed.value,
      unit: metric.unit,
      n: computed.n,
      ...(computed.value === null ? { reason: computed.reason } : {}),
      // Every result carries a benchmark: graded where the seed gives bands, otherwise its context (or its absence).
      benchmark: benchmark
        ? {
            tier:
              computed.value === null
                ? null
                : grade(
                    computed.value,
                    bandsFor(benchmark, slice?.dimension === 'segment' ? slice.value : (segment ?? null)),
                  ),
            note: benchmark.note,
            source: benchmark.source,
          }
        : { tier: null, note: CONTEXT_NOTES[metric.id] ?? NO_BENCHMARK, source: SEED_SOURCE },
      ...(breakdown ? { breakdown } : {}),
    });
  }
  return { period: { label: period.label, start: period.start, end: period.end }, metrics: results };
}

/** The whole catalog, then the same per value of `by`. */
export async function computeSlicedMetrics(
  db: Queryable,
  by: Dimension,
  options: Omit<ComputeOptions, 'slice'> = {},
): Promise<MetricsReport> {
  const period = options.period ?? (await defaultPeriod(db));
  const whole = await computeMetrics(db, { ...options, period });
  const slices = [];
  for (const value of await sliceValues(db, by)) {
    const part = await computeMetrics(db, { ...options, period, slice: { dimension: by, value } });
    slices.push({ value, metrics: part.metrics });
  }
  return { ...whole, by, slices };
}
