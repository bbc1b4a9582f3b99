/**
 * CSM capacity: each CSM's book by touch model against the seed's ranges (high touch 15–50 accounts per CSM,
 * low 50–100, tech 100–250), the ARR each carries, who is overloaded, and what has no CSM at all.
 */
import { useApi } from '../api/queries.js';
import type { Capacity } from '../api/types.js';
import { AppLink } from '../components/app-link.js';
import { Chart } from '../components/chart.js';
import { barOption, palette } from '../components/chart-options.js';
import { DataTable, useClientSort, type Column } from '../components/data-table.js';
import { Page, Panel } from '../components/page.js';
import { Async, Empty } from '../components/states.js';
import { count, date, decimal, money, moneyCompact } from '../lib/format.js';
import { useGlobalFilters } from '../lib/url-state.js';

type Book = Capacity['books'][number];
const total = (a: Book['accounts']) => a.high + a.low + a.tech + a.unknown;

const COLUMNS: readonly Column<Book>[] = [
  {
    key: 'name',
    label: 'CSM',
    rowHeader: true,
    sortValue: (b) => b.name,
    render: (b) => (
      <AppLink to="/accounts" params={{ csm: b.csmId, sort: 'arr', order: 'desc' }}>
        {b.name}
      </AppLink>
    ),
  },
  {
    key: 'high',
    label: 'High touch',
    numeric: true,
    descFirst: true,
    sortValue: (b) => b.accounts.high,
    render: (b) => count(b.accounts.high),
  },
  {
    key: 'low',
    label: 'Low touch',
    numeric: true,
    descFirst: true,
    sortValue: (b) => b.accounts.low,
    render: (b) => count(b.accounts.low),
  },
  {
    key: 'tech',
    label: 'Tech touch',
    numeric: true,
    descFirst: true,
    sortValue: (b) => b.accounts.tech,
    render: (b) => count(b.accounts.tech),
  },
  {
    key: 'accounts',
    label: 'Accounts',
    numeric: true,
    descFirst: true,
    sortValue: (b) => total(b.accounts),
    render: (b) => count(total(b.accounts)),
  },
  {
    key: 'arr',
    label: 'ARR',
    numeric: true,
    descFirst: true,
    sortValue: (b) => b.arr,
    render: (b) => money(b.arr),
  },
  {
    key: 'load',
    label: 'Load',
    numeric: true,
    descFirst: true,
    sortValue: (b) => b.load,
    render: (b) => `${decimal(b.load * 100, 0)}%`,
  },
  {
    key: 'status',
    label: 'Status',
    sortValue: (b) => b.status,
    render: (b) => (
      <span
        className={`badge ${b.status === 'overloaded' ? 'tier-poor' : b.status === 'underloaded' ? 'tier-fair' : 'tier-good'}`}
      >
        {b.status}
      </span>
    ),
  },
];

function CapacityView({ c }: { c: Capacity }) {
  const table = useClientSort(c.books, COLUMNS, 'sort', { key: 'load', order: 'desc' });
  const p = palette();
  if (c.books.length === 0) return <Empty>No CSM owns an account.</Empty>;
  const covered = c.books.reduce((s, b) => s + total(b.accounts), 0);
  const arr = c.books.reduce((s, b) => s + b.arr, 0);
  const unassigned = total(c.unassigned.accounts);
  return (
    <>
      <Panel title="Summary" id="summary">
        <dl className="stats big">
          <div>
            <dt>CSMs</dt>
            <dd className="num">{count(c.books.length)}</dd>
          </div>
          <div>
            <dt>Accounts with a CSM</dt>
            <dd className="num">{count(covered)}</dd>
          </div>
          <div>
            <dt>ARR with a CSM</dt>
            <dd className="num">{moneyCompact(arr)}</dd>
          </div>
          <div>
            <dt>Without a CSM</dt>
            <dd className="num">
              {count(unassigned)} <span className="muted">({moneyCompact(c.unassigned.arr)} ARR)</span>
            </dd>
          </div>
          <div>
            <dt>Overloaded</dt>
            <dd className="num">{count(c.books.filter((b) => b.status === 'overloaded').length)}</dd>
          </div>
        </dl>
      </Panel>
      <div className="grid-2">
        <Panel title="Load per CSM" id="load" aside="100% = a full book for its touch models">
          <Chart
            height={Math.max(180, c.books.length * 36)}
            option={barOption(
              c.books.map((b) => ({
                label: b.name,
                value: b.load,
                color: b.status === 'overloaded' ? p.poor : b.status === 'underloaded' ? p.fair : p.good,
              })),
              'ratio',
              { horizontal: true, max: Math.max(1.2, ...c.books.map((b) => b.load)) },
            )}
            label={`Load per CSM: ${c.books.map((b) => `${b.name} ${decimal(b.load * 100, 0)}% (${b.status})`).join(', ')}`}
          />
        </Panel>
        <Panel title="ARR per CSM" id="arr">
          <Chart
            height={Math.max(180, c.books.length * 36)}
            option={barOption(
              c.books.map((b) => ({ label: b.name, value: b.arr })),
              'currency',
              { horizontal: true },
            )}
            label={`ARR per CSM: ${c.books.map((b) => `${b.name} ${money(b.arr)}`).join(', ')}`}
          />
        </Panel>
      </div>
      <Panel title="Books" id="books">
        <DataTable caption="CSM books" columns={COLUMNS} rowKey={(b) => b.csmId} {...table} />
        <p className="note">
          Ranges per CSM: high touch {c.ranges.high.join('–')}, low touch {c.ranges.low.join('–')}, tech touch{' '}
          {c.ranges.tech.join('–')} accounts ({c.source}). A mixed book counts each touch model against its
          own maximum.
        </p>
      </Panel>
    </>
  );
}

export function CapacityPage() {
  const { asOf } = useGlobalFilters();
  const capacity = useApi<Capacity>('/api/capacity', { asOf });
  return (
    <Page
      title="CSM capacity"
      intro={
        <>
          Books on {capacity.data ? date(capacity.data.asOf) : 'the period’s end'}, all segments, against the
          seed report’s accounts-per-CSM ranges.
        </>
      }
    >
      <Async query={capacity} what="CSM capacity" rows={4}>
        {(c) => <CapacityView c={c} />}
      </Async>
    </Page>
  );
}
