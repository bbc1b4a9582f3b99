/**
 * Benchmarks: every metric of the catalog for the period — value, tier, the band it was graded against (the
 * segment's own band where the seed gives one), the seed's wording and its source — and, on request, the
 * metric's definition and SQL.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useApi, useCatalog } from '../api/queries.js';
import type { Benchmark, MetricExplanation, MetricResult, Tier } from '../api/types.js';
import { TierBadge } from '../components/badges.js';
import { Page, Panel } from '../components/page.js';
import { Async, Empty } from '../components/states.js';
import { count, formatValue, humanize, monthLabel } from '../lib/format.js';
import { useGlobalFilters, usePageParams } from '../lib/url-state.js';

const STAGES = ['acquisition', 'onboarding', 'adoption', 'retention', 'advocacy', 'support'];
const SHOW = [
  { value: '', label: 'Every metric' },
  { value: 'graded', label: 'Benchmarked only' },
  { value: 'below', label: 'Below good (poor, fair)' },
];
const BELOW: readonly (Tier | null)[] = ['poor', 'fair'];

/** The thresholds of a band in the metric's unit: "excellent ≥ 115% · good ≥ 103% · fair ≥ 90%". */
export function describeBands(bands: Benchmark['bands'], unit: string): string {
  const f = (v: number) => formatValue(v, unit);
  if (bands.kind === 'range')
    return `good ${f(bands.good[0])}–${f(bands.good[1])} · fair ${f(bands.fair[0])}–${f(bands.fair[1])}`;
  const op = bands.kind === 'higher' ? '≥' : '≤';
  return `excellent ${op} ${f(bands.excellent)} · good ${op} ${f(bands.good)} · fair ${op} ${f(bands.fair)}`;
}

function Definition({ id, period }: { id: string; period: string | undefined }) {
  const [open, setOpen] = useState(false);
  const explanation = useApi<MetricExplanation>(open ? `/api/metrics/${encodeURIComponent(id)}` : null, {
    period,
  });
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Definition and SQL</summary>
      {open && (
        <Async query={explanation} what="the definition" rows={1}>
          {(x) => (
            <>
              <p>{x.metric.definition}</p>
              {x.sql && <pre>{x.sql}</pre>}
            </>
          )}
        </Async>
      )}
    </details>
  );
}

function MetricRow({
  m,
  benchmark,
  segment,
  period,
  highlight,
}: {
  m: MetricResult;
  benchmark: Benchmark | undefined;
  segment: string | undefined;
  period: string | undefined;
  highlight: boolean;
}) {
  const bands = (segment && benchmark?.bySegment?.[segment]) || benchmark?.bands;
  const row = useRef<HTMLTableRowElement>(null);
  // A link from another page (?metric=nrr) lands on the metric's row.
  useEffect(() => {
    if (highlight) row.current?.scrollIntoView({ block: 'center' });
  }, [highlight]);
  return (
    <tr ref={row} id={`metric-${m.id}`} data-metric={m.id} className={highlight ? 'highlight' : undefined}>
      <th scope="row">
        {m.name}
        <span className="sub">{m.id}</span>
      </th>
      <td className="num" data-label="Value">
        <span data-value>{formatValue(m.value, m.unit)}</span>
        {m.value === null && <span className="sub">{m.reason}</span>}
      </td>
      <td data-label="Tier">
        <TierBadge tier={m.benchmark.tier} />
      </td>
      <td data-label="Bands">
        {bands ? describeBands(bands, m.unit) : <span className="muted">—</span>}
        {segment && benchmark?.bySegment?.[segment] && <span className="sub">{humanize(segment)} band</span>}
      </td>
      <td className="source" data-label="Benchmark and source">
        <span>{m.benchmark.note}</span>
        <span className="sub">{m.benchmark.source}</span>
        <Definition id={m.id} period={period} />
      </td>
      <td className="num" data-label="n">
        {count(m.n)}
      </td>
    </tr>
  );
}

export function BenchmarksPage() {
  const filters = useGlobalFilters();
  const metrics = useCatalog(filters);
  const benchmarks = useApi<Record<string, Benchmark>>('/api/benchmarks', {}, { staleTime: Infinity });
  const [params, update] = usePageParams();
  const show = params.get('show') ?? '';
  const focus = params.get('metric');
  const showId = useId();
  return (
    <Page
      title="Benchmarks"
      intro={
        <>
          Every metric for {metrics.data ? monthLabel(metrics.data.period.label) : 'the latest month'} ·{' '}
          {filters.segment ? humanize(filters.segment) : 'all segments'}, graded poor / fair / good /
          excellent against the seed report’s published benchmarks (the fair margins are Keel’s choice where
          the report gives none).
        </>
      }
      actions={
        <div className="toolbar">
          <div className="field">
            <label htmlFor={showId}>Show</label>
            <select id={showId} value={show} onChange={(e) => update({ show: e.target.value }, false)}>
              {SHOW.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      }
    >
      <Async query={metrics} what="metrics" rows={6}>
        {(report) => {
          const keep = (m: MetricResult) =>
            show === 'graded'
              ? m.benchmark.tier !== null
              : show === 'below'
                ? BELOW.includes(m.benchmark.tier)
                : true;
          const groups = STAGES.map((stage) => ({
            stage,
            metrics: report.metrics.filter((m) => m.stage === stage && keep(m)),
          })).filter((g) => g.metrics.length > 0);
          if (groups.length === 0) return <Empty>No metric matches.</Empty>;
          return groups.map((g) => (
            <Panel
              key={g.stage}
              title={humanize(g.stage)}
              id={`stage-${g.stage}`}
              aside={`${g.metrics.length} metrics`}
            >
              <div
                className="table-wrap collapsible"
                role="region"
                aria-label={`${humanize(g.stage)} benchmarks`}
                tabIndex={0}
              >
                <table className="benchmarks">
                  <thead>
                    <tr>
                      <th scope="col">Metric</th>
                      <th scope="col" className="num">
                        Value
                      </th>
                      <th scope="col">Tier</th>
                      <th scope="col">Bands</th>
                      <th scope="col">Benchmark and source</th>
                      <th scope="col" className="num">
                        n
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {g.metrics.map((m) => (
                      <MetricRow
                        key={m.id}
                        m={m}
                        benchmark={benchmarks.data?.[m.id]}
                        segment={filters.segment}
                        period={filters.period}
                        highlight={focus === m.id}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
            </Panel>
          ));
        }}
      </Async>
    </Page>
  );
}
