/**
 * The support side of the workspace: the tickets list (GET /api/tickets, `keel tickets`) and one ticket's case
 * context (GET /api/tickets/{id}, `keel ticket ID`) — the agent sidebar of Salesforce Service Cloud.
 */
import type { Database, Dialect } from '../db/database.js';
import { sql, type Sql } from '../db/sql.js';
import { TICKET_CHANNELS, TICKET_STATUSES } from '../domain/canonical-tables.js';
import { AppError } from '../domain/errors.js';
import { lifecycleStages, type Stage } from '../metrics/lifecycle-stages.js';
import { addDays } from '../metrics/period.js';
import { computeHealth } from '../scoring/compute-health.js';
import type { Band } from '../scoring/score-account.js';
import type { HealthConfig } from '../scoring/scorecard-schema.js';
import { DEFAULT_PAGE_SIZE, liveRevenueSql, MAX_PAGE_SIZE, parseList, ticketOpenAt } from './account-list.js';

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketChannel = (typeof TICKET_CHANNELS)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** Window of the CSAT overview (the support_csat measure's window). */
export const CSAT_WINDOW_DAYS = 180;
export const CASE_RECENT_DAYS = 90;
export const PREVIOUS_TICKETS = 20;
export const RECENT_INTERACTIONS = 10;
export const SUGGESTED_ARTICLES = 5;

export interface TicketSummary {
  readonly id: string;
  readonly subject: string | null;
  readonly status: TicketStatus;
  readonly priority: TicketPriority | null;
  readonly channel: TicketChannel;
  readonly category: string | null;
  readonly account: { readonly id: string; readonly name: string | null } | null;
  readonly assignee: { readonly id: string; readonly name: string | null } | null;
  readonly createdAt: string;
  readonly firstResponseAt: string | null;
  readonly resolvedAt: string | null;
  readonly firstResponseMinutes: number | null;
  readonly resolutionHours: number | null;
  readonly reopens: number;
  readonly escalated: boolean;
  /** The ticket's latest CSAT answer (1–5). */
  readonly csat: number | null;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const round = (v: number | null, digits: number) =>
  v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;
const seconds = (from: string, to: string) =>
  sql`CAST(EXTRACT(EPOCH FROM (${sql.raw(to)} - ${sql.raw(from)})) AS DOUBLE PRECISION)`;

/**
 * Ticket summaries matching `where` (over alias `t`, with `t.frt_minutes`, `t.resolution_hours`, `t.csat` and
 * `a.name` available to where and order).
 */
export async function ticketSummaries(
  db: Database,
  where: Sql,
  orderBy: Sql,
  limit: number,
  offset = 0,
): Promise<TicketSummary[]> {
  const ts = (c: string) => db.dialect.timestampText(sql.raw(c));
  const rows = await db.query<Record<string, unknown>>(sql`
    WITH cs AS (
      SELECT ticket_id, score FROM (
        SELECT ticket_id, score, ROW_NUMBER() OVER (PARTITION BY ticket_id ORDER BY responded_at DESC, id DESC) AS r
        FROM surveys WHERE kind = 'csat' AND ticket_id IS NOT NULL) x
      WHERE r = 1),
    tt AS (
      SELECT tk.*, ${seconds('tk.created_at', 'tk.first_response_at')} / 60.0 AS frt_minutes,
             ${seconds('tk.created_at', 'tk.resolved_at')} / 3600.0 AS resolution_hours, cs.score AS csat
      FROM tickets tk LEFT JOIN cs ON cs.ticket_id = tk.id)
    SELECT t.id, t.subject, t.status, t.priority, t.channel, t.category, t.account_id, a.name AS account_name,
           t.assignee_id, g.name AS assignee_name, ${ts('t.created_at')} AS created_at,
           ${ts('t.first_response_at')} AS first_response_at, ${ts('t.resolved_at')} AS resolved_at,
           t.frt_minutes, t.resolution_hours, COALESCE(t.reopens, 0) AS reopens, COALESCE(t.escalated, false) AS escalated, t.csat
    FROM tt t LEFT JOIN accounts a ON a.id = t.account_id LEFT JOIN agents g ON g.id = t.assignee_id
    WHERE ${where}
    ORDER BY ${orderBy}
    LIMIT ${limit} OFFSET ${offset}`);
  return rows.map((r): TicketSummary => ({
    id: String(r.id),
    subject: text(r.subject),
    status: String(r.status) as TicketStatus,
    priority: text(r.priority) as TicketPriority | null,
    channel: String(r.channel) as TicketChannel,
    category: text(r.category),
    account: r.account_id === null ? null : { id: String(r.account_id), name: text(r.account_name) },
    assignee: r.assignee_id === null ? null : { id: String(r.assignee_id), name: text(r.assignee_name) },
    createdAt: String(r.created_at),
    firstResponseAt: text(r.first_response_at),
    resolvedAt: text(r.resolved_at),
    firstResponseMinutes: round(num(r.frt_minutes), 1),
    resolutionHours: round(num(r.resolution_hours), 2),
    reopens: Number(r.reopens),
    escalated: r.escalated === true,
    csat: num(r.csat),
  }));
}

// ---------------------------------------------------------------- the tickets list

export interface TicketFilter {
  readonly status?: readonly TicketStatus[];
  readonly channel?: readonly TicketChannel[];
  readonly priority?: readonly TicketPriority[];
  readonly accountId?: string;
  /** The assigned agent. */
  readonly agentId?: string;
  /** YYYY-MM-DD: tickets created on or after the start of this day. */
  readonly createdSince?: string;
}

export const TICKET_SORT_COLUMNS = [
  'createdAt',
  'id',
  'status',
  'priority',
  'channel',
  'account',
  'firstResponseMinutes',
  'resolutionHours',
  'csat',
] as const;
export type TicketSort = (typeof TICKET_SORT_COLUMNS)[number];

/** The whitelist from sort column to its SQL: only these fragments ever reach ORDER BY. */
function ticketSortSql(dialect: Dialect): Record<TicketSort, Sql> {
  return {
    createdAt: sql`t.created_at`,
    id: dialect.byteOrder(sql`t.id`),
    // Workflow order, not alphabetical.
    status: sql`CASE t.status WHEN 'new' THEN 0 WHEN 'open' THEN 1 WHEN 'pending' THEN 2 WHEN 'on_hold' THEN 3 WHEN 'solved' THEN 4 ELSE 5 END`,
    priority: sql`CASE t.priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3 END`,
    channel: dialect.byteOrder(sql`t.channel`),
    account: dialect.byteOrder(sql`a.name`),
    firstResponseMinutes: sql`t.frt_minutes`,
    resolutionHours: sql`t.resolution_hours`,
    csat: sql`t.csat`,
  };
}

export interface TicketListRequest {
  readonly filter?: TicketFilter;
  /** Default: createdAt, newest first. */
  readonly sort?: TicketSort;
  /** Default: desc without a sort, asc with one. */
  readonly order?: 'asc' | 'desc';
  readonly limit?: number;
  readonly offset?: number;
}

export interface TicketListPage {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly sort: TicketSort;
  readonly order: 'asc' | 'desc';
  readonly tickets: TicketSummary[];
}

function ticketWhere(filter: TicketFilter): Sql {
  const where: Sql[] = [sql`1 = 1`];
  const inList = (column: Sql, values: readonly string[] | undefined) => {
    if (values && values.length > 0)
      where.push(sql`${column} IN (${sql.join(values.map((v) => sql`${v}`))})`);
  };
  inList(sql`t.status`, filter.status);
  inList(sql`t.channel`, filter.channel);
  inList(sql`t.priority`, filter.priority);
  if (filter.accountId !== undefined) where.push(sql`t.account_id = ${filter.accountId}`);
  if (filter.agentId !== undefined) where.push(sql`t.assignee_id = ${filter.agentId}`);
  if (filter.createdSince !== undefined)
    where.push(sql`t.created_at >= CAST(${filter.createdSince} AS TIMESTAMP)`);
  return sql.join(where, ' AND ');
}

export async function listTickets(db: Database, request: TicketListRequest = {}): Promise<TicketListPage> {
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  const offset = request.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
    throw new AppError('usage', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  if (!Number.isInteger(offset) || offset < 0)
    throw new AppError('usage', 'offset must be a whole number ≥ 0');
  const sort = request.sort ?? 'createdAt';
  const order = request.order ?? (request.sort === undefined ? 'desc' : 'asc');
  const where = ticketWhere(request.filter ?? {});
  const key = ticketSortSql(db.dialect)[sort];
  const direction = sql.raw(order === 'desc' ? 'DESC' : 'ASC');
  const [count] = await db.query<{ n: number }>(sql`SELECT COUNT(*) AS n FROM tickets t WHERE ${where}`);
  const tickets = await ticketSummaries(
    db,
    where,
    // Nulls last in both directions; ties by id so pages never overlap.
    sql`(${key}) IS NULL, ${key} ${direction}, ${db.dialect.byteOrder(sql`t.id`)}`,
    limit,
    offset,
  );
  return { total: Number(count?.n ?? 0), offset, limit, sort, order, tickets };
}

export interface RawTicketFilter {
  readonly status?: string | undefined;
  readonly channel?: string | undefined;
  readonly priority?: string | undefined;
  readonly accountId?: string | undefined;
  readonly agentId?: string | undefined;
  readonly createdSince?: string | undefined;
}

/** Text filters (query string or flags) → a checked TicketFilter; `nameOf` spells each parameter for errors. */
export function parseTicketFilter(
  raw: RawTicketFilter,
  nameOf: (param: keyof RawTicketFilter) => string = (p) => p,
): TicketFilter {
  const since = raw.createdSince;
  if (
    since !== undefined &&
    (!/^\d{4}-\d{2}-\d{2}$/.test(since) || Number.isNaN(Date.parse(`${since}T00:00:00Z`)))
  )
    throw new AppError(
      'usage',
      `${nameOf('createdSince')} must be a date YYYY-MM-DD, not ${JSON.stringify(since)}`,
    );
  const filter: TicketFilter = {
    status: parseList(raw.status, TICKET_STATUSES, nameOf('status')),
    channel: parseList(raw.channel, TICKET_CHANNELS, nameOf('channel')),
    priority: parseList(raw.priority, TICKET_PRIORITIES, nameOf('priority')),
    accountId: raw.accountId || undefined,
    agentId: raw.agentId || undefined,
    createdSince: since,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as TicketFilter;
}

export function parseTicketSort(value: string | undefined, name = 'sort'): TicketSort | undefined {
  if (value === undefined) return undefined;
  const camel = value.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  if (!(TICKET_SORT_COLUMNS as readonly string[]).includes(camel))
    throw new AppError(
      'usage',
      `${name} must be one of ${TICKET_SORT_COLUMNS.join(', ')}, not ${JSON.stringify(value)}`,
    );
  return camel as TicketSort;
}

// ---------------------------------------------------------------- interactions (shared with the account 360)

export interface InteractionItem {
  readonly id: string;
  readonly kind: string;
  readonly occurredAt: string;
  readonly withExecutive: boolean;
  readonly subject: string | null;
  readonly body: string | null;
  readonly author: { readonly id: string; readonly name: string | null } | null;
}

/** An account's CSM interactions before the date, newest first. */
export async function accountInteractions(
  db: Database,
  accountId: string,
  asOf: string,
  limit: number,
): Promise<InteractionItem[]> {
  const rows = await db.query<Record<string, unknown>>(sql`
    SELECT i.id, i.kind, ${db.dialect.timestampText(sql`i.occurred_at`)} AS occurred_at, i.with_executive,
           i.subject, i.body, i.author_id, g.name AS author_name
    FROM interactions i LEFT JOIN agents g ON g.id = i.author_id
    WHERE i.account_id = ${accountId} AND i.occurred_at < CAST(${asOf} AS TIMESTAMP)
    ORDER BY i.occurred_at DESC, ${db.dialect.byteOrder(sql`i.id`)} DESC
    LIMIT ${limit}`);
  return rows.map((r) => ({
    id: String(r.id),
    kind: String(r.kind),
    occurredAt: String(r.occurred_at),
    withExecutive: r.with_executive === true,
    subject: text(r.subject),
    body: text(r.body),
    author: r.author_id === null ? null : { id: String(r.author_id), name: text(r.author_name) },
  }));
}

// ---------------------------------------------------------------- the case context

export interface CaseMessage {
  readonly id: string;
  readonly authorType: 'customer' | 'agent' | 'bot' | 'system';
  readonly authorId: string | null;
  /** The agent's or the contact's name, when the author is known. */
  readonly authorName: string | null;
  readonly createdAt: string;
  readonly body: string | null;
  readonly public: boolean;
}

export interface CsatFigures {
  /** Mean CSAT score (1–5); null without responses. */
  readonly average: number | null;
  /** Share of responses scoring 4–5 (the catalog's support_csat). */
  readonly satisfiedShare: number | null;
  readonly responses: number;
}

export interface CaseContext {
  /** The customer figures (ARR, health, case counts, CSAT) are as of the start of this day. */
  readonly asOf: string;
  readonly ticket: TicketSummary & {
    readonly description: string | null;
    readonly team: string | null;
    readonly agentReplies: number | null;
    readonly closedAt: string | null;
    readonly contact: {
      readonly id: string;
      readonly name: string | null;
      readonly email: string | null;
      readonly title: string | null;
      readonly role: string | null;
    } | null;
    readonly messages: CaseMessage[];
    readonly linkedArticles: {
      readonly id: string;
      readonly title: string;
      readonly linkedAt: string | null;
    }[];
  };
  /** Null when the ticket has no account. */
  readonly customer: {
    readonly id: string;
    readonly name: string;
    readonly segment: string | null;
    readonly touchModel: string | null;
    readonly arr: number;
    readonly paying: boolean;
    readonly stage: Stage | null;
    readonly health: { readonly score: number | null; readonly band: Band | null } | null;
    readonly csm: { readonly id: string; readonly name: string | null } | null;
  } | null;
  readonly caseCounts: {
    readonly open: number;
    readonly last90Days: number;
    readonly allTime: number;
  } | null;
  /** The account's tickets created before this one, newest first. */
  readonly previousTickets: TicketSummary[];
  readonly recentInteractions: InteractionItem[];
  readonly csat: {
    readonly days: number;
    readonly account: CsatFigures | null;
    readonly company: CsatFigures;
  };
  /** Articles linked to earlier tickets of the same category, most often linked first. */
  readonly suggestedArticles: {
    readonly category: string | null;
    /** Earlier tickets of that category (the pool the links are counted in). */
    readonly similarTickets: number;
    readonly articles: {
      readonly id: string;
      readonly title: string;
      readonly links: number;
      readonly lastLinkedAt: string | null;
      readonly linkedToThisTicket: boolean;
    }[];
  };
}

/**
 * The default date of the sidebar: the day after the newest ticket, "today" in the support data, so a case
 * shows its customer as the data last saw them (also on an imported history that ended long ago).
 */
export async function supportToday(db: Database): Promise<string | null> {
  const [row] = await db.query<{ latest: unknown }>(
    sql`SELECT CAST(MAX(created_at) AS TEXT) AS latest FROM tickets`,
  );
  const latest = text(row?.latest);
  return latest === null ? null : addDays(latest.slice(0, 10), 1);
}

/** Null when there is no such ticket. `asOf` defaults to `supportToday`. */
export async function caseContext(
  db: Database,
  config: HealthConfig,
  ticketId: string,
  asOfOption?: string,
): Promise<CaseContext | null> {
  const [summary] = await ticketSummaries(db, sql`t.id = ${ticketId}`, sql`t.id`, 1);
  if (!summary) return null;
  const asOf = asOfOption ?? (await supportToday(db)) ?? addDays(summary.createdAt.slice(0, 10), 1);
  const ts = sql`CAST(${asOf} AS TIMESTAMP)`;
  const stamp = (c: string) => db.dialect.timestampText(sql.raw(c));

  const [detail] = await db.query<Record<string, unknown>>(sql`
    SELECT t.description, t.team, t.agent_replies, ${stamp('t.closed_at')} AS closed_at, t.contact_id,
           c.name AS contact_name, c.email AS contact_email, c.title AS contact_title, c.role AS contact_role
    FROM tickets t LEFT JOIN contacts c ON c.id = t.contact_id WHERE t.id = ${ticketId}`);
  const messages = await db.query<Record<string, unknown>>(sql`
    SELECT m.id, m.author_type, m.author_id, COALESCE(g.name, c.name) AS author_name,
           ${stamp('m.created_at')} AS created_at, m.body, COALESCE(m.public, true) AS public
    FROM ticket_messages m
    LEFT JOIN agents g ON m.author_type = 'agent' AND g.id = m.author_id
    LEFT JOIN contacts c ON m.author_type = 'customer' AND c.id = m.author_id
    WHERE m.ticket_id = ${ticketId}
    ORDER BY m.created_at, ${db.dialect.byteOrder(sql`m.id`)}`);
  const linked = await db.query<Record<string, unknown>>(sql`
    SELECT k.id, k.title, ${stamp('ta.linked_at')} AS linked_at
    FROM ticket_articles ta JOIN kb_articles k ON k.id = ta.article_id
    WHERE ta.ticket_id = ${ticketId} ORDER BY ta.linked_at, ${db.dialect.byteOrder(sql`k.id`)}`);

  const accountId = summary.account?.id ?? null;
  const ticket: CaseContext['ticket'] = {
    ...summary,
    description: text(detail?.description),
    team: text(detail?.team),
    agentReplies: num(detail?.agent_replies),
    closedAt: text(detail?.closed_at),
    contact:
      detail?.contact_id === null || detail?.contact_id === undefined
        ? null
        : {
            id: String(detail.contact_id),
            name: text(detail.contact_name),
            email: text(detail.contact_email),
            title: text(detail.contact_title),
            role: text(detail.contact_role),
          },
    messages: messages.map((m) => ({
      id: String(m.id),
      authorType: String(m.author_type) as CaseMessage['authorType'],
      authorId: text(m.author_id),
      authorName: text(m.author_name),
      createdAt: String(m.created_at),
      body: text(m.body),
      public: m.public !== false,
    })),
    linkedArticles: linked.map((l) => ({
      id: String(l.id),
      title: String(l.title),
      linkedAt: text(l.linked_at),
    })),
  };

  const [customer, caseCounts, previousTickets, recentInteractions] = accountId
    ? await Promise.all([
        customerOf(db, config, accountId, asOf),
        caseCountsOf(db, accountId, asOf),
        ticketSummaries(
          db,
          sql`t.account_id = ${accountId} AND t.id <> ${ticketId}
              AND t.created_at < (SELECT created_at FROM tickets WHERE id = ${ticketId})`,
          sql`t.created_at DESC, ${db.dialect.byteOrder(sql`t.id`)} DESC`,
          PREVIOUS_TICKETS,
        ),
        accountInteractions(db, accountId, asOf, RECENT_INTERACTIONS),
      ])
    : [null, null, [], []];

  // Ticket CSAT counts for the account of the ticket, whatever the survey's own account_id says.
  const [c] = await db.query<Record<string, unknown>>(sql`
    SELECT COUNT(*) AS company_n,
           AVG(CAST(s.score AS DOUBLE PRECISION)) AS company_avg,
           AVG(CASE WHEN s.score >= 4 THEN 1.0 ELSE 0.0 END) AS company_sat,
           COUNT(*) FILTER (WHERE t.account_id = ${accountId}) AS account_n,
           AVG(CAST(s.score AS DOUBLE PRECISION)) FILTER (WHERE t.account_id = ${accountId}) AS account_avg,
           AVG(CASE WHEN s.score >= 4 THEN 1.0 ELSE 0.0 END) FILTER (WHERE t.account_id = ${accountId}) AS account_sat
    FROM surveys s JOIN tickets t ON t.id = s.ticket_id
    WHERE s.kind = 'csat' AND s.responded_at < ${ts}
      AND s.responded_at >= CAST(${addDays(asOf, -CSAT_WINDOW_DAYS)} AS TIMESTAMP)`);
  const figures = (prefix: 'company' | 'account'): CsatFigures => {
    const avg = num(c?.[`${prefix}_avg`]);
    const sat = num(c?.[`${prefix}_sat`]);
    return {
      average: avg === null ? null : Math.round(avg * 100) / 100,
      satisfiedShare: sat === null ? null : Math.round(sat * 1000) / 1000,
      responses: Number(c?.[`${prefix}_n`] ?? 0),
    };
  };

  return {
    asOf,
    ticket,
    customer,
    caseCounts,
    previousTickets,
    recentInteractions,
    csat: {
      days: CSAT_WINDOW_DAYS,
      account: accountId ? figures('account') : null,
      company: figures('company'),
    },
    suggestedArticles: await suggestArticles(db, summary),
  };
}

async function customerOf(
  db: Database,
  config: HealthConfig,
  accountId: string,
  asOf: string,
): Promise<CaseContext['customer']> {
  const [row] = await db.query<Record<string, unknown>>(sql`
    WITH s AS (${liveRevenueSql(asOf)})
    SELECT a.id, a.name, a.segment, a.touch_model, a.csm_id, g.name AS csm_name, COALESCE(s.mrr, 0) AS mrr
    FROM accounts a LEFT JOIN agents g ON g.id = a.csm_id LEFT JOIN s ON s.account_id = a.id
    WHERE a.id = ${accountId}`);
  // A ticket may name an account the workspace does not hold: no customer then.
  if (!row) return null;
  const [[health], stages] = await Promise.all([
    computeHealth(db, config, asOf, [accountId]),
    lifecycleStages(db, asOf),
  ]);
  const mrr = Number(row.mrr);
  return {
    id: String(row.id),
    name: String(row.name),
    segment: text(row.segment),
    touchModel: text(row.touch_model),
    arr: Math.round(mrr * 12 * 100) / 100,
    paying: mrr > 0,
    stage: stages.find((s) => s.accountId === accountId)?.stage ?? null,
    health: health
      ? { score: health.score === null ? null : Math.round(health.score * 10) / 10, band: health.band }
      : null,
    csm: row.csm_id === null ? null : { id: String(row.csm_id), name: text(row.csm_name) },
  };
}

async function caseCountsOf(
  db: Database,
  accountId: string,
  asOf: string,
): Promise<NonNullable<CaseContext['caseCounts']>> {
  const ts = sql`CAST(${asOf} AS TIMESTAMP)`;
  const [row] = await db.query<Record<string, unknown>>(sql`
    SELECT COUNT(*) FILTER (WHERE ${ticketOpenAt(ts)}) AS open_n,
           COUNT(*) FILTER (WHERE t.created_at >= CAST(${addDays(asOf, -CASE_RECENT_DAYS)} AS TIMESTAMP) AND t.created_at < ${ts}) AS recent_n,
           COUNT(*) FILTER (WHERE t.created_at < ${ts}) AS all_n
    FROM tickets t WHERE t.account_id = ${accountId}`);
  return {
    open: Number(row?.open_n ?? 0),
    last90Days: Number(row?.recent_n ?? 0),
    allTime: Number(row?.all_n ?? 0),
  };
}

/**
 * Knowledge articles that helped with this kind of case before: linked (ticket_articles) to tickets of the same
 * category created before this one, ranked by how many of those tickets linked them, then by the latest link.
 */
async function suggestArticles(
  db: Database,
  ticket: TicketSummary,
): Promise<CaseContext['suggestedArticles']> {
  if (ticket.category === null) return { category: null, similarTickets: 0, articles: [] };
  const created = sql`(SELECT created_at FROM tickets WHERE id = ${ticket.id})`;
  const similar = sql`SELECT id FROM tickets WHERE category = ${ticket.category} AND id <> ${ticket.id} AND created_at < ${created}`;
  const [pool] = await db.query<{ n: number }>(sql`SELECT COUNT(*) AS n FROM (${similar}) x`);
  const rows = await db.query<Record<string, unknown>>(sql`
    WITH same_kind AS (${similar}),
    links AS (
      SELECT ta.article_id, COUNT(*) AS links, MAX(ta.linked_at) AS last_linked
      FROM ticket_articles ta JOIN same_kind s ON s.id = ta.ticket_id GROUP BY ta.article_id)
    SELECT k.id, k.title, l.links, ${db.dialect.timestampText(sql`l.last_linked`)} AS last_linked,
           EXISTS (SELECT 1 FROM ticket_articles x WHERE x.ticket_id = ${ticket.id} AND x.article_id = k.id) AS mine
    FROM links l JOIN kb_articles k ON k.id = l.article_id
    ORDER BY l.links DESC, l.last_linked DESC NULLS LAST, ${db.dialect.byteOrder(sql`k.id`)}
    LIMIT ${SUGGESTED_ARTICLES}`);
  return {
    category: ticket.category,
    similarTickets: Number(pool?.n ?? 0),
    articles: rows.map((r) => ({
      id: String(r.id),
      title: String(r.title),
      links: Number(r.links),
      lastLinkedAt: text(r.last_linked),
      linkedToThisTicket: r.mine === true,
    })),
  };
}
