/**
 * A metric as a card: value in its unit, the benchmark tier, the benchmark's wording and source on hover, and
 * (when given) the 12-month trend as a sparkline. Missing values say why.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import type { MetricResult, MetricsReport, MetricsTrend } from '../api/types.js';
import { formatDelta, formatValue, monthShort } from '../lib/format.js';
import { TierBadge } from './badges.js';
import { Chart } from './chart.js';
import { sparklineOption } from './chart-options.js';

/** What a card says while its trend is not there. */
export function stateOf(query: UseQueryResult<unknown, unknown>): 'loading' | 'error' | 'ready' {
  return query.isPending ? 'loading' : query.isError ? 'error' : 'ready';
}

/** One metric's values across the trend's months, oldest first. */
export function trendSeries(trend: MetricsTrend | undefined, id: string) {
  const months = trend?.months ?? [];
  return {
    labels: months.map((m) => monthShort(m.period.label)),
    values: months.map((m) => m.metrics.find((x) => x.id === id)?.value ?? null),
  };
}

export function MetricCard({
  metric,
  trend,
  trendState,
  label,
}: {
  metric: MetricResult | undefined;
  trend?: MetricsTrend | undefined;
  /** 'loading' or 'error' while the trend is not there, so the card says so instead of an empty chart. */
  trendState?: 'loading' | 'error' | 'ready';
  label?: string;
}) {
  if (!metric)
    return (
      <article className="card metric-card">
        <h3 className="metric-name">{label}</h3>
        <p className="metric-value muted">—</p>
        <p className="note">Not computed for this selection.</p>
      </article>
    );
  const series = trend ? trendSeries(trend, metric.id) : null;
  // The change since the first month of the trend that has a value (early months may have none).
  const firstIndex = series?.values.findIndex((v) => v !== null) ?? -1;
  const first =
    firstIndex >= 0 && firstIndex < (series?.values.length ?? 0) - 1 ? series?.values[firstIndex] : null;
  const change = metric.value !== null && first !== undefined && first !== null ? metric.value - first : null;
  return (
    <article className="card metric-card" data-metric={metric.id} aria-labelledby={`m-${metric.id}`}>
      <h3 id={`m-${metric.id}`} className="metric-name">
        {label ?? metric.name}
      </h3>
      <div className="metric-line">
        <p className="metric-value num" data-value>
          {formatValue(metric.value, metric.unit)}
        </p>
        <TierBadge
          short
          tier={metric.benchmark.tier}
          title={`${metric.benchmark.note} — ${metric.benchmark.source}`}
        />
      </div>
      {metric.value === null && <p className="note">{metric.reason ?? 'no value for this period'}</p>}
      {trendState === 'loading' && <div className="spark-placeholder" aria-hidden="true" />}
      {trendState === 'error' && <p className="note">Trend unavailable.</p>}
      {series && series.values.some((v) => v !== null) && (
        <>
          <Chart
            className="sparkline"
            height={48}
            option={sparklineOption(series.labels, series.values, metric.unit)}
            label={`${metric.name} over the last ${series.values.length} months: ${series.values
              .map((v, i) => `${series.labels[i]} ${formatValue(v, metric.unit)}`)
              .join(', ')}`}
          />
          {change !== null && (
            <p className="note">
              {formatDelta(change, metric.unit)} since {series.labels[firstIndex]}
            </p>
          )}
        </>
      )}
      <p className="note benchmark-note" title={metric.benchmark.source}>
        {metric.benchmark.tier ? metric.benchmark.note : 'No benchmark in the seed report'} · n = {metric.n}
      </p>
    </article>
  );
}

/** A grid of metric cards from one catalog report, each with its trend from one trend request. */
export function MetricGrid({
  items,
  report,
  trend,
}: {
  items: readonly { id: string; label?: string }[];
  report: MetricsReport;
  trend: UseQueryResult<MetricsTrend, unknown>;
}) {
  return (
    <section className="card-grid" aria-label="Key figures">
      <h2 className="visually-hidden">Key figures</h2>
      {items.map((m) => (
        <MetricCard
          key={m.id}
          {...(m.label ? { label: m.label } : {})}
          metric={report.metrics.find((x) => x.id === m.id)}
          trend={trend.data}
          trendState={stateOf(trend)}
        />
      ))}
    </section>
  );
}
