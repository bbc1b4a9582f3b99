/**
 * Overview: where the company stands against the market (the retention and sentiment metrics with their
 * benchmark tiers and 12-month trends), how MRR moved, how healthy the book is — the way into the accounts at
 * risk — and the maturity phase with what the next one needs.
 */
import { useNavigate } from 'react-router';
import { useAllAccounts, useApi, useTrend } from '../api/queries.js';
import type { AccountRow, Band, Maturity, MetricResult, MetricsReport } from '../api/types.js';
import { AppLink, useLinkTo } from '../components/app-link.js';
import { BAND_LABEL, BANDS, BandBadge } from '../components/badges.js';
import { Chart } from '../components/chart.js';
import { barOption, palette, waterfallOption, type Step } from '../components/chart-options.js';
import { MetricCard, stateOf } from '../components/metric-card.js';
import { Page, Panel } from '../components/page.js';
import { Async, Empty } from '../components/states.js';
import {
  count,
  date,
  formatValue,
  humanize,
  money,
  moneyCompact,
  monthLabel,
  percent,
} from '../lib/format.js';
import { OVERVIEW_METRICS } from '../lib/page-metrics.js';
import { useGlobalFilters } from '../lib/url-state.js';

export const BAND_THRESHOLDS = { atRisk: 40, healthy: 70 } as const;

const byId = (metrics: readonly MetricResult[], id: string) => metrics.find((m) => m.id === id);

function bandOfScore(score: number): Band {
  return score >= BAND_THRESHOLDS.healthy
    ? 'healthy'
    : score >= BAND_THRESHOLDS.atRisk
      ? 'at_risk'
      : 'critical';
}

function MrrBridge({ report }: { report: MetricsReport }) {
  const v = (id: string) => byId(report.metrics, id)?.value ?? null;
  const end = v('mrr');
  const moves = {
    new: v('new_mrr'),
    reactivation: v('reactivation_mrr'),
    expansion: v('expansion_mrr'),
    contraction: v('contraction_mrr'),
    churned: v('churned_mrr'),
  };
  if (end === null || Object.values(moves).some((m) => m === null))
    return <Empty>The MRR bridge is not available for this selection.</Empty>;
  const m = moves as Record<keyof typeof moves, number>;
  const start = end - m.new - m.reactivation - m.expansion + m.contraction + m.churned;
  const steps: Step[] = [
    { label: `MRR ${date(report.period.start)}`, kind: 'total', value: start },
    { label: 'New', kind: 'gain', value: m.new },
    { label: 'Reactivation', kind: 'gain', value: m.reactivation },
    { label: 'Expansion', kind: 'gain', value: m.expansion },
    { label: 'Contraction', kind: 'loss', value: m.contraction },
    { label: 'Churned', kind: 'loss', value: m.churned },
    { label: `MRR ${date(report.period.end)}`, kind: 'total', value: end },
  ];
  const net = end - start;
  return (
    <>
      <Chart
        height={260}
        option={waterfallOption(steps, 'currency')}
        label={`MRR bridge for ${report.period.label}: ${steps
          .map((s) => `${s.label} ${s.kind === 'loss' ? 'minus ' : ''}${money(s.value)}`)
          .join(', ')}`}
      />
      <dl className="stats">
        <div>
          <dt>Net change</dt>
          <dd className="num">
            {net >= 0 ? '+' : '−'}
            {money(Math.abs(net))}
          </dd>
        </div>
        <div>
          <dt>ARR</dt>
          <dd className="num">{moneyCompact(v('arr'))}</dd>
        </div>
        <div>
          <dt>Quick ratio</dt>
          <dd className="num">{formatValue(v('quick_ratio'), 'multiple')}</dd>
        </div>
      </dl>
    </>
  );
}

function HealthDistribution({ accounts, asOf }: { accounts: readonly AccountRow[]; asOf: string }) {
  const navigate = useNavigate();
  const linkTo = useLinkTo();
  const scored = accounts.filter((a) => a.score !== null);
  if (scored.length === 0) return <Empty>No scored accounts for this selection.</Empty>;
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, n: 0 }));
  for (const a of scored) {
    const bin = bins[Math.min(9, Math.floor((a.score ?? 0) / 10))];
    if (bin) bin.n += 1;
  }
  const p = palette();
  const totals = BANDS.map((band) => {
    const rows = scored.filter((a) => a.band === band);
    return { band, n: rows.length, arr: rows.reduce((s, a) => s + a.arr, 0) };
  });
  const listOf = (band: Band) => linkTo('/accounts', { band, sort: 'arr', order: 'desc' });
  return (
    <>
      <Chart
        height={200}
        option={barOption(
          bins.map((b) => ({ label: `${b.from}–${b.to}`, value: b.n, color: p[bandOfScore(b.from)] })),
          'count',
          { name: 'accounts' },
        )}
        label={`Health scores of ${scored.length} paying accounts in 10-point bins: ${bins
          .map((b) => `${b.from} to ${b.to}: ${b.n}`)
          .join(', ')}`}
        onClick={(e) => {
          const bin = bins[e.dataIndex];
          if (bin) void navigate(listOf(bandOfScore(bin.from)));
        }}
      />
      <ul className="band-links" aria-label="Accounts by health band">
        {totals.map((t) => (
          <li key={t.band}>
            <AppLink
              to="/accounts"
              params={{ band: t.band, sort: 'arr', order: 'desc' }}
              className={`band-link band-${t.band}`}
              aria-label={`${BAND_LABEL[t.band]}: ${t.n} accounts, ${money(t.arr)} ARR — list them by ARR`}
            >
              <span className="band-name">{BAND_LABEL[t.band]}</span>
              <span className="band-count num">{count(t.n)}</span>
              <span className="band-share">
                {percent(t.n / scored.length, 0)} · {moneyCompact(t.arr)} ARR
              </span>
            </AppLink>
          </li>
        ))}
      </ul>
      <p className="note">
        {count(scored.length)} scored paying accounts on {date(asOf)}. Healthy ≥ {BAND_THRESHOLDS.healthy}, at
        risk ≥ {BAND_THRESHOLDS.atRisk}, critical below. Click a band to see its accounts, largest first.
      </p>
    </>
  );
}

function AtRiskList({ accounts }: { accounts: readonly AccountRow[] }) {
  const critical = accounts.filter((a) => a.band === 'critical').sort((a, b) => b.arr - a.arr);
  if (critical.length === 0) return <Empty>No critical accounts. 🎉</Empty>;
  return (
    <>
      <ol className="risk-list">
        {critical.slice(0, 6).map((a) => (
          <li key={a.id}>
            <AppLink to={`/accounts/${encodeURIComponent(a.id)}`}>{a.name}</AppLink>
            <span className="muted">
              {humanize(a.segment)} · renews {date(a.renewalDate)}
            </span>
            <span className="num">{moneyCompact(a.arr)}</span>
            <BandBadge band={a.band} score={a.score} />
          </li>
        ))}
      </ol>
      <AppLink to="/accounts" params={{ band: 'critical', sort: 'arr', order: 'desc' }} className="more">
        All {critical.length} critical accounts →
      </AppLink>
    </>
  );
}

function MaturityCard({ maturity }: { maturity: Maturity }) {
  const next = maturity.nextPhase;
  return (
    <div className="maturity-card">
      <ol className="phases" aria-label="Maturity phases">
        {[1, 2, 3, 4].map((n) => (
          <li
            key={n}
            className={
              n < maturity.phase.number ? 'done' : n === maturity.phase.number ? 'current' : undefined
            }
            aria-current={n === maturity.phase.number ? 'step' : undefined}
          >
            {n}
          </li>
        ))}
      </ol>
      <p className="phase-name">
        Phase {maturity.phase.number}: <strong>{maturity.phase.name}</strong>
      </p>
      <p>
        Trailing-12-month NRR <strong className="num">{percent(maturity.nrr.value)}</strong> against the
        phase’s ~{percent(maturity.phase.nrrBenchmark, 0)}
        {maturity.nrr.levelOfPhase !== null && maturity.nrr.levelOfPhase !== maturity.phase.number && (
          <> (the NRR of phase {maturity.nrr.levelOfPhase})</>
        )}
        .
      </p>
      {next ? (
        <>
          <h3>
            Phase {next.number} ({next.name}) needs
          </h3>
          <ul className="needs">
            {next.needs.slice(0, 4).map((need) => (
              <li key={need.id}>{need.action}</li>
            ))}
            {next.nrrGap !== null && next.nrrGap > 0 && (
              <li>
                NRR up by {percent(next.nrrGap)} to ~{percent(next.nrrBenchmark, 0)}
              </li>
            )}
          </ul>
        </>
      ) : (
        <p className="note">The highest phase: what remains is to lift NRR toward the phase benchmark.</p>
      )}
      <AppLink to="/maturity" className="more">
        Evidence for every criterion →
      </AppLink>
    </div>
  );
}

/**
 * The healthy share's history scores every account at each month end, far slower than the rest: it is asked
 * for on its own, so the other cards' trends do not wait for it and the two run side by side on the server.
 */
const SLOW = 'healthy_account_share';

export function OverviewPage() {
  const { period, segment, asOf } = useGlobalFilters();
  const metrics = useApi<MetricsReport>('/api/metrics', { period, segment });
  const trend = useTrend(
    OVERVIEW_METRICS.map((m) => m.id).filter((id) => id !== SLOW),
    { period, segment },
  );
  const slowTrend = useTrend([SLOW], { period, segment });
  const accounts = useAllAccounts({
    asOf,
    segment,
    band: ['critical', 'at_risk', 'healthy'],
    sort: 'arr',
    order: 'desc',
  });
  const maturity = useApi<Maturity>('/api/maturity', { asOf });
  const label = metrics.data
    ? monthLabel(metrics.data.period.label)
    : period
      ? monthLabel(period)
      : 'the latest month';
  return (
    <Page
      title="Overview"
      intro={
        <>
          {label} · {segment ? humanize(segment) : 'all segments'}. Each figure is graded against the seed
          report’s benchmarks.
        </>
      }
    >
      <Async query={metrics} what="metrics" rows={2}>
        {(report) => (
          <section className="card-grid" aria-label="Headline metrics">
            <h2 className="visually-hidden">Headline metrics</h2>
            {OVERVIEW_METRICS.map((m) => (
              <MetricCard
                key={m.id}
                label={m.label}
                metric={byId(report.metrics, m.id)}
                {...(m.id === SLOW
                  ? { trend: slowTrend.data, trendState: stateOf(slowTrend) }
                  : { trend: trend.data, trendState: stateOf(trend) })}
              />
            ))}
          </section>
        )}
      </Async>
      <div className="grid-2-1">
        <Panel
          title="MRR bridge"
          id="mrr-bridge"
          aside={metrics.data && monthLabel(metrics.data.period.label)}
        >
          <Async query={metrics} what="the MRR bridge">
            {(report) => <MrrBridge report={report} />}
          </Async>
        </Panel>
        <Panel title="Maturity" id="maturity" aside={segment ? 'company-wide' : undefined}>
          <Async query={maturity} what="the maturity assessment">
            {(m) => <MaturityCard maturity={m} />}
          </Async>
        </Panel>
      </div>
      <div className="grid-2">
        <Panel title="Health distribution" id="health">
          <Async query={accounts} what="health scores">
            {(list) => <HealthDistribution accounts={list.accounts} asOf={list.asOf} />}
          </Async>
        </Panel>
        <Panel title="Critical accounts, largest first" id="at-risk">
          <Async query={accounts} what="critical accounts">
            {(list) => <AtRiskList accounts={list.accounts} />}
          </Async>
        </Panel>
      </div>
    </Page>
  );
}
