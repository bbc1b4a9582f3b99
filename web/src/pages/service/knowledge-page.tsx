/**
 * Knowledge impact (Salesforce's "Knowledge Impact"): how resolved cases with a linked knowledge article
 * compare with those without — resolution time and CSAT — and how that changed over 12 months.
 */
import { useCatalog, useTrend } from '../../api/queries.js';
import type { MetricResult } from '../../api/types.js';
import { Chart } from '../../components/chart.js';
import { barOption, lineOption, palette } from '../../components/chart-options.js';
import { MetricCard } from '../../components/metric-card.js';
import { Page, Panel } from '../../components/page.js';
import { Async, Empty } from '../../components/states.js';
import { TrendPanel } from '../../components/trend-panel.js';
import { count, hours, humanize, monthLabel, monthShort, percent } from '../../lib/format.js';
import { useGlobalFilters } from '../../lib/url-state.js';

interface Side {
  readonly tickets: number;
  readonly median_hours: number | null;
  readonly support_csat: number | null;
}

export function knowledgeSides(m: MetricResult | undefined): { with: Side; without: Side } | null {
  const b = m?.breakdown as { with_article?: Side; without_article?: Side } | undefined;
  return b?.with_article && b.without_article ? { with: b.with_article, without: b.without_article } : null;
}

export function KnowledgePage() {
  const filters = useGlobalFilters();
  const metrics = useCatalog(filters);
  const trend = useTrend(['knowledge_impact'], filters);
  const p = palette();
  return (
    <Page
      title="Knowledge impact"
      intro={
        <>
          {metrics.data ? monthLabel(metrics.data.period.label) : 'The latest month'} ·{' '}
          {filters.segment ? humanize(filters.segment) : 'all segments'}: resolved cases with a linked article
          against those without.
        </>
      }
    >
      <Async query={metrics} what="knowledge impact" rows={3}>
        {(report) => {
          const metric = report.metrics.find((m) => m.id === 'knowledge_impact');
          const sides = knowledgeSides(metric);
          if (!sides) return <Empty>No resolved cases in this period.</Empty>;
          const share = sides.with.tickets / Math.max(1, sides.with.tickets + sides.without.tickets);
          const months = trend.data?.months ?? [];
          const linkShare = months.map((mo) => {
            const s = knowledgeSides(mo.metrics.find((x) => x.id === 'knowledge_impact'));
            return s ? s.with.tickets / Math.max(1, s.with.tickets + s.without.tickets) : null;
          });
          return (
            <>
              <section className="card-grid" aria-label="Key figures">
                <h2 className="visually-hidden">Key figures</h2>
                <MetricCard
                  metric={metric}
                  trend={trend.data}
                  trendState={trend.isPending ? 'loading' : trend.isError ? 'error' : 'ready'}
                  label="Hours saved per case with an article (median)"
                />
                <article className="card metric-card" data-metric="article_share">
                  <h3 className="metric-name">Resolved with an article</h3>
                  <p className="metric-value num">{percent(share)}</p>
                  <p className="note">
                    {count(sides.with.tickets)} of {count(sides.with.tickets + sides.without.tickets)}{' '}
                    resolved cases
                  </p>
                </article>
                <article className="card metric-card">
                  <h3 className="metric-name">Resolution with / without</h3>
                  <p className="metric-value num">
                    {hours(sides.with.median_hours)}{' '}
                    <span className="muted">/ {hours(sides.without.median_hours)}</span>
                  </p>
                  <p className="note">median hours from open to resolved</p>
                </article>
                <article className="card metric-card">
                  <h3 className="metric-name">Support CSAT with / without</h3>
                  <p className="metric-value num">
                    {percent(sides.with.support_csat)}{' '}
                    <span className="muted">/ {percent(sides.without.support_csat)}</span>
                  </p>
                  <p className="note">answers scoring 4–5</p>
                </article>
              </section>
              <div className="grid-2">
                <Panel title="Resolution time" id="resolution">
                  <Chart
                    height={200}
                    option={barOption(
                      [
                        { label: 'With an article', value: sides.with.median_hours, color: p.good },
                        { label: 'Without', value: sides.without.median_hours, color: p.none },
                      ],
                      'hours',
                      { horizontal: true },
                    )}
                    label={`Median resolution: with an article ${hours(sides.with.median_hours)}, without ${hours(sides.without.median_hours)}`}
                  />
                </Panel>
                <Panel title="Support CSAT" id="csat">
                  <Chart
                    height={200}
                    option={barOption(
                      [
                        { label: 'With an article', value: sides.with.support_csat, color: p.good },
                        { label: 'Without', value: sides.without.support_csat, color: p.none },
                      ],
                      'ratio',
                      { horizontal: true, max: 1 },
                    )}
                    label={`Support CSAT: with an article ${percent(sides.with.support_csat)}, without ${percent(sides.without.support_csat)}`}
                  />
                </Panel>
              </div>
              <TrendPanel
                title="Share of resolved cases with an article, 12 months"
                id="trend"
                query={trend}
                height={220}
                option={lineOption(
                  months.map((m) => monthShort(m.period.label)),
                  [{ name: 'Resolved with an article', values: linkShare, area: true }],
                  'ratio',
                  { min: 0 },
                )}
                label={`Share of resolved cases with a linked article by month: ${months.map((m, i) => `${monthShort(m.period.label)} ${percent(linkShare[i])}`).join(', ')}`}
              />
            </>
          );
        }}
      </Async>
    </Page>
  );
}
