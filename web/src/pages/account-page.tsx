/**
 * Account 360: who the account is, its health score explained measure by measure (what drags it down, what
 * moved since the previous score) with its history, MRR history, usage and feature adoption, tickets,
 * surveys, the CSM timeline, contacts with executives flagged, lifecycle stage and risk events.
 */
import { useParams } from 'react-router';
import { useApi } from '../api/queries.js';
import type { Account360, HealthExplanation } from '../api/types.js';
import { AppLink } from '../components/app-link.js';
import { BandBadge, StageBadge } from '../components/badges.js';
import { Chart } from '../components/chart.js';
import { barLineOption, lineOption, palette } from '../components/chart-options.js';
import { DataTable, type Column } from '../components/data-table.js';
import { Page, Panel } from '../components/page.js';
import { ticketColumns } from '../components/ticket-columns.js';
import { Async, Empty } from '../components/states.js';
import {
  count,
  date,
  dateShort,
  dateTime,
  decimal,
  humanize,
  money,
  monthShort,
  relativeDays,
} from '../lib/format.js';
import { MEASURES, measureLabel, measureValue } from '../lib/measures.js';
import { useGlobalFilters } from '../lib/url-state.js';
import { BAND_THRESHOLDS } from './overview-page.js';

type Contribution = HealthExplanation['contributions'][number];
type Feature = Account360['usage']['features'][number];
type Contact = Account360['contacts'][number];

/**
 * The recorded history under one scorecard version: the current one if it has recorded scores, else the
 * version recorded most recently (a new scorecard version starts with no history until it is re-recorded).
 */
function historyOf(a: Account360): Account360['health']['history'] {
  const all = a.health.history;
  const current = a.health.current?.configVersion;
  const latest = [...all].sort((x, y) => x.asOf.localeCompare(y.asOf)).at(-1)?.configVersion;
  const version = all.some((p) => p.configVersion === current) ? current : latest;
  return all.filter((p) => p.configVersion === version);
}

/** How many recent tickets the 360 lists before linking to all of them. */
const RECENT_TICKETS = 10;

/** Points a measure leaves on the table: its full weight minus what it earned. */
const lost = (c: Contribution) => c.effectiveWeight * 100 - c.contribution;

function Hero({ a }: { a: Account360 }) {
  const h = a.health.current;
  const delta =
    h?.previous?.score !== null && h?.previous?.score !== undefined && h.score !== null
      ? h.score - h.previous.score
      : null;
  return (
    <section className="panel hero-panel" aria-label="Profile">
      <div className="hero">
        <div className="hero-score">
          <p className="score-big num" aria-label={`health score ${decimal(h?.score)}`}>
            {h?.score === null || h === null ? '—' : decimal(h.score, 0)}
          </p>
          <div>
            <BandBadge band={h?.band ?? null} />
            {delta !== null && h?.previous && (
              <p className="note">
                {delta >= 0 ? '+' : '−'}
                {decimal(Math.abs(delta))} since {date(h.previous.asOf)}
              </p>
            )}
          </div>
        </div>
        <dl className="stats">
          <div>
            <dt>ARR</dt>
            <dd className="num">{money(a.revenue.arr)}</dd>
          </div>
          <div>
            <dt>Renewal</dt>
            <dd>{a.revenue.nextRenewal ? date(a.revenue.nextRenewal) : '—'}</dd>
            {a.revenue.nextRenewal && <dd className="note">{relativeDays(a.revenue.nextRenewal, a.asOf)}</dd>}
          </div>
          <div>
            <dt>Stage</dt>
            <dd>
              <StageBadge stage={a.lifecycle.stage} />
            </dd>
            <dd className="note">since {date(a.lifecycle.since)}</dd>
          </div>
          <div>
            <dt>CSM</dt>
            <dd>{a.profile.csm?.name ?? 'none'}</dd>
          </div>
        </dl>
      </div>
      <dl className="facts-inline">
        <div>
          <dt>Segment</dt>
          <dd>
            {humanize(a.profile.segment)} · {humanize(a.profile.touchModel)} touch
          </dd>
        </div>
        <div>
          <dt>Plan</dt>
          <dd>{a.profile.plan ?? '—'}</dd>
        </div>
        <div>
          <dt>Industry, region</dt>
          <dd>
            {a.profile.industry ?? '—'}, {a.profile.region ?? '—'}
          </dd>
        </div>
        <div>
          <dt>Seats</dt>
          <dd>
            {count(a.profile.subscribedSeats)} subscribed of {count(a.profile.licensedSeats)} licensed
          </dd>
        </div>
        <div>
          <dt>Customer since</dt>
          <dd>{date(a.profile.createdAt)}</dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>{a.usage.lastSeen ? dateTime(a.usage.lastSeen) : 'never'}</dd>
        </div>
      </dl>
    </section>
  );
}

const MEASURE_COLUMNS: readonly Column<Contribution>[] = [
  {
    key: 'measure',
    label: 'Measure',
    rowHeader: true,
    render: (c) => (
      <>
        {measureLabel(c.measure)}
        <span className="sub">{MEASURES[c.measure]?.help}</span>
      </>
    ),
  },
  { key: 'raw', label: 'Value', render: (c) => measureValue(c.measure, c.raw) },
  {
    key: 'score',
    label: 'Score',
    render: (c) =>
      c.score === null ? (
        <span className="muted">NA</span>
      ) : (
        <>
          <span className="meter" aria-hidden="true">
            <span
              style={{
                width: `${c.score}%`,
                background:
                  palette()[
                    c.score >= BAND_THRESHOLDS.healthy
                      ? 'healthy'
                      : c.score >= BAND_THRESHOLDS.atRisk
                        ? 'at_risk'
                        : 'critical'
                  ],
              }}
            />
          </span>
          <span className="num">{decimal(c.score, 0)}</span>
        </>
      ),
  },
  { key: 'weight', label: 'Weight', numeric: true, render: (c) => `${decimal(c.effectiveWeight * 100, 0)}%` },
  { key: 'points', label: 'Points', numeric: true, render: (c) => decimal(c.contribution) },
  { key: 'lost', label: 'Lost', numeric: true, render: (c) => decimal(lost(c)) },
];

function HealthExplained({ h }: { h: HealthExplanation }) {
  const weakest = [...h.contributions].filter((c) => lost(c) >= 0.5).sort((a, b) => lost(b) - lost(a));
  const moves = h.moves
    .filter((m) => Math.abs(m.delta) >= 0.05)
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
  return (
    <>
      <h3>Why the score is {decimal(h.score, 0)}</h3>
      {weakest.length === 0 ? (
        <p>Every measure earns its full weight.</p>
      ) : (
        <ol className="needs weakest" aria-label="Weakest measures">
          {weakest.slice(0, 3).map((c) => (
            <li key={c.measure}>
              <strong>{measureLabel(c.measure)}</strong>: {measureValue(c.measure, c.raw)} — costs{' '}
              {decimal(lost(c))} points
            </li>
          ))}
        </ol>
      )}
      <h3>
        What moved since {h.previous ? date(h.previous.asOf) : 'the previous score'}
        {h.previous?.score !== null &&
          h.previous?.score !== undefined &&
          ` (then ${decimal(h.previous.score)})`}
      </h3>
      {moves.length === 0 ? (
        <p className="note">{h.previous ? 'No measure moved.' : 'No earlier score to compare with.'}</p>
      ) : (
        <ul className="plain-list moves">
          {moves.slice(0, 5).map((m) => (
            <li key={m.measure}>
              <span className={m.delta > 0 ? 'trend-up trend' : 'trend-down trend'}>
                {m.delta > 0 ? '↑ +' : '↓ −'}
                {decimal(Math.abs(m.delta))} pts
              </span>{' '}
              {measureLabel(m.measure)}: {measureValue(m.measure, m.rawBefore)} →{' '}
              {measureValue(m.measure, m.rawNow)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function MeasureTable({ h }: { h: HealthExplanation }) {
  return (
    <>
      <DataTable
        caption="Health score measures"
        rows={[...h.contributions].sort((a, b) => lost(b) - lost(a))}
        columns={MEASURE_COLUMNS}
        rowKey={(c) => c.measure}
        rowClass={(c) => (lost(c) >= 5 ? 'weak' : undefined)}
      />
      <p className="note">
        Scorecard <code>{h.scorecard}</code> (version {h.configVersion}), coverage{' '}
        {decimal(h.coverage * 100, 0)}%. A measure without data drops out and the others’ weights grow to fill
        100%. Points lost: the measure’s weight minus the points it earned.
      </p>
    </>
  );
}

const FEATURE_COLUMNS: readonly Column<Feature>[] = [
  {
    key: 'name',
    label: 'Feature',
    rowHeader: true,
    render: (f) => (
      <>
        {f.name ?? f.key} {f.core && <span className="badge stage">core</span>}
      </>
    ),
  },
  { key: 'users30', label: 'Users (30 d)', numeric: true, render: (f) => count(f.users30) },
  { key: 'events30', label: 'Events (30 d)', numeric: true, render: (f) => count(f.events30) },
  { key: 'users90', label: 'Users (90 d)', numeric: true, render: (f) => count(f.users90) },
];

const CONTACT_COLUMNS: readonly Column<Contact>[] = [
  {
    key: 'name',
    label: 'Contact',
    rowHeader: true,
    render: (c) => (
      <>
        {c.name ?? c.id} {c.executive && <span className="badge tier-excellent">Executive</span>}
        <span className="sub">{c.title}</span>
      </>
    ),
  },
  { key: 'role', label: 'Role', render: (c) => humanize(c.role) },
  {
    key: 'email',
    label: 'Email',
    render: (c) => (c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '—'),
  },
];

function AccountView({ a }: { a: Account360 }) {
  const h = a.health.current;
  const history = historyOf(a);
  const p = palette();
  const features = [...a.usage.features].sort((x, y) => y.events30 - x.events30);
  const unusedCore = features.filter((f) => f.core && f.users30 === 0);
  return (
    <>
      <Hero a={a} />
      <div className="grid-1-2">
        <Panel title="Health score" id="health">
          {h ? (
            <HealthExplained h={h} />
          ) : (
            <Empty>Not scored: the account is not paying on {date(a.asOf)}.</Empty>
          )}
        </Panel>
        <Panel
          title="Health history"
          id="health-history"
          aside={
            history[0] && h && history[0].configVersion !== h.configVersion
              ? `scorecard version ${history[0].configVersion}`
              : undefined
          }
        >
          {history.length === 0 ? (
            <Empty>No recorded scores (`keel health record`).</Empty>
          ) : (
            <Chart
              height={240}
              option={lineOption(
                history.map((pt) => dateShort(pt.asOf)),
                [{ name: 'Health score', values: history.map((pt) => pt.score) }],
                'points',
                {
                  min: 0,
                  max: 100,
                  bands: [
                    { from: 0, to: BAND_THRESHOLDS.atRisk, color: p.critical, label: 'critical' },
                    {
                      from: BAND_THRESHOLDS.atRisk,
                      to: BAND_THRESHOLDS.healthy,
                      color: p.at_risk,
                      label: 'at risk',
                    },
                    { from: BAND_THRESHOLDS.healthy, to: 100, color: p.healthy, label: 'healthy' },
                  ],
                },
              )}
              label={`Health score history: ${history.length} recorded scores from ${date(history[0]?.asOf)} (${decimal(history[0]?.score)}) to ${date(history.at(-1)?.asOf)} (${decimal(history.at(-1)?.score)})`}
            />
          )}
        </Panel>
      </div>
      {h && (
        <Panel title="Every measure of the score" id="measures">
          <MeasureTable h={h} />
        </Panel>
      )}
      <div className="grid-2">
        <Panel title="MRR history" id="mrr" aside={`${a.revenue.mrrHistory.length} month ends`}>
          <Chart
            height={200}
            option={lineOption(
              a.revenue.mrrHistory.map((m) => monthShort(m.monthEnd)),
              [{ name: 'MRR', values: a.revenue.mrrHistory.map((m) => m.mrr), step: true, area: true }],
              'currency',
              { min: 0 },
            )}
            label={`MRR at each month end: ${a.revenue.mrrHistory.map((m) => `${monthShort(m.monthEnd)} ${money(m.mrr)}`).join(', ')}`}
          />
        </Panel>
        <Panel title="Usage" id="usage" aside="26 weeks">
          {a.usage.weekly.every((w) => w.events === 0) ? (
            <Empty>No product usage in the last 26 weeks.</Empty>
          ) : (
            <Chart
              height={200}
              option={barLineOption(
                a.usage.weekly.map((w) => date(w.weekStart).replace(/, \d{4}$/, '')),
                { name: 'Events', values: a.usage.weekly.map((w) => w.events), unit: 'count' },
                { name: 'Active users', values: a.usage.weekly.map((w) => w.activeUsers), unit: 'count' },
              )}
              label={`Weekly usage events and active users over 26 weeks; last week ${a.usage.weekly.at(-1)?.events ?? 0} events by ${a.usage.weekly.at(-1)?.activeUsers ?? 0} users`}
            />
          )}
        </Panel>
      </div>
      <div className="grid-2">
        <Panel
          title="Feature adoption"
          id="features"
          aside={unusedCore.length > 0 ? `${unusedCore.length} core features unused in 30 days` : undefined}
        >
          {features.length === 0 ? (
            <Empty>No feature catalog.</Empty>
          ) : (
            <DataTable
              caption="Feature adoption"
              rows={features}
              columns={FEATURE_COLUMNS}
              rowKey={(f) => f.key}
            />
          )}
        </Panel>
        <Panel title="Risk events" id="risks">
          {a.riskEvents.length === 0 ? (
            <Empty>No recorded risk events.</Empty>
          ) : (
            <ul className="plain-list">
              {a.riskEvents.map((e) => (
                <li key={e.id}>
                  <strong>{humanize(e.kind)}</strong> <span className="muted">{date(e.asOf)}</span>
                  <span className="sub">{e.detail}</span>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
      <Panel
        title="Tickets"
        id="tickets"
        aside={
          <AppLink to="/service/cases" params={{ account: a.profile.id }}>
            {count(a.tickets.open)} open · all {count(a.tickets.total)} →
          </AppLink>
        }
      >
        {a.tickets.recent.length === 0 ? (
          <Empty>No tickets.</Empty>
        ) : (
          <DataTable
            caption="Recent tickets"
            rows={a.tickets.recent.slice(0, RECENT_TICKETS)}
            columns={ticketColumns()}
            rowKey={(t) => t.id}
          />
        )}
      </Panel>
      <div className="grid-2">
        <Panel title="Interactions" id="interactions" aside="CSM timeline">
          {a.interactions.length === 0 ? (
            <Empty>No CSM interactions recorded.</Empty>
          ) : (
            <ol className="timeline">
              {a.interactions.slice(0, 10).map((i) => (
                <li key={i.id} className={i.withExecutive ? 'exec' : undefined}>
                  <span className="when">
                    {date(i.occurredAt)} · {humanize(i.kind)}
                    {i.author?.name ? ` · ${i.author.name}` : ''}
                    {i.withExecutive ? ' · with an executive' : ''}
                  </span>
                  <strong className="sub-title"> {i.subject}</strong>
                  {i.body && <p>{i.body}</p>}
                </li>
              ))}
            </ol>
          )}
        </Panel>
        <Panel title="Surveys" id="surveys">
          {a.surveys.length === 0 ? (
            <Empty>No survey responses.</Empty>
          ) : (
            <ul className="plain-list">
              {a.surveys.slice(0, 10).map((s) => (
                <li key={s.id}>
                  <span className={`badge ${surveyTone(s.kind, s.score)}`}>
                    {humanize(s.kind)} {s.score}
                  </span>{' '}
                  <span className="muted">
                    {date(s.respondedAt)}
                    {s.contact?.name ? ` · ${s.contact.name}` : ''}
                  </span>
                  {s.comment && <span className="sub">“{s.comment}”</span>}
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
      <Panel
        title="Contacts"
        id="contacts"
        aside={`${a.contacts.filter((c) => c.executive).length} executives`}
      >
        {a.contacts.length === 0 ? (
          <Empty>No contacts.</Empty>
        ) : (
          <DataTable caption="Contacts" rows={a.contacts} columns={CONTACT_COLUMNS} rowKey={(c) => c.id} />
        )}
      </Panel>
    </>
  );
}

/** Promoter/satisfied green, passive/neutral amber, detractor/unsatisfied red; CES is lower-is-better. */
function surveyTone(kind: string, score: number): string {
  const tone =
    kind === 'nps'
      ? score >= 9
        ? 'good'
        : score >= 7
          ? 'fair'
          : 'poor'
      : kind === 'csat'
        ? score >= 4
          ? 'good'
          : score === 3
            ? 'fair'
            : 'poor'
        : score <= 3
          ? 'good'
          : score <= 4
            ? 'fair'
            : 'poor';
  return `tier-${tone}`;
}

export function AccountPage() {
  const { id = '' } = useParams();
  const { asOf } = useGlobalFilters();
  const account = useApi<Account360>(`/api/accounts/${encodeURIComponent(id)}`, { asOf });
  return (
    <Page
      title={account.data?.profile.name ?? 'Account'}
      intro={
        account.data ? (
          <>
            {id} · as of {date(account.data.asOf)} ·{' '}
            <AppLink
              to="/accounts"
              params={{ band: account.data.health.current?.band ?? null, sort: 'arr', order: 'desc' }}
            >
              back to the list
            </AppLink>
          </>
        ) : (
          id
        )
      }
    >
      <Async query={account} what="the account" rows={5}>
        {(a) => <AccountView a={a} />}
      </Async>
    </Page>
  );
}
