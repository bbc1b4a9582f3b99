/**
 * Lifecycle: how many accounts stand in each of the seed's five stages (and how many churned), and each
 * stage's metrics from the seed report against their benchmarks, for the period before the as-of date.
 */
import { useQueries } from '@tanstack/react-query';
import { apiGet } from '../api/client.js';
import { useApi } from '../api/queries.js';
import type { AccountList, Lifecycle, LifecycleStage, MetricResult, MetricsReport } from '../api/types.js';
import { AppLink } from '../components/app-link.js';
import { TierBadge } from '../components/badges.js';
import { palette } from '../components/chart-options.js';
import { DataTable, type Column } from '../components/data-table.js';
import { Page, Panel } from '../components/page.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { count, date, daysBetween, formatValue, humanize, monthLabel, percent } from '../lib/format.js';
import { useGlobalFilters } from '../lib/url-state.js';
import { STAGE_ORDER } from './accounts-page.js';

/** What each stage is for, in the seed report's words. */
const STAGE_GOALS: Record<string, string> = {
  acquisition: 'Convert qualified leads into paying customers.',
  onboarding: 'Guide customers to their first meaningful success quickly.',
  adoption: 'Increase the frequency and depth of product usage.',
  retention: 'Keep customers satisfied, renew at or above current value, prevent churn.',
  advocacy: 'Turn satisfied customers into promoters and expansion.',
};
const METRIC_STAGES = ['acquisition', 'onboarding', 'adoption', 'retention', 'advocacy'] as const;

const COLUMNS: readonly Column<MetricResult>[] = [
  {
    key: 'name',
    label: 'Metric',
    rowHeader: true,
    render: (m) => (
      <>
        <AppLink to="/benchmarks" params={{ metric: m.id }}>
          {m.name}
        </AppLink>
        <span className="sub">{m.id}</span>
      </>
    ),
  },
  {
    key: 'value',
    label: 'Value',
    numeric: true,
    render: (m) => (
      <span data-metric-value={m.id} title={m.reason}>
        {formatValue(m.value, m.unit)}
      </span>
    ),
  },
  { key: 'tier', label: 'Tier', render: (m) => <TierBadge tier={m.benchmark.tier} /> },
  {
    key: 'benchmark',
    label: 'Benchmark (seed report)',
    render: (m) => (
      <span className="muted">{m.benchmark.tier ? m.benchmark.note : m.value === null ? m.reason : '—'}</span>
    ),
  },
  { key: 'n', label: 'n', numeric: true, render: (m) => count(m.n) },
];

interface StageCount {
  readonly stage: LifecycleStage;
  readonly n: number | null;
  readonly recent?: number;
}

export function LifecyclePage() {
  const { period, segment, asOf } = useGlobalFilters();
  // All segments: the lifecycle report has the counts and the stage metrics in one answer. One segment: the
  // accounts list counts each stage, and the catalog narrowed to the segment gives the metrics.
  const lifecycle = useApi<Lifecycle>(segment ? null : '/api/lifecycle', { asOf });
  const catalog = useApi<MetricsReport>(segment ? '/api/metrics' : null, { period, segment });
  const totals = useQueries({
    queries: STAGE_ORDER.map((stage) => ({
      queryKey: ['/api/accounts', { asOf, segment, stage, limit: 1 }],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        apiGet<AccountList>('/api/accounts', { asOf, segment, stage, limit: 1 }, signal),
      enabled: segment !== undefined,
    })),
  });
  const counts: StageCount[] | null = segment
    ? totals.every((t) => t.data)
      ? STAGE_ORDER.map((stage, i) => ({ stage, n: totals[i]?.data?.total ?? null }))
      : null
    : lifecycle.data
      ? STAGE_ORDER.map((stage) => {
          const l = lifecycle.data;
          const recent = l.accounts.filter(
            (a) => a.stage === stage && daysBetween(a.since, l.asOf) <= 30,
          ).length;
          return { stage, n: l.counts[stage] ?? 0, recent };
        })
      : null;
  const countsError = segment ? totals.find((t) => t.error)?.error : lifecycle.error;
  const stages = segment
    ? catalog.data && {
        period: catalog.data.period,
        stages: METRIC_STAGES.map((stage) => ({
          stage,
          metrics: catalog.data.metrics.filter((m) => m.stage === stage),
        })),
      }
    : lifecycle.data?.stageMetrics;
  const metricsQuery = segment ? catalog : lifecycle;
  const total = counts?.reduce((s, c) => s + (c.n ?? 0), 0) ?? 0;
  const p = palette();
  return (
    <Page
      title="Lifecycle"
      intro={
        <>
          Accounts per stage on {date(asOf ?? lifecycle.data?.asOf ?? totals[0]?.data?.asOf)}
          {segment ? ` in ${humanize(segment)}` : ''}, and each stage’s metrics for{' '}
          {stages ? monthLabel(stages.period.label) : period ? monthLabel(period) : 'the latest month'}{' '}
          against the seed report’s benchmarks.
        </>
      }
    >
      <Panel title="Accounts per stage" id="stages">
        {countsError ? (
          <ErrorState error={countsError} />
        ) : !counts ? (
          <Loading what="stage counts" rows={1} />
        ) : (
          <ol className="funnel stage-funnel" aria-label="Accounts per stage">
            {counts.map((c) => {
              const share = total > 0 ? (c.n ?? 0) / total : 0;
              return (
                <li key={c.stage} data-stage={c.stage}>
                  <AppLink to="/accounts" params={{ stage: c.stage, sort: 'arr', order: 'desc' }}>
                    <span className="band-name">{humanize(c.stage)}</span>
                    <span className="band-count num">{count(c.n)}</span>
                  </AppLink>
                  <span className="meter wide" aria-hidden="true">
                    <span
                      style={{
                        width: `${share * 100}%`,
                        background: c.stage === 'churned' ? p.none : p.accent,
                      }}
                    />
                  </span>
                  <span className="band-share">
                    {percent(share, 0)} of accounts
                    {c.recent !== undefined && ` · ${count(c.recent)} entered in 30 days`}
                  </span>
                </li>
              );
            })}
          </ol>
        )}
      </Panel>
      {metricsQuery.isPending ? (
        <Loading what="stage metrics" rows={3} />
      ) : metricsQuery.isError ? (
        <ErrorState error={metricsQuery.error} retry={() => void metricsQuery.refetch()} />
      ) : !stages ? (
        <Empty>No stage metrics.</Empty>
      ) : (
        stages.stages.map((s, i) => (
          <Panel
            key={s.stage}
            title={`${i + 1} · ${humanize(s.stage)}`}
            id={`stage-${s.stage}`}
            aside={STAGE_GOALS[s.stage]}
          >
            {s.metrics.length === 0 ? (
              <Empty>No metrics for this stage in this selection.</Empty>
            ) : (
              <DataTable
                className="metric-table"
                caption={`${humanize(s.stage)} metrics`}
                rows={s.metrics}
                columns={COLUMNS}
                rowKey={(m) => m.id}
              />
            )}
          </Panel>
        ))
      )}
    </Page>
  );
}
