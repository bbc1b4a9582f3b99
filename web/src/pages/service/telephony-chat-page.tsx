/**
 * Telephony and chat (Salesforce's "Telephony and Chat"): the two live channels, where answering in minutes
 * is the benchmark — first response (median and 90th percentile) against it, volume, resolution and CSAT, and
 * first response over 12 months.
 */
import { useApi, useCatalog, useTrend } from '../../api/queries.js';
import type { ChannelsReport, MetricResult } from '../../api/types.js';
import { TierBadge } from '../../components/badges.js';
import { lineOption, palette } from '../../components/chart-options.js';
import { Page, Panel } from '../../components/page.js';
import { Async } from '../../components/states.js';
import { TrendPanel } from '../../components/trend-panel.js';
import { count, hours, humanize, minutes, monthLabel, monthShort, percent } from '../../lib/format.js';
import { useGlobalFilters } from '../../lib/url-state.js';
import { frtTiers } from './channels-page.js';

const LIVE = [
  { channel: 'phone', target: 'answer within 3 minutes on average' },
  { channel: 'chat', target: 'first reply in 3–5 minutes' },
] as const;

const channelValue = (m: MetricResult | undefined, channel: string): number | null =>
  ((m?.breakdown?.[channel] as { value?: number } | undefined)?.value ?? null) as number | null;

export function TelephonyChatPage() {
  const filters = useGlobalFilters();
  const metrics = useCatalog(filters);
  const channels = useApi<ChannelsReport>('/api/support/channels', {
    period: filters.period,
    segment: filters.segment,
  });
  const trend = useTrend(['first_response_time_minutes'], filters);
  const p = palette();
  const months = trend.data?.months ?? [];
  return (
    <Page
      title="Telephony and chat"
      intro={
        <>
          {metrics.data ? monthLabel(metrics.data.period.label) : 'The latest month'} ·{' '}
          {filters.segment ? humanize(filters.segment) : 'all segments'}: the live channels, where customers
          expect an answer in minutes.
        </>
      }
    >
      <Async query={metrics} what="first response" rows={2}>
        {(report) => {
          const frt = report.metrics.find((m) => m.id === 'first_response_time_minutes');
          const p90 = report.metrics.find((m) => m.id === 'first_response_time_minutes_p90');
          const tiers = frtTiers(frt);
          return (
            <div className="grid-2">
              {LIVE.map(({ channel, target }) => {
                const row = channels.data?.channels.find((c) => c.channel === channel);
                return (
                  <Panel key={channel} title={humanize(channel)} id={channel} aside={`benchmark: ${target}`}>
                    <dl className="stats big" data-channel={channel}>
                      <div>
                        <dt>First response, median</dt>
                        <dd className="num">
                          {minutes(channelValue(frt, channel))} <TierBadge tier={tiers[channel] ?? null} />
                        </dd>
                      </div>
                      <div>
                        <dt>90th percentile</dt>
                        <dd className="num">{minutes(channelValue(p90, channel))}</dd>
                      </div>
                      <div>
                        <dt>Cases</dt>
                        <dd className="num">{count(row?.tickets)}</dd>
                      </div>
                      <div>
                        <dt>Resolution, median</dt>
                        <dd className="num">{hours(row?.resolutionMedianHours)}</dd>
                      </div>
                      <div>
                        <dt>First contact resolution</dt>
                        <dd className="num">{percent(row?.fcrRate)}</dd>
                      </div>
                      <div>
                        <dt>Satisfied (CSAT 4–5)</dt>
                        <dd className="num">{percent(row?.satisfiedShare)}</dd>
                      </div>
                    </dl>
                  </Panel>
                );
              })}
            </div>
          );
        }}
      </Async>
      <TrendPanel
        title="First response by month"
        id="trend"
        aside="median minutes"
        query={trend}
        height={240}
        option={lineOption(
          months.map((m) => monthShort(m.period.label)),
          LIVE.map(({ channel }, i) => ({
            name: humanize(channel),
            values: months.map((m) =>
              channelValue(
                m.metrics.find((x) => x.id === 'first_response_time_minutes'),
                channel,
              ),
            ),
            color: i === 0 ? p.accent : p['accent-2'],
          })),
          'minutes',
          { min: 0, bands: [{ from: 0, to: 5, color: p.good, label: '≤ 5 min' }] },
        )}
        label="Median first response in minutes for phone and chat over 12 months"
      />
    </Page>
  );
}
