/** Cases: every ticket, filtered by status, channel and priority, sorted and paged by the server, into the case view. */
import { useApi } from '../../api/queries.js';
import type { TicketList } from '../../api/types.js';
import { AppLink } from '../../components/app-link.js';
import { DataTable } from '../../components/data-table.js';
import { Page } from '../../components/page.js';
import { Pager, sortInUrl } from '../../components/pager.js';
import { SelectField } from '../../components/select-field.js';
import { Async, Empty } from '../../components/states.js';
import { ticketColumns } from '../../components/ticket-columns.js';
import { TICKET_CHANNELS, TICKET_STATUSES } from '../../../../src/domain/canonical-tables.js';
import { count, humanize } from '../../lib/format.js';
import { usePageParams } from '../../lib/url-state.js';

const PAGE_SIZE = 50;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const STATUS_CHOICES = [
  { value: 'new,open,pending,on_hold', label: 'Open (any)' },
  ...TICKET_STATUSES.map((s) => ({ value: s, label: humanize(s) })),
];

export function CasesPage() {
  const [params, update] = usePageParams();
  const status = params.get('status') ?? '';
  const channel = params.get('channel') ?? '';
  const priority = params.get('priority') ?? '';
  const account = params.get('account') ?? '';
  const sort = params.get('sort') ?? 'createdAt';
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const list = useApi<TicketList>('/api/tickets', {
    status,
    channel,
    priority,
    accountId: account,
    sort,
    order,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const set = (changes: Record<string, string>) => update({ ...changes, page: null });
  return (
    <Page
      title="Cases"
      intro="Every case with its first response, resolution and CSAT. Open one for the agent sidebar: who the customer is and what happened before."
    >
      <form className="toolbar" role="search" aria-label="Filter cases" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label="Status"
          value={status}
          options={
            STATUS_CHOICES.some((c) => c.value === status) || !status
              ? STATUS_CHOICES
              : [...STATUS_CHOICES, { value: status, label: status }]
          }
          onChange={(v) => set({ status: v })}
        />
        <SelectField
          label="Channel"
          value={channel}
          options={TICKET_CHANNELS.map((c) => ({ value: c, label: humanize(c) }))}
          onChange={(v) => set({ channel: v })}
        />
        <SelectField
          label="Priority"
          value={priority}
          options={PRIORITIES.map((c) => ({ value: c, label: humanize(c) }))}
          onChange={(v) => set({ priority: v })}
        />
        {account && (
          <p className="note">
            Account <AppLink to={`/accounts/${encodeURIComponent(account)}`}>{account}</AppLink>{' '}
            <button type="button" className="link-button" onClick={() => set({ account: '' })}>
              show every account
            </button>
          </p>
        )}
      </form>
      <Async query={list} what="cases" rows={6}>
        {(data) =>
          data.tickets.length === 0 ? (
            <Empty>No cases match these filters.</Empty>
          ) : (
            <>
              <p className="note" aria-live="polite">
                {count(data.total)} cases{account ? '' : ' (all segments)'}.
              </p>
              <DataTable
                caption="Cases"
                rows={data.tickets}
                columns={ticketColumns({ account: true })}
                rowKey={(t) => t.id}
                sort={{ key: data.sort, order: data.order }}
                onSort={sortInUrl({ key: sort, order }, update)}
              />
              <Pager
                offset={data.offset}
                shown={data.tickets.length}
                total={data.total}
                page={page}
                onPage={(p) => update({ page: p })}
              />
            </>
          )
        }
      </Async>
    </Page>
  );
}
