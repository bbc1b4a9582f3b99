/**
 * Service manager overview (Salesforce's "Service Manager Overview"): open cases, time to close, first
 * contact resolution and the other support KPIs against their benchmarks with 12-month trends, volume against
 * the open backlog, and the newest open cases.
 */
import { useApi, useCatalog, useTrend } from '../../api/queries.js';
import type { TicketList } from '../../api/types.js';
import { lineOption } from '../../components/chart-options.js';
import { DataTable } from '../../components/data-table.js';
import { MetricGrid, trendSeries } from '../../components/metric-card.js';
import { Page, Panel } from '../../components/page.js';
import { Async, Empty } from '../../components/states.js';
import { OPEN_STATUSES, ticketColumns } from '../../components/ticket-columns.js';
import { TrendPanel } from '../../components/trend-panel.js';
import { AppLink } from '../../components/app-link.js';
import { humanize, monthLabel } from '../../lib/format.js';
import { MANAGER_METRICS } from '../../lib/page-metrics.js';
import { useGlobalFilters } from '../../lib/url-state.js';

export function ManagerPage() {
  const filters = useGlobalFilters();
  const metrics = useCatalog(filters);
  const trend = useTrend(
    MANAGER_METRICS.map((m) => m.id),
    filters,
  );
  const open = useApi<TicketList>('/api/tickets', {
    status: OPEN_STATUSES,
    sort: 'createdAt',
    order: 'desc',
    limit: 8,
  });
  const volume = trendSeries(trend.data, 'ticket_volume');
  const backlog = trendSeries(trend.data, 'backlog');
  return (
    <Page
      title="Service manager overview"
      intro={
        <>
          {metrics.data ? monthLabel(metrics.data.period.label) : 'The latest month'} ·{' '}
          {filters.segment ? humanize(filters.segment) : 'all segments'}: open cases, time to close and first
          contact resolution against the seed report’s support benchmarks.
        </>
      }
    >
      <Async query={metrics} what="support metrics" rows={2}>
        {(report) => <MetricGrid items={MANAGER_METRICS} report={report} trend={trend} />}
      </Async>
      <div className="grid-2">
        <TrendPanel
          title="Cases created and open, 12 months"
          id="volume"
          query={trend}
          height={240}
          option={lineOption(
            volume.labels,
            [
              { name: 'Created in the month', values: volume.values },
              { name: 'Open at month end', values: backlog.values },
            ],
            'count',
            { min: 0 },
          )}
          label={`Cases created per month and open at month end over ${volume.labels.length} months`}
        />
        <Panel
          title="Newest open cases"
          id="open"
          aside={
            <AppLink to="/service/cases" params={{ status: OPEN_STATUSES.join(',') }}>
              All open cases →
            </AppLink>
          }
        >
          <Async query={open} what="open cases">
            {(list) =>
              list.tickets.length === 0 ? (
                <Empty>No open cases.</Empty>
              ) : (
                <DataTable
                  caption="Newest open cases"
                  rows={list.tickets}
                  columns={ticketColumns().filter((c) =>
                    ['subject', 'priority', 'channel', 'created'].includes(c.key),
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
