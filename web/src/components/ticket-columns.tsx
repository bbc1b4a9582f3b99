/** The columns of a ticket list, shared by the cases list, the backlog, satisfaction and the account 360. */
import type { TicketSummary } from '../api/types.js';
import { date, hours, humanize, minutes } from '../lib/format.js';
import { AppLink } from './app-link.js';
import type { Column } from './data-table.js';

export const OPEN_STATUSES = ['new', 'open', 'pending', 'on_hold'] as const;

export function ticketColumns(options: { account?: boolean; age?: string } = {}): Column<TicketSummary>[] {
  const columns: (Column<TicketSummary> | null)[] = [
    {
      key: 'subject',
      label: 'Case',
      rowHeader: true,
      render: (t) => (
        <>
          <AppLink to={`/service/cases/${encodeURIComponent(t.id)}`}>{t.subject ?? t.id}</AppLink>
          <span className="sub">{t.id}</span>
        </>
      ),
    },
    options.account
      ? {
          key: 'account',
          serverSort: 'account',
          label: 'Account',
          render: (t) =>
            t.account ? (
              <AppLink to={`/accounts/${encodeURIComponent(t.account.id)}`}>
                {t.account.name ?? t.account.id}
              </AppLink>
            ) : (
              <span className="muted">none</span>
            ),
        }
      : null,
    { key: 'status', serverSort: 'status', label: 'Status', render: (t) => humanize(t.status) },
    { key: 'priority', serverSort: 'priority', label: 'Priority', render: (t) => humanize(t.priority) },
    { key: 'channel', serverSort: 'channel', label: 'Channel', render: (t) => humanize(t.channel) },
    {
      key: 'assignee',
      label: 'Agent',
      render: (t) => t.assignee?.name ?? <span className="muted">unassigned</span>,
    },
    {
      key: 'created',
      serverSort: 'createdAt',
      label: 'Opened',
      descFirst: true,
      render: (t) => (
        <>
          {date(t.createdAt)}
          {options.age && <span className="sub">{ageOf(t.createdAt, options.age)}</span>}
        </>
      ),
    },
    {
      key: 'frt',
      serverSort: 'firstResponseMinutes',
      label: 'First response',
      numeric: true,
      render: (t) => minutes(t.firstResponseMinutes),
    },
    {
      key: 'resolution',
      serverSort: 'resolutionHours',
      label: 'Resolution',
      numeric: true,
      render: (t) => hours(t.resolutionHours),
    },
    {
      key: 'csat',
      serverSort: 'csat',
      label: 'CSAT',
      numeric: true,
      render: (t) => (t.csat === null ? '—' : `${t.csat}/5`),
    },
  ];
  return columns.filter((c): c is Column<TicketSummary> => c !== null);
}

function ageOf(created: string, now: string): string {
  const d = (new Date(now).getTime() - new Date(created).getTime()) / 86_400_000;
  return d < 1 ? `${Math.round(d * 24)} h old` : `${Math.floor(d)} d old`;
}
