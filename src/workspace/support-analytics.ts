/**
 * The Service Analytics views behind `GET /api/support/agents` and `/api/support/channels`: the catalog's
 * support definitions (metric-catalog.ts) cut by agent and by channel. Channels reuse the catalog itself
 * (`--by channel`), so they cannot disagree with `keel metrics`; agents group the same expressions by assignee.
 */
import type { Config } from '../config/load-config.js';
import type { Queryable } from '../db/database.js';
import { sql, type Sql } from '../db/sql.js';
import { AppError } from '../domain/errors.js';
import { computeSlicedMetrics, type MetricResult } from '../metrics/compute-metrics.js';
import { unscoped } from '../metrics/metric-queries.js';
import { sliceRef } from '../metrics/metric-slices.js';
import { addMonths, type Period } from '../metrics/period.js';
import { resolvePeriod, SEGMENTS } from './metrics-report.js';

export const AGENT_TREND_MONTHS = 6;

export interface AgentPerformance {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly team: string | null;
  /** Tickets created in the period and assigned to the agent. */
  readonly ticketsCreated: number;
  /** Tickets resolved in the period and assigned to the agent. */
  readonly ticketsSolved: number;
  readonly frtMedianMinutes: number | null;
  readonly resolutionMedianHours: number | null;
  /** First-contact resolution of the agent's resolved tickets (those with a known reply count). */
  readonly fcrRate: number | null;
  /** CSAT responses in the period on the agent's tickets: mean score (1–5), count, share 4–5. */
  readonly csatAverage: number | null;
  readonly csatResponses: number;
  readonly satisfiedShare: number | null;
  /** Share of the agent's resolved tickets that were ever reopened. */
  readonly reopenRate: number | null;
  readonly availableHours: number;
  readonly handleHours: number;
  /** handle / available time (null without available time). */
  readonly utilization: number | null;
  readonly trend: { month: string; solved: number; csatAverage: number | null; utilization: number | null }[];
}

// CSAT belongs to a ticket: surveys are reached through the (segment-narrowed) tickets whatever account_id the
// response itself carries, so a response linked only to its ticket still counts.
const stamp = (d: string) => sql`CAST(${d} AS TIMESTAMP)`;
const num = (e: Sql) => sql`CAST(${e} AS DOUBLE PRECISION)`;
const minutes = sql`(${num(sql`EXTRACT(EPOCH FROM (first_response_at - created_at))`)} / 60.0)`;
const hours = sql`(${num(sql`EXTRACT(EPOCH FROM (resolved_at - created_at))`)} / 3600.0)`;
const month = (column: string) => sql`CAST(date_trunc('month', ${sql.raw(column)}) AS DATE)`;

function checkSegment(segment: string | undefined) {
  if (segment !== undefined && !(SEGMENTS as readonly string[]).includes(segment))
    throw new AppError(
      'usage',
      `segment must be one of ${SEGMENTS.join(', ')}, not ${JSON.stringify(segment)}`,
    );
  return segment === undefined ? unscoped : sliceRef('segment', segment);
}

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const day = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);

/**
 * Per agent (support agents and anyone with assigned tickets or activity): the catalog's ticket measures for
 * the agent's tickets, CSAT on them, and Omni-Channel-style utilization, plus a monthly trend. With a segment,
 * tickets are those of the segment's accounts; activity time is not per account and stays whole.
 */
export async function agentPerformance(
  db: Queryable,
  request: { period?: string | undefined; segment?: string | undefined },
): Promise<{ period: Period; agents: AgentPerformance[] }> {
  const t = checkSegment(request.segment);
  const period = await resolvePeriod(db, request.period);
  const [from, to] = [stamp(period.start), stamp(period.end)];
  const trendFrom = addMonths(period.start, -(AGENT_TREND_MONTHS - 1));
  const rows = await db.query<Record<string, unknown>>(sql`
    WITH tk AS (SELECT * FROM ${t('tickets')}),
    created AS (
      SELECT assignee_id AS agent_id, COUNT(*) AS created,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutes}) AS frt_median
      FROM tk WHERE created_at >= ${from} AND created_at < ${to} AND assignee_id IS NOT NULL GROUP BY assignee_id),
    solved AS (
      SELECT assignee_id AS agent_id, COUNT(*) AS solved,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours}) AS hours_median,
             COUNT(*) FILTER (WHERE agent_replies IS NOT NULL) AS fcr_base,
             COUNT(*) FILTER (WHERE agent_replies <= 1 AND COALESCE(reopens, 0) = 0) AS fcr_hits,
             COUNT(*) FILTER (WHERE reopens > 0) AS reopened
      FROM tk WHERE resolved_at >= ${from} AND resolved_at < ${to} AND assignee_id IS NOT NULL GROUP BY assignee_id),
    csat AS (
      SELECT tk.assignee_id AS agent_id, AVG(${num(sql`s.score`)}) AS average, COUNT(*) AS responses,
             COUNT(*) FILTER (WHERE s.score >= 4) AS satisfied
      FROM surveys s JOIN tk ON tk.id = s.ticket_id
      WHERE s.kind = 'csat' AND s.responded_at >= ${from} AND s.responded_at < ${to} AND tk.assignee_id IS NOT NULL
      GROUP BY tk.assignee_id),
    act AS (
      SELECT agent_id, ${num(sql`SUM(available_seconds)`)} AS available, ${num(sql`SUM(handle_seconds)`)} AS handle
      FROM agent_activity WHERE day >= CAST(${period.start} AS DATE) AND day < CAST(${period.end} AS DATE) GROUP BY agent_id)
    SELECT a.id, a.name, a.role, a.team, COALESCE(c.created, 0) AS created, c.frt_median,
           COALESCE(v.solved, 0) AS solved, v.hours_median, COALESCE(v.fcr_base, 0) AS fcr_base,
           COALESCE(v.fcr_hits, 0) AS fcr_hits, COALESCE(v.reopened, 0) AS reopened,
           s.average AS csat_average, COALESCE(s.responses, 0) AS csat_responses, COALESCE(s.satisfied, 0) AS satisfied,
           COALESCE(x.available, 0) AS available, COALESCE(x.handle, 0) AS handle
    FROM agents a
    LEFT JOIN created c ON c.agent_id = a.id LEFT JOIN solved v ON v.agent_id = a.id
    LEFT JOIN csat s ON s.agent_id = a.id LEFT JOIN act x ON x.agent_id = a.id
    WHERE a.role = 'agent' OR c.agent_id IS NOT NULL OR v.agent_id IS NOT NULL OR x.agent_id IS NOT NULL
    ORDER BY a.id`);
  const [trendSolved, trendCsat, trendAct] = await Promise.all([
    db.query<Record<string, unknown>>(sql`
      SELECT assignee_id AS agent_id, ${month('resolved_at')} AS m, COUNT(*) AS solved FROM ${t('tickets')}
      WHERE resolved_at >= ${stamp(trendFrom)} AND resolved_at < ${to} AND assignee_id IS NOT NULL
      GROUP BY assignee_id, ${month('resolved_at')}`),
    db.query<Record<string, unknown>>(sql`
      SELECT tk.assignee_id AS agent_id, ${month('s.responded_at')} AS m, AVG(${num(sql`s.score`)}) AS average
      FROM surveys s JOIN ${t('tickets', 'tk')} ON tk.id = s.ticket_id
      WHERE s.kind = 'csat' AND s.responded_at >= ${stamp(trendFrom)} AND s.responded_at < ${to} AND tk.assignee_id IS NOT NULL
      GROUP BY tk.assignee_id, ${month('s.responded_at')}`),
    db.query<Record<string, unknown>>(sql`
      SELECT agent_id, ${month('day')} AS m, ${num(sql`SUM(available_seconds)`)} AS available, ${num(sql`SUM(handle_seconds)`)} AS handle
      FROM agent_activity WHERE day >= CAST(${trendFrom} AS DATE) AND day < CAST(${period.end} AS DATE)
      GROUP BY agent_id, ${month('day')}`),
  ]);
  const key = (r: Record<string, unknown>) => `${String(r.agent_id)}|${day(r.m)}`;
  const solvedBy = new Map(trendSolved.map((r) => [key(r), Number(r.solved)]));
  const csatBy = new Map(trendCsat.map((r) => [key(r), n(r.average)]));
  const actBy = new Map(trendAct.map((r) => [key(r), ratio(Number(r.handle), Number(r.available))]));
  const months = Array.from({ length: AGENT_TREND_MONTHS }, (_, i) => addMonths(trendFrom, i));
  const agents = rows.map((r): AgentPerformance => {
    const id = String(r.id);
    const [solved, fcrBase, available, handle] = [r.solved, r.fcr_base, r.available, r.handle].map(
      Number,
    ) as [number, number, number, number];
    return {
      id,
      name: String(r.name),
      role: String(r.role),
      team: r.team === null || r.team === undefined ? null : String(r.team),
      ticketsCreated: Number(r.created),
      ticketsSolved: solved,
      frtMedianMinutes: n(r.frt_median),
      resolutionMedianHours: n(r.hours_median),
      fcrRate: ratio(Number(r.fcr_hits), fcrBase),
      csatAverage: n(r.csat_average),
      csatResponses: Number(r.csat_responses),
      satisfiedShare: ratio(Number(r.satisfied), Number(r.csat_responses)),
      reopenRate: ratio(Number(r.reopened), solved),
      availableHours: available / 3600,
      handleHours: handle / 3600,
      utilization: ratio(handle, available),
      trend: months.map((m) => ({
        month: m.slice(0, 7),
        solved: solvedBy.get(`${id}|${m}`) ?? 0,
        csatAverage: csatBy.get(`${id}|${m}`) ?? null,
        utilization: actBy.get(`${id}|${m}`) ?? null,
      })),
    };
  });
  return { period, agents };
}

export interface ChannelReview {
  readonly channel: string;
  readonly tickets: number;
  readonly frtMedianMinutes: number | null;
  readonly resolutionMedianHours: number | null;
  readonly fcrRate: number | null;
  readonly backlog: number | null;
  readonly csatAverage: number | null;
  readonly csatResponses: number;
  readonly satisfiedShare: number | null;
}

const CHANNEL_METRICS = [
  'ticket_volume',
  'first_response_time_minutes',
  'resolution_time_hours',
  'first_contact_resolution_rate',
  'backlog',
] as const;

/** Volume, speed, FCR and backlog per channel straight from the catalog, and CSAT on each channel's tickets. */
export async function channelReview(
  db: Queryable,
  config: Config,
  request: { period?: string | undefined; segment?: string | undefined },
): Promise<{ period: Period; channels: ChannelReview[] }> {
  const t = checkSegment(request.segment);
  const period = await resolvePeriod(db, request.period);
  const [report, csat] = await Promise.all([
    computeSlicedMetrics(db, 'channel', {
      period,
      ids: CHANNEL_METRICS,
      grossMargin: config.grossMargin,
      ...(request.segment !== undefined ? { segment: request.segment } : {}),
    }),
    db.query<Record<string, unknown>>(sql`
      SELECT tk.channel, AVG(${num(sql`s.score`)}) AS average, COUNT(*) AS responses,
             COUNT(*) FILTER (WHERE s.score >= 4) AS satisfied
      FROM surveys s JOIN ${t('tickets', 'tk')} ON tk.id = s.ticket_id
      WHERE s.kind = 'csat' AND s.responded_at >= ${stamp(period.start)} AND s.responded_at < ${stamp(period.end)}
      GROUP BY tk.channel`),
  ]);
  const csatOf = new Map(csat.map((r) => [String(r.channel), r]));
  const value = (metrics: readonly MetricResult[], id: string) =>
    metrics.find((m) => m.id === id)?.value ?? null;
  const channels = (report.slices ?? [])
    .filter((s): s is { value: string; metrics: MetricResult[] } => s.value !== null)
    .map((s): ChannelReview => {
      const c = csatOf.get(s.value);
      const responses = Number(c?.responses ?? 0);
      return {
        channel: s.value,
        tickets: value(s.metrics, 'ticket_volume') ?? 0,
        frtMedianMinutes: value(s.metrics, 'first_response_time_minutes'),
        resolutionMedianHours: value(s.metrics, 'resolution_time_hours'),
        fcrRate: value(s.metrics, 'first_contact_resolution_rate'),
        backlog: value(s.metrics, 'backlog'),
        csatAverage: n(c?.average),
        csatResponses: responses,
        satisfiedShare: ratio(Number(c?.satisfied ?? 0), responses),
      };
    });
  return { period, channels };
}
