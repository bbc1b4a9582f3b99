/**
 * Omni-channel (Salesforce's "Omni-Channel Analytics"): agent utilization — handle time over available time —
 * against the seed's 70–85 % target, per agent and over six months, and how the work is distributed.
 */
import type { ReactNode } from 'react';
import { useApi, useCatalog, useTrend } from '../../api/queries.js';
import type { AgentPerformance, AgentsReport } from '../../api/types.js';
import { Chart } from '../../components/chart.js';
import { barOption, lineOption, palette } from '../../components/chart-options.js';
import { DataTable, useClientSort, type Column } from '../../components/data-table.js';
import { MetricCard } from '../../components/metric-card.js';
import { Page, Panel } from '../../components/page.js';
import { Async, Empty } from '../../components/states.js';
import { count, decimal, monthLabel, percent } from '../../lib/format.js';
import { useGlobalFilters } from '../../lib/url-state.js';
import { agentLines, agentMonths } from './agents-page.js';

const TARGET = { from: 0.7, to: 0.85, label: '70–85% target' };

const COLUMNS: readonly Column<AgentPerformance>[] = [
  { key: 'name', label: 'Agent', rowHeader: true, sortValue: (a) => a.name, render: (a) => a.name },
  {
    key: 'available',
    label: 'Available',
    numeric: true,
    descFirst: true,
    sortValue: (a) => a.availableHours,
    render: (a) => `${decimal(a.availableHours, 0)} h`,
  },
  {
    key: 'handle',
    label: 'Handling',
    numeric: true,
    descFirst: true,
    sortValue: (a) => a.handleHours,
    render: (a) => `${decimal(a.handleHours, 0)} h`,
  },
  {
    key: 'utilization',
    label: 'Utilization',
    numeric: true,
    descFirst: true,
    sortValue: (a) => a.utilization,
    render: (a) => percent(a.utilization),
  },
  {
    key: 'solved',
    label: 'Cases solved',
    numeric: true,
    descFirst: true,
    sortValue: (a) => a.ticketsSolved,
    render: (a) => count(a.ticketsSolved),
  },
];

function OmniView({ report, card }: { report: AgentsReport; card: ReactNode }) {
  const agents = report.agents.filter((a) => a.availableHours > 0 || a.ticketsSolved > 0);
  const table = useClientSort(agents, COLUMNS, 'sort', { key: 'utilization', order: 'desc' });
  if (agents.length === 0) return <Empty>No agent activity in this period.</Empty>;
  const p = palette();
  const solved = agents.reduce((s, a) => s + a.ticketsSolved, 0);
  const tone = (u: number | null) => (u === null ? p.none : u > 0.85 ? p.fair : u >= 0.7 ? p.good : p.poor);
  return (
    <>
      <div className="grid-1-2">
        {card}
        <Panel title="Utilization by agent" id="utilization" aside="green band: the 70–85% target">
          <Chart
            height={Math.max(180, agents.length * 36)}
            option={barOption(
              agents.map((a) => ({ label: a.name, value: a.utilization, color: tone(a.utilization) })),
              'ratio',
              { horizontal: true, max: 1, target: TARGET },
            )}
            label={`Utilization per agent: ${agents.map((a) => `${a.name} ${percent(a.utilization)}`).join(', ')}`}
          />
        </Panel>
      </div>
      <div className="grid-2">
        <Panel title="Work distribution" id="distribution" aside="share of cases solved">
          <Chart
            height={Math.max(180, agents.length * 36)}
            option={barOption(
              agents.map((a) => ({ label: a.name, value: solved > 0 ? a.ticketsSolved / solved : null })),
              'ratio',
              { horizontal: true },
            )}
            label={`Share of cases solved per agent: ${agents.map((a) => `${a.name} ${percent(solved > 0 ? a.ticketsSolved / solved : null)}`).join(', ')}`}
          />
        </Panel>
        <Panel title="Utilization per month" id="trend">
          <Chart
            height={260}
            option={lineOption(
              agentMonths(agents),
              agentLines(agents, (t) => t.utilization),
              'ratio',
              { bands: [{ from: TARGET.from, to: TARGET.to, color: p.good }] },
            )}
            label="Monthly utilization per agent over six months"
          />
        </Panel>
      </div>
      <Panel title="Time" id="time">
        <DataTable caption="Agent time" columns={COLUMNS} rowKey={(a) => a.id} {...table} />
      </Panel>
    </>
  );
}

export function OmniChannelPage() {
  const filters = useGlobalFilters();
  const metrics = useCatalog(filters);
  const trend = useTrend(['agent_utilization'], filters);
  const report = useApi<AgentsReport>('/api/support/agents', {
    period: filters.period,
    segment: filters.segment,
  });
  return (
    <Page
      title="Omni-channel utilization"
      intro={
        <>
          {report.data ? monthLabel(report.data.period.label) : 'The latest month'}: the share of available
          time agents spend handling work. The seed report’s target is 70–85%, balancing efficiency with
          quality and wellbeing.
          {filters.segment ? ' Agent time is not per account, so it is the whole team’s.' : ''}
        </>
      }
    >
      <Async query={report} what="agents" rows={3}>
        {(r) => (
          <OmniView
            report={r}
            card={
              <Async query={metrics} what="utilization" rows={1}>
                {(m) => (
                  <section aria-label="Team utilization">
                    <h2 className="visually-hidden">Team utilization</h2>
                    <MetricCard
                      label="Agent utilization (team)"
                      metric={m.metrics.find((x) => x.id === 'agent_utilization')}
                      trend={trend.data}
                      trendState={trend.isPending ? 'loading' : trend.isError ? 'error' : 'ready'}
                    />
                  </section>
                )}
              </Async>
            }
          />
        )}
      </Async>
    </Page>
  );
}
