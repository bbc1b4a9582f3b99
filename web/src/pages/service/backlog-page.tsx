/**
 * Backlog management (Salesforce's "Backlog Management"): open cases at the period's end by age, the backlog
 * against the volume coming in over 12 months, which channels hold it, and the oldest cases open now.
 */
import { useApi, useCatalog, useTrend } from '../../api/queries.js';
import type { ChannelsReport, TicketList } from '../../api/types.js';
import { AppLink } from '../../components/app-link.js';
import { Chart } from '../../components/chart.js';
import { barOption, lineOption, palette } from '../../components/chart-options.js';
import { DataTable } from '../../components/data-table.js';
import { MetricGrid, trendSeries } from '../../components/metric-card.js';
import { Page, Panel } from '../../components/page.js';
import { Async, Empty } from '../../components/states.js';
import { OPEN_STATUSES, ticketColumns } from '../../components/ticket-columns.js';
import { TrendPanel } from '../../components/trend-panel.js';
import { count, date, humanize, monthLabel } from '../../lib/format.js';
import { useGlobalFilters } from '../../lib/url-state.js';

const ITEMS = [
  { id: 'backlog', label: 'Open cases (period end)' },
  { id: 'ticket_volume', label: 'Cases created' },
  { id: 'resolution_time_hours', label: 'Resolution (median)' },
  { id: 'resolution_time_hours_mean', label: 'Resolution (mean)' },
];
/** The catalog's aging buckets, youngest first. */
export const AGING = ['<1d', '1-3d', '3-7d', '7-30d', '>30d'] as const;

export function BacklogPage() {
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
  const oldest = useApi<TicketList>('/api/tickets', {
    status: OPEN_STATUSES,
    sort: 'createdAt',
    order: 'asc',
    limit: 12,
  });
  const backlog = metrics.data?.metrics.find((m) => m.id === 'backlog');
  const aging = (backlog?.breakdown ?? {}) as Record<string, unknown>;
  const p = palette();
  const agingColors = [p.accent, p.accent, p.at_risk, p.critical, p.critical];
  const open = trendSeries(trend.data, 'backlog');
  const created = trendSeries(trend.data, 'ticket_volume');
  return (
    <Page
      title="Backlog"
      intro={
        <>
          Open cases at the end of {metrics.data ? monthLabel(metrics.data.period.label) : 'the period'}
          {filters.segment ? ` for ${humanize(filters.segment)}` : ''}, how old they are, and whether the
          backlog grows. The backlog is read as a trend, not a level.
        </>
      }
    >
      <Async query={metrics} what="backlog metrics" rows={2}>
        {(report) => <MetricGrid items={ITEMS} report={report} trend={trend} />}
      </Async>
      <div className="grid-2">
        <Panel
          title="Age of open cases"
          id="aging"
          aside={metrics.data && `on ${date(metrics.data.period.end)}`}
        >
          <Async query={metrics} what="aging">
            {() =>
              backlog?.value ? (
                <Chart
                  height={220}
                  option={barOption(
                    AGING.map((b, i) => ({
                      label: b.replace('d', ' days').replace('<1 days', '< 1 day'),
                      value: Number(aging[b] ?? 0),
                      color: agingColors[i],
                    })),
                    'count',
                  )}
                  label={`Open cases by age: ${AGING.map((b) => `${b} ${count(Number(aging[b] ?? 0))}`).join(', ')}`}
                />
              ) : (
                <Empty>No open cases at the end of the period.</Empty>
              )
            }
          </Async>
        </Panel>
        <TrendPanel
          title="Open against created, 12 months"
          id="backlog-trend"
          query={trend}
          height={220}
          option={lineOption(
            open.labels,
            [
              { name: 'Open at month end', values: open.values },
              { name: 'Created in the month', values: created.values },
            ],
            'count',
            { min: 0 },
          )}
          label={`Open cases at each month end: ${open.labels.map((l, i) => `${l} ${count(open.values[i])}`).join(', ')}`}
        />
      </div>
      <div className="grid-1-2">
        <Panel title="Backlog by channel" id="by-channel">
          <Async query={channels} what="channels">
            {(r) => (
              <Chart
                height={220}
                option={barOption(
                  r.channels.map((c) => ({ label: humanize(c.channel), value: c.backlog })),
                  'count',
                  { horizontal: true },
                )}
                label={`Open cases by channel: ${r.channels.map((c) => `${c.channel} ${count(c.backlog)}`).join(', ')}`}
              />
            )}
          </Async>
        </Panel>
        <Panel
          title="Oldest cases open now"
          id="oldest"
          aside={
            <AppLink
              to="/service/cases"
              params={{ status: OPEN_STATUSES.join(','), sort: 'createdAt', order: 'asc' }}
            >
              All open cases →
            </AppLink>
          }
        >
          <Async query={oldest} what="open cases">
            {(list) =>
              list.tickets.length === 0 ? (
                <Empty>No open cases.</Empty>
              ) : (
                <DataTable
                  caption="Oldest open cases"
                  rows={list.tickets}
                  columns={ticketColumns({ account: true, age: new Date().toISOString() }).filter((c) =>
                    ['subject', 'account', 'status', 'priority', 'assignee', 'created'].includes(c.key),
                  )}
                  rowKey={(t) => t.id}
                />
              )
            }
          </Async>
        </Panel>
      </div>
    </Page>
  );
}
