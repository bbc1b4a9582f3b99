/** `keel tickets …` and `keel ticket ID` — thin adapters over the tickets list and the case context. */
import type { Context } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { loadHealthConfig } from '../../scoring/compute-health.js';
import { resolveAsOfDate } from '../../workspace/as-of.js';
import {
  caseContext,
  listTickets,
  parseTicketFilter,
  parseTicketSort,
  type CaseContext,
  type CsatFigures,
  type RawTicketFilter,
} from '../../workspace/case-context.js';
import { EXIT_OK, formatTable, printJson, printLine } from '../output.js';

export interface TicketsCommandOptions {
  readonly status?: string;
  readonly channel?: string;
  readonly priority?: string;
  readonly account?: string;
  readonly agent?: string;
  readonly since?: string;
  readonly sort?: string;
  readonly desc?: boolean;
  readonly limit?: string;
  readonly offset?: string;
  readonly json?: boolean;
}

const FLAGS: Record<keyof RawTicketFilter, string> = {
  status: '--status',
  channel: '--channel',
  priority: '--priority',
  accountId: '--account',
  agentId: '--agent',
  createdSince: '--since',
};

function wholeNumber(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min) throw new AppError('usage', `${flag} must be a whole number ≥ ${min}`);
  return n;
}

export async function ticketsCommand(ctx: Context, options: TicketsCommandOptions): Promise<number> {
  await ctx.db.migrate();
  const filter = parseTicketFilter(
    {
      status: options.status,
      channel: options.channel,
      priority: options.priority,
      accountId: options.account,
      agentId: options.agent,
      createdSince: options.since,
    },
    (p) => FLAGS[p],
  );
  const sort = parseTicketSort(options.sort, '--sort');
  const page = await listTickets(ctx.db, {
    filter,
    ...(sort ? { sort } : {}),
    // Without --sort the newest come first; with one, ascending unless --desc.
    ...(sort || options.desc ? { order: options.desc ? 'desc' : 'asc' } : {}),
    limit: wholeNumber(options.limit, '--limit', 1) ?? 50,
    offset: wholeNumber(options.offset, '--offset', 0) ?? 0,
  });
  if (options.json) {
    printJson(page);
    return EXIT_OK;
  }
  const shown = page.tickets.length;
  printLine(
    `${page.total} tickets match` +
      (shown ? `, showing ${page.offset + 1}–${page.offset + shown}` : '') +
      `, sorted by ${page.sort} ${page.order}\n`,
  );
  if (shown === 0) return EXIT_OK;
  printLine(
    formatTable(
      ['id', 'created', 'status', 'priority', 'channel', 'account', 'assignee', 'FRT min', 'res h', 'CSAT'],
      page.tickets.map((t) => [
        t.id,
        t.createdAt.slice(0, 16).replace('T', ' '),
        t.status,
        t.priority ?? '',
        t.channel,
        t.account?.name ?? t.account?.id ?? '',
        t.assignee?.name ?? t.assignee?.id ?? '',
        t.firstResponseMinutes,
        t.resolutionHours,
        t.csat,
      ]),
    ),
  );
  printLine('\n`keel ticket ID` shows one ticket with its customer context.');
  return EXIT_OK;
}

export async function ticketCommand(
  ctx: Context,
  ticketId: string,
  options: { asOf?: string; json?: boolean },
): Promise<number> {
  await ctx.db.migrate();
  const asOf =
    options.asOf === undefined ? undefined : await resolveAsOfDate(ctx.db, options.asOf, '--as-of');
  const context = await caseContext(ctx.db, await loadHealthConfig(ctx.config.scorecards), ticketId, asOf);
  if (!context) throw new AppError('not_found', `no ticket ${JSON.stringify(ticketId)}`);
  if (options.json) printJson(context);
  else printCase(context);
  return EXIT_OK;
}

const money = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
const oneLine = (s: string | null, max: number) => {
  const flat = (s ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
const csatText = (f: CsatFigures) =>
  f.responses === 0
    ? 'no responses'
    : `${f.average?.toFixed(2) ?? '—'} avg from ${f.responses} (${((f.satisfiedShare ?? 0) * 100).toFixed(0)}% 4–5)`;

function printCase(c: CaseContext): void {
  const t = c.ticket;
  printLine(`${t.id}  ${t.subject ?? '(no subject)'}`);
  printLine(
    `${t.status}, ${t.priority ?? 'no'} priority, ${t.channel}, ${t.category ?? 'uncategorised'}; created ${t.createdAt.slice(0, 16).replace('T', ' ')} UTC` +
      `; first response ${t.firstResponseMinutes === null ? '—' : `${t.firstResponseMinutes} min`}` +
      `; resolved ${t.resolutionHours === null ? '—' : `in ${t.resolutionHours} h`}` +
      (t.reopens ? `; reopened ${t.reopens}×` : '') +
      (t.escalated ? '; escalated' : ''),
  );
  printLine(
    `assignee ${t.assignee?.name ?? t.assignee?.id ?? 'none'}; contact ${t.contact ? `${t.contact.name ?? t.contact.id}${t.contact.role ? ` (${t.contact.role})` : ''}` : 'unknown'}${t.csat !== null ? `; CSAT ${t.csat}` : ''}\n`,
  );
  const cu = c.customer;
  if (cu) {
    printLine(
      `Customer  ${cu.name} (${cu.id}), ${cu.segment ?? '—'}, ARR ${money(cu.arr)}, ${cu.stage ?? '—'}; health ${cu.health ? `${cu.health.score?.toFixed(1) ?? 'NA'} ${cu.health.band ?? ''}` : 'not scored'}; CSM ${cu.csm?.name ?? cu.csm?.id ?? 'none'}   (as of ${c.asOf})`,
    );
  } else printLine('Customer  none (the ticket names no known account)');
  if (c.caseCounts)
    printLine(
      `Cases     ${c.caseCounts.open} open, ${c.caseCounts.last90Days} in the last 90 days, ${c.caseCounts.allTime} all time`,
    );
  printLine(
    `CSAT      ${c.csat.days} days: ${c.csat.account ? `account ${csatText(c.csat.account)}; ` : ''}company ${csatText(c.csat.company)}`,
  );

  printLine(`\nMessages (${t.messages.length})`);
  for (const m of t.messages.slice(0, 10))
    printLine(
      `  ${m.createdAt.slice(0, 16).replace('T', ' ')}  ${m.authorType}${m.authorName ? ` ${m.authorName}` : ''}${m.public ? '' : ' (internal)'}: ${oneLine(m.body, 90)}`,
    );

  if (c.previousTickets.length) {
    printLine(`\nEarlier tickets of the account (latest ${Math.min(8, c.previousTickets.length)})`);
    printLine(
      formatTable(
        ['id', 'created', 'category', 'status', 'res h', 'CSAT', 'reopened', 'escalated'],
        c.previousTickets
          .slice(0, 8)
          .map((p) => [
            p.id,
            p.createdAt.slice(0, 10),
            p.category ?? '',
            p.status,
            p.resolutionHours,
            p.csat,
            p.reopens ? `${p.reopens}×` : '',
            p.escalated ? 'yes' : '',
          ]),
      ),
    );
  }
  if (c.recentInteractions.length) {
    printLine('\nRecent CSM touches');
    for (const i of c.recentInteractions.slice(0, 5))
      printLine(
        `  ${i.occurredAt.slice(0, 10)}  ${i.kind}${i.withExecutive ? ' (exec)' : ''}: ${oneLine(i.subject, 70)}`,
      );
  }
  const s = c.suggestedArticles;
  printLine(
    `\nSuggested articles${s.category ? ` (from ${s.similarTickets} earlier ${s.category} tickets)` : ''}`,
  );
  if (s.articles.length === 0) printLine('  none');
  for (const a of s.articles)
    printLine(
      `  ${a.id}  ${a.title} — linked ${a.links}×${a.linkedToThisTicket ? ' (already on this ticket)' : ''}`,
    );
}
