/**
 * Customer satisfaction (Salesforce's "Customer Satisfaction"): CSAT, support CSAT, NPS and effort against
 * their benchmarks and over 12 months, where satisfaction is lowest (channel, segment), and the worst-rated
 * cases of the period to read.
 */
import { useApi, useCatalog, useTrend } from '../../api/queries.js';
import type { ChannelsReport, MetricsReport, TicketList } from '../../api/types.js';
import { Chart } from '../../components/chart.js';
import { barOption, lineOption, palette } from '../../components/chart-options.js';
import { DataTable } from '../../components/data-table.js';
import { MetricGrid, trendSeries } from '../../components/metric-card.js';
import { Page, Panel } from '../../components/page.js';
import { Async, Empty } from '../../components/states.js';
import { ticketColumns } from '../../components/ticket-columns.js';
import { TrendPanel } from '../../components/trend-panel.js';
import { humanize, monthLabel, percent } from '../../lib/format.js';
import { useGlobalFilters } from '../../lib/url-state.js';

const ITEMS = [
  { id: 'csat', label: 'CSAT (all surveys)' },
  { id: 'support_csat', label: 'Support CSAT' },
  { id: 'nps', label: 'NPS' },
  { id: 'ces', label: 'Customer effort (1–7, lower is better)' },
];
const TARGET = 0.8;

export function SatisfactionPage() {
  const filters = useGlobalFilters();
  const metrics = useCatalog(filters);
  const trend = useTrend(
    ITEMS.map((i) => i.id),
    filters,
  );
  const channels = useApi<ChannelsReport>('/api/support/channels', {
    period: filters.period,
    segment: filters.segment,
  });
  const bySegment = useApi<MetricsReport>(filters.segment ? null : '/api/metrics', {
    period: filters.period,
    by: 'segment',
    ids: 'csat,support_csat,nps',
  });
  const start = metrics.data?.period.start;
  const worst = useApi<TicketList>(start ? '/api/tickets' : null, {
    createdSince: start,
    sort: 'csat',
    order: 'asc',
    limit: 10,
  });
  const csat = trendSeries(trend.data, 'csat');
  const support = trendSeries(trend.data, 'support_csat');
  const nps = trendSeries(trend.data, 'nps');
  const p = palette();
  const tone = (v: number | null) =>
    v === null ? p.none : v >= 0.9 ? p.excellent : v >= TARGET ? p.good : v >= 0.7 ? p.fair : p.poor;
  return (
    <Page
      title="Customer satisfaction"
      intro={
        <>
          {metrics.data ? monthLabel(metrics.data.period.label) : 'The latest month'} ·{' '}
          {filters.segment ? humanize(filters.segment) : 'all segments'}. High-performing teams keep CSAT
          above 80%.
        </>
      }
    >
      <Async query={metrics} what="satisfaction metrics" rows={2}>
        {(report) => <MetricGrid items={ITEMS} report={report} trend={trend} />}
      </Async>
      <div className="grid-2">
        <TrendPanel
          title="CSAT, 12 months"
          id="csat-trend"
          query={trend}
          height={240}
          option={lineOption(
            csat.labels,
            [
              { name: 'CSAT', values: csat.values },
              { name: 'Support CSAT', values: support.values },
            ],
            'ratio',
            { bands: [{ from: TARGET, to: 1, color: p.good, label: '≥ 80%' }] },
          )}
          label={`CSAT by month: ${csat.labels.map((l, i) => `${l} ${percent(csat.values[i])}`).join(', ')}`}
        />
        <TrendPanel
          title="NPS, 12 months"
          id="nps-trend"
          query={trend}
          height={240}
          option={lineOption(
            nps.labels,
            [{ name: 'NPS', values: nps.values, color: p['accent-2'] }],
            'points',
            {
              bands: [
                { from: 30, to: 50, color: p.good, label: 'good ≥ 30' },
                { from: 50, to: 100, color: p.excellent, label: 'excellent ≥ 50' },
              ],
            },
          )}
          label={`NPS by month: ${nps.labels.map((l, i) => `${l} ${nps.values[i]?.toFixed(1) ?? 'none'}`).join(', ')}`}
        />
      </div>
      <div className="grid-2">
        <Panel title="Satisfied by channel" id="by-channel" aside="support CSAT: answers scoring 4–5">
          <Async query={channels} what="channels">
            {(r) => {
              const rows = r.channels.filter((c) => c.csatResponses > 0);
              return rows.length === 0 ? (
                <Empty>No CSAT answers in this period.</Empty>
              ) : (
                <Chart
                  height={220}
                  option={barOption(
                    rows.map((c) => ({
                      label: humanize(c.channel),
                      value: c.satisfiedShare,
                      color: tone(c.satisfiedShare),
                    })),
                    'ratio',
                    { max: 1 },
                  )}
                  label={`Satisfied share by channel: ${rows.map((c) => `${c.channel} ${percent(c.satisfiedShare)} of ${c.csatResponses}`).join(', ')}`}
                />
              );
            }}
          </Async>
        </Panel>
        <Panel title="By segment" id="by-segment">
          {filters.segment ? (
            <Empty>Showing {humanize(filters.segment)} only; choose “All segments” to compare.</Empty>
          ) : (
            <Async query={bySegment} what="segments">
              {(r) => (
                <Chart
                  height={220}
                  option={barOption(
                    (r.slices ?? [])
                      .filter((s) => s.value !== null)
                      .map((s) => {
                        const v = s.metrics.find((m) => m.id === 'csat')?.value ?? null;
                        return { label: humanize(s.value), value: v, color: tone(v) };
                      }),
                    'ratio',
                    { max: 1 },
                  )}
                  label="CSAT by segment"
                />
              )}
            </Async>
          )}
        </Panel>
      </div>
      <Panel title="Lowest-rated cases opened this period" id="worst" aside="all segments">
        <Async query={worst} what="cases">
          {(list) => {
            const rated = list.tickets.filter((t) => t.csat !== null);
            return rated.length === 0 ? (
              <Empty>No rated cases.</Empty>
            ) : (
              <DataTable
                caption="Lowest-rated cases"
                rows={rated}
                columns={ticketColumns({ account: true })}
                rowKey={(t) => t.id}
              />
            );
          }}
        </Async>
      </Panel>
    </Page>
  );
}
