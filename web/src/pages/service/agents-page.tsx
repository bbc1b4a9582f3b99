/**
 * Agent performance (Salesforce's "Agent Performance"): each agent's activity and CSAT for the period against
 * the team, sortable, with six-month trends of cases solved and CSAT.
 */
import { useApi } from '../../api/queries.js';
import type { AgentPerformance, AgentsReport } from '../../api/types.js';
import { Chart } from '../../components/chart.js';
import {
  barOption,
  lineOption,
  palette,
  seriesColors,
  type LineSeries,
} from '../../components/chart-options.js';
import { DataTable, useClientSort, type Column } from '../../components/data-table.js';
import { Page, Panel } from '../../components/page.js';
import { Async, Empty } from '../../components/states.js';
import {
  count,
  decimal,
  hours,
  humanize,
  minutes,
  monthLabel,
  monthShort,
  percent,
} from '../../lib/format.js';
import { useGlobalFilters } from '../../lib/url-state.js';

const COLUMNS: readonly Column<AgentPerformance>[] = [
  {
    key: 'name',
    label: 'Agent',
    rowHeader: true,
    sortValue: (a) => a.name,
    render: (a) => (
      <>
        {a.name}
        <span className="sub">
          {humanize(a.role)}
          {a.team ? ` · ${a.team}` : ''}
        </span>
      </>
    ),
  },
  {
    key: 'solved',
    label: 'Solved',
    numeric: true,
    descFirst: true,
    sortValue: (a) => a.ticketsSolved,
    render: (a) => count(a.ticketsSolved),
  },
  {
    key: 'created',
    label: 'Assigned',
    numeric: true,
    descFirst: true,
    sortValue: (a) => a.ticketsCreated,
    render: (a) => count(a.ticketsCreated),
  },
  {
    key: 'frt',
    label: 'First response',
    numeric: true,
    sortValue: (a) => a.frtMedianMinutes,
    render: (a) => minutes(a.frtMedianMinutes),
  },
  {
    key: 'resolution',
    label: 'Resolution',
    numeric: true,
    sortValue: (a) => a.resolutionMedianHours,
    render: (a) => hours(a.resolutionMedianHours),
  },
  {
    key: 'fcr',
    label: 'FCR',
    numeric: true,
    descFirst: true,
    sortValue: (a) => a.fcrRate,
    render: (a) => percent(a.fcrRate),
  },
  {
    key: 'csat',
    label: 'CSAT',
    numeric: true,
    descFirst: true,
    sortValue: (a) => a.satisfiedShare,
    render: (a) => (
      <>
        {percent(a.satisfiedShare)}
        <span className="sub">
          avg {decimal(a.csatAverage, 2)} · {count(a.csatResponses)} answers
        </span>
      </>
    ),
  },
  {
    key: 'reopen',
    label: 'Reopened',
    numeric: true,
    sortValue: (a) => a.reopenRate,
    render: (a) => percent(a.reopenRate),
  },
  {
    key: 'utilization',
    label: 'Utilization',
    numeric: true,
    descFirst: true,
    sortValue: (a) => a.utilization,
    render: (a) => percent(a.utilization),
  },
];

/** A trend chart's axis: the first agent's months, as the report gives every agent the same ones. */
export const agentMonths = (agents: readonly AgentPerformance[]): string[] =>
  agents[0]?.trend.map((t) => monthShort(t.month)) ?? [];

/** One line per agent, each in the agent's own colour, so an agent keeps its colour from chart to chart. */
export function agentLines(
  agents: readonly AgentPerformance[],
  pick: (t: AgentPerformance['trend'][number]) => number | null,
): LineSeries[] {
  const colors = seriesColors();
  return agents.map((a, i) => ({
    name: a.name,
    values: a.trend.map(pick),
    color: colors[i % colors.length],
  }));
}

function AgentsView({ report }: { report: AgentsReport }) {
  const agents = report.agents.filter((a) => a.ticketsSolved > 0 || a.ticketsCreated > 0);
  const table = useClientSort(agents, COLUMNS, 'sort', { key: 'solved', order: 'desc' });
  if (agents.length === 0) return <Empty>No agent handled a case in this period.</Empty>;
  const months = agentMonths(agents);
  const p = palette();
  const tone = (v: number | null) =>
    v === null ? p.none : v >= 0.9 ? p.excellent : v >= 0.8 ? p.good : v >= 0.7 ? p.fair : p.poor;
  return (
    <>
      <Panel title="Agents" id="agents">
        <DataTable caption="Agent performance" columns={COLUMNS} rowKey={(a) => a.id} {...table} />
      </Panel>
      <div className="grid-2">
        <Panel title="Cases solved per month" id="solved-trend">
          <Chart
            height={260}
            option={lineOption(
              months,
              agentLines(agents, (t) => t.solved),
              'count',
              { min: 0 },
            )}
            label={`Cases solved per month by each of ${agents.length} agents`}
          />
        </Panel>
        <Panel title="CSAT average per month (1–5)" id="csat-trend">
          <Chart
            height={260}
            option={lineOption(
              months,
              agentLines(agents, (t) => t.csatAverage),
              'points',
              { min: 1, max: 5 },
            )}
            label={`Average CSAT per month by agent`}
          />
        </Panel>
      </div>
      <Panel title="Satisfied customers by agent" id="csat-by-agent">
        <Chart
          height={Math.max(160, agents.length * 34)}
          option={barOption(
            agents.map((a) => ({ label: a.name, value: a.satisfiedShare, color: tone(a.satisfiedShare) })),
            'ratio',
            { horizontal: true, max: 1, target: { from: 0.8, to: 1, label: '≥ 80% target' } },
          )}
          label={`Share of CSAT answers scoring 4–5 per agent: ${agents.map((a) => `${a.name} ${percent(a.satisfiedShare)}`).join(', ')}`}
        />
      </Panel>
    </>
  );
}

export function AgentsPage() {
  const { period, segment } = useGlobalFilters();
  const report = useApi<AgentsReport>('/api/support/agents', { period, segment });
  return (
    <Page
      title="Agent performance"
      intro={
        <>
          {report.data ? monthLabel(report.data.period.label) : 'The latest month'}: cases, speed, first
          contact resolution and CSAT per agent. Utilization is the agent’s handle time over available time.
        </>
      }
    >
      <Async query={report} what="agent performance" rows={4}>
        {(r) => <AgentsView report={r} />}
      </Async>
    </Page>
  );
}
