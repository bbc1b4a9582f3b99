/**
 * Accounts: every account on the period's as-of date with its health band and 30-day trend, ARR, renewal and
 * stage; filtered, sorted and paged by the server (so the figures are `keel accounts`'), all of it in the URL,
 * and exported as CSV with the same filters.
 */
import { useEffect, useId, useState } from 'react';
import { apiDownload } from '../api/client.js';
import { useApi } from '../api/queries.js';
import type { AccountList, AccountRow, Capacity, LifecycleStage, RiskEvent } from '../api/types.js';
import { AppLink } from '../components/app-link.js';
import { BAND_LABEL, BANDS, BandBadge, StageBadge, TrendArrow } from '../components/badges.js';
import { DataTable, type Column, type SortState } from '../components/data-table.js';
import { Page } from '../components/page.js';
import { Pager, sortInUrl } from '../components/pager.js';
import { SelectField } from '../components/select-field.js';
import { Async, Empty, ErrorState } from '../components/states.js';
import { count, date, humanize, money, relativeDays } from '../lib/format.js';
import { useGlobalFilters, usePageParams } from '../lib/url-state.js';

export const STAGE_ORDER: readonly LifecycleStage[] = [
  'acquisition',
  'onboarding',
  'adoption',
  'retention',
  'advocacy',
  'churned',
];
const PAGE_SIZE = 50;
/** The sorts a phone offers, where the table's sortable headers are folded away. */
const SORTS = [
  { value: 'arr:desc', label: 'ARR, largest first' },
  { value: 'score:asc', label: 'Health, lowest first' },
  { value: 'trend:asc', label: 'Largest 30-day drop' },
  { value: 'renewalDate:asc', label: 'Renewal, soonest' },
  { value: 'openTickets:desc', label: 'Most open tickets' },
  { value: 'name:asc', label: 'Name' },
];
const RENEWAL_WINDOWS = [30, 60, 90, 180, 365];
const DEFAULT_SORT: SortState = { key: 'arr', order: 'desc' };

export const RISK_LABEL: Record<RiskEvent['kind'], string> = {
  score_drop: 'Score drop',
  became_critical: 'Became critical',
  usage_drop: 'Usage drop',
  detractor: 'NPS detractor',
  renewal_at_risk: 'Renewal at risk',
};
/** How far back the list looks for each account's latest risk signal. */
const SIGNAL_DAYS = 30;

function latestSignals(events: readonly RiskEvent[], asOf: string): Map<string, RiskEvent> {
  const from = new Date(Date.parse(`${asOf}T00:00:00Z`) - SIGNAL_DAYS * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const latest = new Map<string, RiskEvent>();
  for (const e of events) {
    if (e.asOf > asOf || e.asOf < from) continue;
    const seen = latest.get(e.accountId);
    if (!seen || e.asOf > seen.asOf) latest.set(e.accountId, e);
  }
  return latest;
}

function signalColumn(signals: Map<string, RiskEvent> | null): Column<AccountRow> {
  return {
    key: 'signal',
    label: 'Latest risk signal',
    className: 'risk-signal',
    render: (a) => {
      const e = signals?.get(a.id);
      if (!signals) return <span className="muted">…</span>;
      return e ? (
        <>
          <strong>{RISK_LABEL[e.kind]}</strong> <span className="muted">{date(e.asOf)}</span>
          <span className="sub">{e.detail}</span>
        </>
      ) : (
        <span className="muted">none in {SIGNAL_DAYS} days</span>
      );
    },
  };
}

const COLUMNS: readonly Column<AccountRow>[] = [
  {
    key: 'name',
    serverSort: 'name',
    label: 'Account',
    rowHeader: true,
    render: (a) => (
      <>
        <AppLink to={`/accounts/${encodeURIComponent(a.id)}`}>{a.name}</AppLink>
        <span className="sub">{a.id}</span>
      </>
    ),
  },
  { key: 'segment', serverSort: 'segment', label: 'Segment', render: (a) => humanize(a.segment) },
  {
    key: 'csm',
    serverSort: 'csm',
    label: 'CSM',
    className: 'nowrap',
    render: (a) => a.csm?.name ?? a.csm?.id ?? <span className="muted">none</span>,
  },
  { key: 'stage', serverSort: 'stage', label: 'Stage', render: (a) => <StageBadge stage={a.stage} /> },
  {
    key: 'score',
    serverSort: 'score',
    label: 'Health',
    render: (a) => <BandBadge band={a.band} score={a.score} />,
  },
  { key: 'trend', serverSort: 'trend', label: '30-day trend', render: (a) => <TrendArrow trend={a.trend} /> },
  {
    key: 'arr',
    serverSort: 'arr',
    label: 'ARR',
    numeric: true,
    descFirst: true,
    render: (a) => money(a.arr),
  },
  {
    key: 'renewalDate',
    serverSort: 'renewalDate',
    label: 'Renewal',
    className: 'nowrap',
    render: (a) => (a.renewalDate ? date(a.renewalDate) : <span className="muted">—</span>),
  },
  {
    key: 'openTickets',
    serverSort: 'openTickets',
    label: 'Open tickets',
    numeric: true,
    descFirst: true,
    render: (a) => count(a.openTickets),
  },
  {
    key: 'lastSeen',
    serverSort: 'lastSeen',
    label: 'Last seen',
    className: 'nowrap',
    descFirst: true,
    render: (a) => (a.lastSeen ? date(a.lastSeen) : <span className="muted">never</span>),
  },
];

function SearchBox({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const id = useId();
  const [text, setText] = useState(value);
  // When the URL changes from outside (back button, "Clear filters"), the box shows the new value.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  // The URL (and the request) follows typing after a pause, not every keystroke.
  useEffect(() => {
    if (text === value) return undefined;
    const t = setTimeout(() => onChange(text), 300);
    return () => clearTimeout(t);
  }, [text, value, onChange]);
  return (
    <div className="field">
      <label htmlFor={id}>Search</label>
      <input
        id={id}
        type="search"
        placeholder="name or id"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
    </div>
  );
}

export function AccountsPage() {
  const { segment, asOf } = useGlobalFilters();
  const [params, update] = usePageParams();
  const band = params.get('band') ?? '';
  const stage = params.get('stage') ?? '';
  const csm = params.get('csm') ?? '';
  const renewal = params.get('renewal') ?? '';
  const search = params.get('q') ?? '';
  const sort: SortState = {
    key: params.get('sort') ?? DEFAULT_SORT.key,
    order:
      (params.get('order') ?? (params.get('sort') ? 'asc' : DEFAULT_SORT.order)) === 'desc' ? 'desc' : 'asc',
  };
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const filters = {
    asOf,
    segment,
    band,
    stage,
    csm,
    renewalWithinDays: renewal,
    search,
    sort: sort.key,
    order: sort.order,
  };
  const list = useApi<AccountList>('/api/accounts', {
    ...filters,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  // CSM names for the filter come from the capacity view (manager role); without it the filter is left out.
  const capacity = useApi<Capacity>('/api/capacity', { asOf });
  // The "why" beside each account: its latest recorded risk event (score drop, usage drop, renewal at risk…).
  const listAsOf = list.data?.asOf;
  const since = listAsOf
    ? new Date(Date.parse(`${listAsOf}T00:00:00Z`) - SIGNAL_DAYS * 86_400_000).toISOString().slice(0, 10)
    : undefined;
  const events = useApi<{ events: RiskEvent[] }>(since ? '/api/risk-events' : null, { since });
  const signals =
    events.data && listAsOf
      ? latestSignals(events.data.events, listAsOf)
      : events.isError
        ? new Map<string, RiskEvent>()
        : null;
  const columns = [...COLUMNS.slice(0, 6), signalColumn(signals), ...COLUMNS.slice(6)];
  const sortId = useId();
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);
  const set = (changes: Record<string, string | null>) => update({ ...changes, page: null });
  const filtered = band || stage || csm || renewal || search;

  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      await apiDownload('/api/accounts.csv', filters, 'keel-accounts.csv');
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(false);
    }
  };

  const title = band
    ? `${BAND_LABEL[band as keyof typeof BAND_LABEL] ?? humanize(band)} accounts`
    : 'Accounts';
  return (
    <Page
      title={title}
      intro={
        <>
          Every account on {list.data ? date(list.data.asOf) : 'the period’s end'}
          {segment ? ` in ${humanize(segment)}` : ''}: health and its 30-day trend, ARR, renewal and lifecycle
          stage. Open an account for the reasons behind its score.
        </>
      }
      actions={
        <button type="button" className="button" onClick={() => void exportCsv()} disabled={exporting}>
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      }
    >
      {exportError !== null && <ErrorState error={exportError} />}
      <form
        className="toolbar"
        role="search"
        aria-label="Filter accounts"
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectField
          label="Health band"
          value={band}
          onChange={(v) => set({ band: v })}
          options={[
            ...BANDS.map((b) => ({ value: b, label: BAND_LABEL[b] })),
            { value: 'unscored', label: 'Unscored' },
          ]}
        />
        <SelectField
          label="Stage"
          value={stage}
          onChange={(v) => set({ stage: v })}
          options={STAGE_ORDER.map((s) => ({ value: s, label: humanize(s) }))}
        />
        {capacity.data && (
          <SelectField
            label="CSM"
            value={csm}
            onChange={(v) => set({ csm: v })}
            options={capacity.data.books.map((b) => ({ value: b.csmId, label: b.name }))}
          />
        )}
        <SelectField
          label="Renewal within"
          value={renewal}
          onChange={(v) => set({ renewal: v })}
          options={RENEWAL_WINDOWS.map((d) => ({ value: String(d), label: `${d} days` }))}
        />
        <SearchBox value={search} onChange={(v) => set({ q: v })} />
        <div className="field phone-only">
          <label htmlFor={sortId}>Sort</label>
          <select
            id={sortId}
            value={`${sort.key}:${sort.order}`}
            onChange={(e) => {
              const [key, order] = e.target.value.split(':');
              update({ sort: key ?? null, order: order ?? null, page: null }, false);
            }}
          >
            {!SORTS.some((o) => o.value === `${sort.key}:${sort.order}`) && (
              <option value={`${sort.key}:${sort.order}`}>
                {sort.key}, {sort.order === 'asc' ? 'ascending' : 'descending'}
              </option>
            )}
            {SORTS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        {filtered && (
          <button
            type="button"
            className="link-button"
            onClick={() => set({ band: null, stage: null, csm: null, renewal: null, q: null })}
          >
            Clear filters
          </button>
        )}
      </form>
      <Async query={list} what="accounts" rows={6}>
        {(data) =>
          data.accounts.length === 0 ? (
            <Empty>No accounts match these filters.</Empty>
          ) : (
            <>
              <p className="note" aria-live="polite">
                {count(data.total)} accounts
                {renewal ? `, renewing within ${renewal} days` : ''}. Sorted by{' '}
                {String(COLUMNS.find((c) => c.serverSort === data.sort)?.label ?? data.sort)},{' '}
                {data.order === 'desc' ? 'highest' : 'lowest'} first.
              </p>
              <DataTable
                caption="Accounts"
                className="accounts-table"
                rows={data.accounts}
                columns={columns}
                rowKey={(a) => a.id}
                sort={{ key: data.sort, order: data.order }}
                onSort={sortInUrl(sort, update)}
              />
              <Pager
                offset={data.offset}
                shown={data.accounts.length}
                total={data.total}
                page={page}
                onPage={(p) => update({ page: p })}
              />
              {data.accounts.some((a) => a.renewalDate) && renewal && (
                <p className="note">
                  Soonest renewal:{' '}
                  {relativeDays(
                    data.accounts
                      .map((a) => a.renewalDate)
                      .filter(Boolean)
                      .sort()[0],
                    data.asOf,
                  )}
                  .
                </p>
              )}
            </>
          )
        }
      </Async>
    </Page>
  );
}
