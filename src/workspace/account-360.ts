/**
 * One account seen whole on a date (GET /api/accounts/{id}, `keel account ID`): profile, lifecycle, revenue
 * history, explained health and its recorded history, usage, tickets, surveys, interactions, contacts, risks.
 */
import type { Database } from '../db/database.js';
import { sql } from '../db/sql.js';
import { lifecycleStages, type Stage } from '../metrics/lifecycle-stages.js';
import { addDays, addMonths } from '../metrics/period.js';
import { explainHealth, type HealthExplanation } from '../scoring/explain-health.js';
import { healthHistory, type HistoryPoint } from '../scoring/record-health.js';
import { listRiskEvents, type RiskEvent } from '../scoring/risk-events.js';
import type { HealthConfig } from '../scoring/scorecard-schema.js';
import { liveRevenueSql, ticketOpenAt } from './account-list.js';
import {
  accountInteractions,
  ticketSummaries,
  type InteractionItem,
  type TicketSummary,
} from './case-context.js';

export const MRR_HISTORY_MONTHS = 24;
export const USAGE_WEEKS = 26;
export const RECENT_TICKETS = 50;
export const RECENT_SURVEYS = 100;
export const RECENT_INTERACTIONS_360 = 100;

export interface Account360 {
  /** Every figure counts facts before the start of this day (subscriptions live on it). */
  readonly asOf: string;
  readonly profile: {
    readonly id: string;
    readonly name: string;
    readonly segment: string | null;
    readonly touchModel: string | null;
    readonly industry: string | null;
    readonly region: string | null;
    readonly plan: string | null;
    readonly parentId: string | null;
    readonly licensedSeats: number | null;
    /** Σ seats of the lines live on the date; null when none says. */
    readonly subscribedSeats: number | null;
    readonly createdAt: string;
    readonly csm: { readonly id: string; readonly name: string | null; readonly email: string | null } | null;
  };
  readonly lifecycle: { readonly stage: Stage; readonly since: string };
  readonly revenue: {
    readonly mrr: number;
    readonly arr: number;
    readonly paying: boolean;
    readonly nextRenewal: string | null;
    /** MRR on the last day of each of the last 24 months that ended by the date, oldest first. */
    readonly mrrHistory: { readonly monthEnd: string; readonly mrr: number }[];
    /** Every line that started by the date, newest first. */
    readonly subscriptions: {
      readonly id: string;
      readonly plan: string | null;
      readonly mrr: number;
      readonly seats: number | null;
      readonly startedAt: string;
      readonly endedAt: string | null;
      readonly renewalDate: string | null;
      readonly churnType: string | null;
      readonly live: boolean;
    }[];
  };
  readonly health: {
    /** Null when the account is not paying on the date (health scores only paying accounts). */
    readonly current: HealthExplanation | null;
    /** Scores recorded by `keel health record` up to the date, per scorecard version, oldest first. */
    readonly history: HistoryPoint[];
  };
  readonly usage: {
    readonly lastSeen: string | null;
    /** The 26 complete ISO weeks (Monday–Sunday) before the date's week, oldest first. */
    readonly weekly: { readonly weekStart: string; readonly events: number; readonly activeUsers: number }[];
    /** Every catalog feature and any other feature the account used, core features first. */
    readonly features: {
      readonly key: string;
      readonly name: string | null;
      readonly category: string | null;
      readonly core: boolean;
      readonly users30: number;
      readonly events30: number;
      readonly users90: number;
      readonly events90: number;
    }[];
  };
  readonly tickets: {
    /** Tickets created before the date. */
    readonly total: number;
    readonly open: number;
    /** The latest 50, newest first (status is the ticket's current one). */
    readonly recent: TicketSummary[];
  };
  readonly surveys: {
    readonly id: string;
    readonly kind: 'nps' | 'csat' | 'ces';
    readonly score: number;
    readonly respondedAt: string;
    readonly comment: string | null;
    readonly contact: { readonly id: string; readonly name: string | null } | null;
    readonly ticketId: string | null;
  }[];
  readonly interactions: InteractionItem[];
  readonly contacts: {
    readonly id: string;
    readonly name: string | null;
    readonly email: string | null;
    readonly title: string | null;
    readonly role: string | null;
    readonly executive: boolean;
    readonly createdAt: string | null;
  }[];
  /** Recorded risk events up to the date, newest first. */
  readonly riskEvents: RiskEvent[];
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const money = (v: number) => Math.round(v * 100) / 100;

/** The last days of the `count` months that ended on or before `asOf`, oldest first. */
export function monthEnds(asOf: string, count: number): string[] {
  const endOfMonth = (d: string) => addDays(addMonths(d, 1), -1);
  let last = endOfMonth(asOf);
  if (last > asOf) last = addDays(addMonths(asOf, 0), -1);
  const ends: string[] = [];
  for (let i = count - 1; i >= 0; i--) ends.push(endOfMonth(addMonths(last, -i)));
  return ends;
}

/** Monday starts of the `count` complete ISO weeks before the week that holds `asOf`, oldest first. */
export function weekStarts(asOf: string, count: number): string[] {
  const weekday = new Date(`${asOf}T00:00:00Z`).getUTCDay();
  const monday = addDays(asOf, -((weekday + 6) % 7));
  return Array.from({ length: count }, (_, i) => addDays(monday, -7 * (count - i)));
}

/** Null when the workspace holds no such account. */
export async function account360(
  db: Database,
  config: HealthConfig,
  accountId: string,
  asOf: string,
): Promise<Account360 | null> {
  const ts = sql`CAST(${asOf} AS TIMESTAMP)`;
  const stamp = (c: string) => db.dialect.timestampText(sql.raw(c));
  const [row] = await db.query<Record<string, unknown>>(sql`
    WITH s AS (${liveRevenueSql(asOf)})
    SELECT a.id, a.name, a.segment, a.touch_model, a.industry, a.region, a.plan, a.parent_id, a.licensed_seats,
           ${stamp('a.created_at')} AS created_at, a.csm_id, g.name AS csm_name, g.email AS csm_email,
           COALESCE(s.mrr, 0) AS mrr, CAST(s.next_renewal AS TEXT) AS next_renewal
    FROM accounts a LEFT JOIN agents g ON g.id = a.csm_id LEFT JOIN s ON s.account_id = a.id
    WHERE a.id = ${accountId}`);
  if (!row) return null;

  const [stages, current, history, revenue, usage, tickets, surveys, interactions, contacts, risks] =
    await Promise.all([
      lifecycleStages(db, asOf),
      explainHealth(db, config, accountId, asOf),
      healthHistory(db, accountId),
      revenueOf(db, accountId, asOf),
      usageOf(db, accountId, asOf),
      ticketsOf(db, accountId, asOf),
      db.query<Record<string, unknown>>(sql`
        SELECT s.id, s.kind, s.score, ${stamp('s.responded_at')} AS responded_at, s.comment, s.contact_id,
               c.name AS contact_name, s.ticket_id
        FROM surveys s LEFT JOIN contacts c ON c.id = s.contact_id
        WHERE (s.account_id = ${accountId} OR s.ticket_id IN (SELECT id FROM tickets WHERE account_id = ${accountId}))
          AND s.responded_at < ${ts}
        ORDER BY s.responded_at DESC, ${db.dialect.byteOrder(sql`s.id`)} DESC
        LIMIT ${RECENT_SURVEYS}`),
      accountInteractions(db, accountId, asOf, RECENT_INTERACTIONS_360),
      db.query<Record<string, unknown>>(sql`
        SELECT id, name, email, title, role, ${stamp('created_at')} AS created_at FROM contacts
        WHERE account_id = ${accountId} AND (created_at IS NULL OR created_at < ${ts})
        ORDER BY CASE role WHEN 'executive' THEN 0 WHEN 'champion' THEN 1 ELSE 2 END, ${db.dialect.byteOrder(sql`id`)}`),
      listRiskEvents(db, { accountId }),
    ]);
  const stage = stages.find((s) => s.accountId === accountId);
  const mrr = Number(row.mrr);
  const liveSeats = revenue.subscriptions.filter((s) => s.live && s.seats !== null);
  return {
    asOf,
    profile: {
      id: String(row.id),
      name: String(row.name),
      segment: text(row.segment),
      touchModel: text(row.touch_model),
      industry: text(row.industry),
      region: text(row.region),
      plan: text(row.plan),
      parentId: text(row.parent_id),
      licensedSeats: num(row.licensed_seats),
      subscribedSeats: liveSeats.length ? liveSeats.reduce((sum, s) => sum + (s.seats ?? 0), 0) : null,
      createdAt: String(row.created_at),
      csm:
        row.csm_id === null
          ? null
          : { id: String(row.csm_id), name: text(row.csm_name), email: text(row.csm_email) },
    },
    lifecycle: { stage: stage?.stage ?? 'acquisition', since: stage?.since ?? asOf },
    revenue: {
      mrr: money(mrr),
      arr: money(mrr * 12),
      paying: mrr > 0,
      nextRenewal: text(row.next_renewal),
      ...revenue,
    },
    health: { current, history: history.filter((h) => h.asOf <= asOf) },
    usage,
    tickets,
    surveys: surveys.map((s) => ({
      id: String(s.id),
      kind: String(s.kind) as 'nps' | 'csat' | 'ces',
      score: Number(s.score),
      respondedAt: String(s.responded_at),
      comment: text(s.comment),
      contact: s.contact_id === null ? null : { id: String(s.contact_id), name: text(s.contact_name) },
      ticketId: text(s.ticket_id),
    })),
    interactions,
    contacts: contacts.map((c) => ({
      id: String(c.id),
      name: text(c.name),
      email: text(c.email),
      title: text(c.title),
      role: text(c.role),
      executive: c.role === 'executive',
      createdAt: text(c.created_at),
    })),
    riskEvents: risks.filter((r) => r.asOf <= asOf),
  };
}

async function revenueOf(
  db: Database,
  accountId: string,
  asOf: string,
): Promise<Pick<Account360['revenue'], 'mrrHistory' | 'subscriptions'>> {
  const d = sql`CAST(${asOf} AS DATE)`;
  // PostgreSQL types VALUES parameters as text unless told otherwise.
  const ends = sql.join(monthEnds(asOf, MRR_HISTORY_MONTHS).map((e) => sql`(CAST(${e} AS DATE))`));
  const [history, lines] = await Promise.all([
    db.query<{ month_end: string; mrr: number }>(sql`
      WITH m(d) AS (VALUES ${ends})
      SELECT CAST(m.d AS TEXT) AS month_end,
             CAST(COALESCE(SUM(CASE WHEN s.started_at <= m.d AND (s.ended_at IS NULL OR s.ended_at > m.d) THEN s.mrr ELSE 0 END), 0) AS DOUBLE PRECISION) AS mrr
      FROM m LEFT JOIN subscriptions s ON s.account_id = ${accountId}
      GROUP BY m.d ORDER BY m.d`),
    db.query<Record<string, unknown>>(sql`
      SELECT id, plan, CAST(mrr AS DOUBLE PRECISION) AS mrr, seats, CAST(started_at AS TEXT) AS started_at,
             CAST(ended_at AS TEXT) AS ended_at, CAST(renewal_date AS TEXT) AS renewal_date, churn_type,
             (ended_at IS NULL OR ended_at > ${d}) AS live
      FROM subscriptions WHERE account_id = ${accountId} AND started_at <= ${d}
      ORDER BY started_at DESC, ${db.dialect.byteOrder(sql`id`)} DESC`),
  ]);
  return {
    mrrHistory: history.map((h) => ({ monthEnd: String(h.month_end), mrr: money(Number(h.mrr)) })),
    subscriptions: lines.map((l) => ({
      id: String(l.id),
      plan: text(l.plan),
      mrr: money(Number(l.mrr)),
      seats: num(l.seats),
      startedAt: String(l.started_at),
      endedAt: text(l.ended_at),
      renewalDate: text(l.renewal_date),
      churnType: text(l.churn_type),
      live: l.live === true,
    })),
  };
}

async function usageOf(db: Database, accountId: string, asOf: string): Promise<Account360['usage']> {
  const ts = sql`CAST(${asOf} AS TIMESTAMP)`;
  const starts = weekStarts(asOf, USAGE_WEEKS);
  const weeks = sql.join(
    starts.map((w) => sql`(CAST(${w} AS TIMESTAMP), CAST(${addDays(w, 7)} AS TIMESTAMP))`),
  );
  const ago = (days: number) => sql`CAST(${addDays(asOf, -days)} AS TIMESTAMP)`;
  const [weekly, features, seen] = await Promise.all([
    db.query<{ week_start: string; events: number; users: number }>(sql`
      WITH w(ws, we) AS (VALUES ${weeks})
      SELECT CAST(CAST(w.ws AS DATE) AS TEXT) AS week_start, COUNT(*) AS events, COUNT(DISTINCT e.user_id) AS users
      FROM w JOIN usage_events e ON e.account_id = ${accountId} AND e.occurred_at >= w.ws AND e.occurred_at < w.we
      GROUP BY w.ws`),
    db.query<Record<string, unknown>>(sql`
      WITH used AS (
        SELECT feature,
               COUNT(DISTINCT user_id) FILTER (WHERE occurred_at >= ${ago(30)}) AS users30,
               COUNT(*) FILTER (WHERE occurred_at >= ${ago(30)}) AS events30,
               COUNT(DISTINCT user_id) AS users90, COUNT(*) AS events90
        FROM usage_events
        WHERE account_id = ${accountId} AND feature IS NOT NULL AND occurred_at < ${ts} AND occurred_at >= ${ago(90)}
        GROUP BY feature),
      catalog AS (SELECT key FROM features UNION SELECT feature FROM used)
      SELECT k.key, f.name, f.category, COALESCE(f.is_core, false) AS core,
             COALESCE(u.users30, 0) AS users30, COALESCE(u.events30, 0) AS events30,
             COALESCE(u.users90, 0) AS users90, COALESCE(u.events90, 0) AS events90
      FROM catalog k LEFT JOIN features f ON f.key = k.key LEFT JOIN used u ON u.feature = k.key`),
    db.query<{ last_seen: string | null }>(sql`
      SELECT ${db.dialect.timestampText(sql`MAX(occurred_at)`)} AS last_seen FROM usage_events
      WHERE account_id = ${accountId} AND occurred_at < ${ts}`),
  ]);
  const byWeek = new Map(weekly.map((w) => [String(w.week_start), w]));
  return {
    lastSeen: text(seen[0]?.last_seen),
    weekly: starts.map((weekStart) => {
      const w = byWeek.get(weekStart);
      return { weekStart, events: Number(w?.events ?? 0), activeUsers: Number(w?.users ?? 0) };
    }),
    features: features
      .map((f) => ({
        key: String(f.key),
        name: text(f.name),
        category: text(f.category),
        core: f.core === true,
        users30: Number(f.users30),
        events30: Number(f.events30),
        users90: Number(f.users90),
        events90: Number(f.events90),
      }))
      .sort(
        (a, b) =>
          Number(b.core) - Number(a.core) ||
          b.events90 - a.events90 ||
          (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
      ),
  };
}

async function ticketsOf(db: Database, accountId: string, asOf: string): Promise<Account360['tickets']> {
  const ts = sql`CAST(${asOf} AS TIMESTAMP)`;
  const [[counts], recent] = await Promise.all([
    db.query<{ total: number; open_n: number }>(sql`
      SELECT COUNT(*) AS total, COUNT(*) FILTER (WHERE ${ticketOpenAt(ts)}) AS open_n
      FROM tickets t WHERE t.account_id = ${accountId} AND t.created_at < ${ts}`),
    ticketSummaries(
      db,
      sql`t.account_id = ${accountId} AND t.created_at < ${ts}`,
      sql`t.created_at DESC, ${db.dialect.byteOrder(sql`t.id`)} DESC`,
      RECENT_TICKETS,
    ),
  ]);
  return { total: Number(counts?.total ?? 0), open: Number(counts?.open_n ?? 0), recent };
}
