/**
 * Channel review (Salesforce's "Channel Review"): volume, speed, first contact resolution, backlog and CSAT
 * per channel, each channel's first response graded against its own benchmark.
 */
import { useApi, useCatalog } from '../../api/queries.js';
import type { ChannelPerformance, ChannelsReport, MetricResult, Tier } from '../../api/types.js';
import { TierBadge } from '../../components/badges.js';
import { Chart } from '../../components/chart.js';
import { barOption, palette } from '../../components/chart-options.js';
import { DataTable, useClientSort, type Column } from '../../components/data-table.js';
import { Page, Panel } from '../../components/page.js';
import { Async, Empty } from '../../components/states.js';
import { count, decimal, hours, humanize, minutes, monthLabel, percent } from '../../lib/format.js';
import { useGlobalFilters } from '../../lib/url-state.js';

/** Each channel's first-response tier, from the catalog's per-channel breakdown of the FRT metric. */
export function frtTiers(metric: MetricResult | undefined): Record<string, Tier | null> {
  const out: Record<string, Tier | null> = {};
  for (const [channel, v] of Object.entries(metric?.breakdown ?? {}))
    out[channel] = ((v as { tier?: Tier } | null)?.tier ?? null) as Tier | null;
  return out;
}

function columns(tiers: Record<string, Tier | null>): Column<ChannelPerformance>[] {
  return [
    {
      key: 'channel',
      label: 'Channel',
      rowHeader: true,
      sortValue: (c) => c.channel,
      render: (c) => humanize(c.channel),
    },
    {
      key: 'tickets',
      label: 'Cases',
      numeric: true,
      descFirst: true,
      sortValue: (c) => c.tickets,
      render: (c) => count(c.tickets),
    },
    {
      key: 'frt',
      label: 'First response',
      numeric: true,
      sortValue: (c) => c.frtMedianMinutes,
      render: (c) => (
        <>
          {minutes(c.frtMedianMinutes)} <TierBadge tier={tiers[c.channel] ?? null} />
        </>
      ),
    },
    {
      key: 'resolution',
      label: 'Resolution',
      numeric: true,
      sortValue: (c) => c.resolutionMedianHours,
      render: (c) => hours(c.resolutionMedianHours),
    },
    {
      key: 'fcr',
      label: 'FCR',
      numeric: true,
      descFirst: true,
      sortValue: (c) => c.fcrRate,
      render: (c) => percent(c.fcrRate),
    },
    {
      key: 'csat',
      label: 'CSAT',
      numeric: true,
      descFirst: true,
      sortValue: (c) => c.satisfiedShare,
      render: (c) => (
        <>
          {percent(c.satisfiedShare)}
          <span className="sub">
            avg {decimal(c.csatAverage, 2)} · {count(c.csatResponses)} answers
          </span>
        </>
      ),
    },
    {
      key: 'backlog',
      label: 'Open',
      numeric: true,
      descFirst: true,
      sortValue: (c) => c.backlog,
      render: (c) => count(c.backlog),
    },
  ];
}

function ChannelsView({ report, tiers }: { report: ChannelsReport; tiers: Record<string, Tier | null> }) {
  const cols = columns(tiers);
  const table = useClientSort(report.channels, cols, 'sort', { key: 'tickets', order: 'desc' });
  const p = palette();
  if (report.channels.length === 0) return <Empty>No cases in this period.</Empty>;
  const byVolume = [...report.channels].sort((a, b) => b.tickets - a.tickets);
  return (
    <>
      <Panel title="Channels" id="channels">
        <DataTable caption="Channel review" columns={cols} rowKey={(c) => c.channel} {...table} />
        <p className="note">
          First-response benchmarks: chat 3–5 min, phone 3 min, social 60 min, email under 4 h excellent and
          12–24 h acceptable (seed report).
        </p>
      </Panel>
      <div className="grid-2">
        <Panel title="Volume by channel" id="volume">
          <Chart
            height={240}
            option={barOption(
              byVolume.map((c) => ({ label: humanize(c.channel), value: c.tickets })),
              'count',
            )}
            label={`Cases per channel: ${byVolume.map((c) => `${c.channel} ${c.tickets}`).join(', ')}`}
          />
        </Panel>
        <Panel title="CSAT by channel" id="csat" aside="answers scoring 4–5">
          <Chart
            height={240}
            option={barOption(
              byVolume.map((c) => ({
                label: humanize(c.channel),
                value: c.satisfiedShare,
                color:
                  c.satisfiedShare === null
                    ? p.none
                    : c.satisfiedShare >= 0.8
                      ? p.good
                      : c.satisfiedShare >= 0.7
                        ? p.fair
                        : p.poor,
              })),
              'ratio',
              { max: 1, target: { from: 0.8, to: 1, label: '≥ 80%' } },
            )}
            label={`Satisfied share per channel: ${byVolume.map((c) => `${c.channel} ${percent(c.satisfiedShare)}`).join(', ')}`}
          />
        </Panel>
      </div>
    </>
  );
}

export function ChannelsPage() {
  const filters = useGlobalFilters();
  const report = useApi<ChannelsReport>('/api/support/channels', {
    period: filters.period,
    segment: filters.segment,
  });
  const metrics = useCatalog(filters);
  const tiers = frtTiers(metrics.data?.metrics.find((m) => m.id === 'first_response_time_minutes'));
  return (
    <Page
      title="Channel review"
      intro={
        <>
          {report.data ? monthLabel(report.data.period.label) : 'The latest month'} ·{' '}
          {filters.segment ? humanize(filters.segment) : 'all segments'}: cases and CSAT by channel.
        </>
      }
    >
      <Async query={report} what="channels" rows={4}>
        {(r) => <ChannelsView report={r} tiers={tiers} />}
      </Async>
    </Page>
  );
}
