/**
 * The SQL behind the metric catalog, one query per family of metrics that share a scan. Every query reads
 * only canonical tables, binds the period's dates as parameters and runs unchanged on DuckDB and PostgreSQL
 * (the shared dialect: FILTER, percentile_cont … WITHIN GROUP, EXTRACT(EPOCH …), VALUES lists).
 */
import type { TableName } from '../domain/canonical-tables.js';
import { sql, type Sql } from '../db/sql.js';
import { engagementSummarySql } from './engagement-score.js';
import { addDays, addMonths, monthsOf, previousPeriod, type Period } from './period.js';

const date = (d: string) => sql`CAST(${d} AS DATE)`;

/**
 * How a query names a canonical table: plainly, or narrowed to a slice (`--by`, see metric-slices.ts). Every
 * table reference in this file goes through it, so any query can be sliced without being rewritten.
 */
export type TableRef = (name: TableName, alias?: string) => Sql;

export const unscoped: TableRef = (name, alias) => sql`${sql.ident(name)} AS ${sql.ident(alias ?? name)}`;
const stamp = (d: string) => sql`CAST(${d} AS TIMESTAMP)`;
const num = (e: Sql) => sql`CAST(${e} AS DOUBLE PRECISION)`;

/** Σ of an account's subscription lines live on day `day`: started_at ≤ day < ended_at (DESIGN §4). */
function mrrAt(day: Sql): Sql {
  return sql`SUM(CASE WHEN started_at <= ${day} AND (ended_at IS NULL OR ended_at > ${day}) THEN mrr ELSE 0 END)`;
}

/** Per-account MRR on two days, for every account that ever had a subscription line. */
function mrrOnTwoDays(t: TableRef, a: string, b: string): Sql {
  return sql`SELECT account_id, ${num(mrrAt(date(a)))} AS m_a, ${num(mrrAt(date(b)))} AS m_b FROM ${t('subscriptions')} GROUP BY account_id`;
}

/**
 * CTEs `m(ms, me)` (the given month boundaries) and `snap(ms, account_id, sv, ev)`: each account's MRR at a
 * month's start (sv) and at the next month's start (ev). The MRR bridge and the churn behind CLV read them.
 */
function monthlySnapshots(t: TableRef, months: readonly (readonly [string, string])[]): Sql {
  const values = sql.join(months.map(([s, e]) => sql`(${date(s)}, ${date(e)})`));
  const live = (day: string) =>
    num(
      sql`SUM(CASE WHEN s.started_at <= ${sql.raw(day)} AND (s.ended_at IS NULL OR s.ended_at > ${sql.raw(day)}) THEN s.mrr ELSE 0 END)`,
    );
  return sql`m(ms, me) AS (VALUES ${values}),
    snap AS (
      SELECT m.ms, s.account_id, ${live('m.ms')} AS sv, ${live('m.me')} AS ev
      FROM m CROSS JOIN ${t('subscriptions', 's')} GROUP BY m.ms, s.account_id)`;
}

export type QueryId =
  | 'mrr_bridge'
  | 'revenue_retention'
  | 'logo_churn'
  | 'tickets_created'
  | 'tickets_resolved'
  | 'surveys'
  | 'agent_activity'
  | 'backlog'
  | 'acquisition'
  | 'churn_types'
  | 'adoption'
  | 'onboarding'
  | 'unit_economics'
  | 'service_levels'
  // SQL in engagement-score.ts: its per-account form also serves `keel engagement` and the health measure.
  | 'engagement';

/**
 * The MRR bridge: for each calendar month of the period and each account, s = MRR at the month's start and
 * e = MRR at the next month's start; s = 0 < e is new (no earlier paid line) or reactivation, s > 0 = e
 * churned, e > s > 0 expansion, s > e > 0 contraction (DESIGN §6). Summed over the period's months.
 */
function mrrBridge(period: Period, t: TableRef = unscoped): Sql {
  return sql`
    WITH ${monthlySnapshots(t, monthsOf(period))},
    first_paid AS (${firstPaid(t)}),
    ends AS (${mrrOnTwoDays(t, period.start, period.end)})
    SELECT
      (SELECT COALESCE(SUM(m_a), 0) FROM ends) AS start_mrr,
      (SELECT COALESCE(SUM(m_b), 0) FROM ends) AS end_mrr,
      COALESCE(SUM(CASE WHEN sv = 0 AND ev > 0 AND fp.first_start >= snap.ms THEN ev END), 0) AS new_mrr,
      COALESCE(SUM(CASE WHEN sv = 0 AND ev > 0 AND fp.first_start < snap.ms THEN ev END), 0) AS reactivation_mrr,
      COALESCE(SUM(CASE WHEN sv > 0 AND ev = 0 THEN sv END), 0) AS churned_mrr,
      COALESCE(SUM(CASE WHEN sv > 0 AND ev > sv THEN ev - sv END), 0) AS expansion_mrr,
      COALESCE(SUM(CASE WHEN ev > 0 AND sv > ev THEN sv - ev END), 0) AS contraction_mrr,
      COUNT(DISTINCT CASE WHEN sv = 0 AND ev > 0 AND fp.first_start >= snap.ms THEN snap.account_id END) AS new_accounts
    FROM snap LEFT JOIN first_paid fp ON fp.account_id = snap.account_id`;
}

/** NRR and GRR over the trailing 12 months ending at the period's end, on accounts active 12 months earlier. */
function revenueRetention(period: Period, t: TableRef = unscoped): Sql {
  const t0 = addMonths(period.end, -12);
  return sql`
    SELECT COALESCE(SUM(m_a), 0) AS base_mrr, COALESCE(SUM(m_b), 0) AS end_mrr,
           COALESCE(SUM(CASE WHEN m_b < m_a THEN m_b ELSE m_a END), 0) AS capped_mrr, COUNT(*) AS accounts
    FROM (${mrrOnTwoDays(t, t0, period.end)}) x WHERE m_a > 0`;
}

/** Accounts active (MRR > 0) at the period's start, and how many of them are not at its end. */
function logoChurn(period: Period, t: TableRef = unscoped): Sql {
  return sql`
    SELECT COUNT(*) AS active_start, COUNT(*) FILTER (WHERE m_b = 0) AS churned
    FROM (${mrrOnTwoDays(t, period.start, period.end)}) x WHERE m_a > 0`;
}

const minutesBetween = (a: string, b: string) =>
  sql`(${num(sql`EXTRACT(EPOCH FROM (${sql.raw(b)} - ${sql.raw(a)}))`)} / 60.0)`;

/** Tickets created in the period: volume, first-response times (public agent reply), escalations, reopens. */
function ticketsCreated(period: Period, t: TableRef = unscoped): Sql {
  const frt = minutesBetween('created_at', 'first_response_at');
  return sql`
    SELECT COUNT(*) AS volume,
           COUNT(first_response_at) AS responded,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ${frt}) AS frt_median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY ${frt}) AS frt_p90,
           COUNT(*) FILTER (WHERE escalated) AS escalated,
           COUNT(*) FILTER (WHERE reopens > 0) AS reopened,
           (SELECT COUNT(*) FROM (${mrrOnTwoDays(t, period.start, period.end)}) x WHERE m_b > 0) AS active_accounts
    FROM ${t('tickets')} WHERE created_at >= ${stamp(period.start)} AND created_at < ${stamp(period.end)}`;
}

/** First-response time by channel, for the breakdown of the FRT metrics. */
export function frtByChannel(period: Period, t: TableRef = unscoped): Sql {
  const frt = minutesBetween('created_at', 'first_response_at');
  return sql`
    SELECT channel, COUNT(*) AS n,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ${frt}) AS median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY ${frt}) AS p90
    FROM ${t('tickets')} WHERE created_at >= ${stamp(period.start)} AND created_at < ${stamp(period.end)} AND first_response_at IS NOT NULL
    GROUP BY channel ORDER BY channel`;
}

/**
 * Tickets resolved in the period: resolution hours, and first-contact resolution — at most one agent reply
 * and no reopen. Tickets whose agent_replies is unknown (NULL) are left out of FCR rather than guessed.
 */
function ticketsResolved(period: Period, t: TableRef = unscoped): Sql {
  const hours = sql`(${minutesBetween('created_at', 'resolved_at')} / 60.0)`;
  return sql`
    SELECT COUNT(*) AS resolved,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours}) AS hours_median,
           AVG(${hours}) AS hours_mean,
           COUNT(*) FILTER (WHERE agent_replies IS NOT NULL) AS fcr_base,
           COUNT(*) FILTER (WHERE agent_replies <= 1 AND COALESCE(reopens, 0) = 0) AS fcr_hits
    FROM ${t('tickets')} WHERE resolved_at >= ${stamp(period.start)} AND resolved_at < ${stamp(period.end)}`;
}

/** CSAT (4–5 of 5), support CSAT (linked to a ticket), NPS (9–10 minus 0–6) and CES (mean), by response date. */
function surveys(period: Period, t: TableRef = unscoped): Sql {
  return sql`
    SELECT COUNT(*) FILTER (WHERE kind = 'csat') AS csat_n,
           COUNT(*) FILTER (WHERE kind = 'csat' AND score >= 4) AS csat_hits,
           COUNT(*) FILTER (WHERE kind = 'csat' AND ticket_id IS NOT NULL) AS support_csat_n,
           COUNT(*) FILTER (WHERE kind = 'csat' AND ticket_id IS NOT NULL AND score >= 4) AS support_csat_hits,
           COUNT(*) FILTER (WHERE kind = 'nps') AS nps_n,
           COUNT(*) FILTER (WHERE kind = 'nps' AND score >= 9) AS promoters,
           COUNT(*) FILTER (WHERE kind = 'nps' AND score <= 6) AS detractors,
           COUNT(*) FILTER (WHERE kind = 'ces') AS ces_n,
           AVG(CASE WHEN kind = 'ces' THEN ${num(sql`score`)} END) AS ces_mean
    FROM ${t('surveys')} WHERE responded_at >= ${stamp(period.start)} AND responded_at < ${stamp(period.end)}`;
}

function agentActivity(period: Period, t: TableRef = unscoped): Sql {
  return sql`
    SELECT ${num(sql`COALESCE(SUM(handle_seconds), 0)`)} AS handle, ${num(sql`COALESCE(SUM(available_seconds), 0)`)} AS available, COUNT(DISTINCT agent_id) AS agents
    FROM ${t('agent_activity')} WHERE day >= ${date(period.start)} AND day < ${date(period.end)}`;
}

/** Tickets created before the period's end and not resolved (or closed) by then, by age at the end. */
function backlog(period: Period, t: TableRef = unscoped): Sql {
  const end = stamp(period.end);
  const age = sql`(${num(sql`EXTRACT(EPOCH FROM (${end} - created_at))`)} / 86400.0)`;
  return sql`
    SELECT COUNT(*) AS open_tickets,
           COUNT(*) FILTER (WHERE ${age} < 1) AS under_1d,
           COUNT(*) FILTER (WHERE ${age} >= 1 AND ${age} < 3) AS d1_3,
           COUNT(*) FILTER (WHERE ${age} >= 3 AND ${age} < 7) AS d3_7,
           COUNT(*) FILTER (WHERE ${age} >= 7 AND ${age} < 30) AS d7_30,
           COUNT(*) FILTER (WHERE ${age} >= 30) AS over_30d
    FROM ${t('tickets')}
    WHERE created_at < ${end} AND (COALESCE(resolved_at, closed_at) IS NULL OR COALESCE(resolved_at, closed_at) >= ${end})`;
}

// ---- acquisition, churn types, adoption and onboarding ----------------------------------------------------

/** Each account's first paid day: the earliest start of a line with MRR > 0. */
const firstPaid = (t: TableRef) =>
  sql`SELECT account_id, MIN(started_at) AS first_start FROM ${t('subscriptions')} WHERE mrr > 0 GROUP BY account_id`;

/**
 * Trials decided in the period (converted, or ended unconverted), acquisition spend, new customers (first paid
 * day in the period) and qualified leads in this and the previous equal-length period.
 */
export function acquisition(period: Period, t: TableRef = unscoped): Sql {
  const before = previousPeriod(period);
  const inPeriod = (col: string, p: Period) =>
    sql`${sql.raw(col)} >= ${stamp(p.start)} AND ${sql.raw(col)} < ${stamp(p.end)}`;
  return sql`
    SELECT
      (SELECT COUNT(*) FROM ${t('trials')} WHERE ${inPeriod('COALESCE(converted_at, ended_at)', period)}) AS trials_decided,
      (SELECT COUNT(*) FROM ${t('trials')} WHERE ${inPeriod('converted_at', period)}) AS trials_converted,
      (SELECT ${num(sql`COALESCE(SUM(amount), 0)`)} FROM ${t('costs')} WHERE category = 'acquisition' AND month >= ${date(period.start)} AND month < ${date(period.end)}) AS acquisition_cost,
      (SELECT COUNT(*) FROM (${firstPaid(t)}) f WHERE first_start >= ${date(period.start)} AND first_start < ${date(period.end)}) AS new_customers,
      (SELECT COUNT(*) FROM ${t('leads')} WHERE ${inPeriod('qualified_at', period)}) AS qualified,
      (SELECT COUNT(*) FROM ${t('leads')} WHERE ${inPeriod('qualified_at', before)}) AS qualified_before`;
}

/**
 * Logo churn split by churn type, and over the trailing 12 months. An account's churn type is that of its
 * line that ended last on or before the end; a churned account whose line has no churn_type counts in neither.
 */
export function churnTypes(period: Period, t: TableRef = unscoped): Sql {
  const t0 = addMonths(period.end, -12);
  return sql`
    WITH x AS (${mrrOnTwoDays(t, period.start, period.end)}),
    y AS (${mrrOnTwoDays(t, t0, period.end)}),
    last_end AS (
      SELECT account_id, churn_type, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY ended_at DESC, id DESC) AS r
      FROM ${t('subscriptions')} WHERE ended_at IS NOT NULL AND ended_at <= ${date(period.end)})
    SELECT
      (SELECT COUNT(*) FROM x WHERE m_a > 0) AS active_start,
      (SELECT COUNT(*) FROM x JOIN last_end l ON l.account_id = x.account_id AND l.r = 1
        WHERE m_a > 0 AND m_b = 0 AND l.churn_type = 'voluntary') AS voluntary,
      (SELECT COUNT(*) FROM x JOIN last_end l ON l.account_id = x.account_id AND l.r = 1
        WHERE m_a > 0 AND m_b = 0 AND l.churn_type = 'involuntary') AS involuntary,
      (SELECT COUNT(*) FROM y WHERE m_a > 0) AS active_year_ago,
      (SELECT COUNT(*) FROM y WHERE m_a > 0 AND m_b = 0) AS churned_in_year`;
}

/**
 * Adoption over the period's last 30 days (MAU rate, stickiness) and the whole period (core features), among
 * accounts active at the end. MAU rate is Σ active users / Σ licensed seats over those accounts with seats.
 */
export function adoption(period: Period, t: TableRef = unscoped): Sql {
  const windowStart = addDays(period.end, -30);
  const from = windowStart < period.start ? windowStart : period.start;
  // Usage is read from the usage facts (db/usage-facts.ts): the events as integer keys in time order, each
  // with its previous events, so the period's rows are counted rather than de-duplicated: an event whose user
  // had none earlier in the 30-day window is an active user (MAU), one whose user's previous event fell on
  // another day a user-day (stickiness), one whose account had not used its feature earlier in the period an
  // account using that feature; only the accounts with any use are a DISTINCT (of integer keys). `ev` is
  // inlined, not materialised: two date-ranged scans of the facts cost less than storing 1.7M rows. A slice
  // narrows through the active accounts. Measured in bench/results/metrics.md.
  const ws = stamp(windowStart);
  const ps = stamp(period.start);
  return sql`
    WITH active AS (SELECT account_id FROM (${mrrOnTwoDays(t, period.start, period.end)}) x WHERE m_b > 0),
    active_keys AS (
      SELECT k.account_key, k.account_id FROM usage_fact_accounts k WHERE k.account_id IN (SELECT account_id FROM active)),
    ev AS NOT MATERIALIZED (
      SELECT f.account_key, f.user_key, f.feature_key, f.occurred_at, f.prev_at, f.prev_account_feature_at
      FROM usage_facts f
      WHERE f.occurred_at >= ${stamp(from)} AND f.occurred_at < ${stamp(period.end)}
        AND f.account_key IN (SELECT account_key FROM active_keys)),
    recent AS (
      SELECT account_key,
             COUNT(*) FILTER (WHERE prev_at IS NULL OR prev_at < ${ws}) AS users,
             COUNT(*) FILTER (WHERE prev_at IS NULL OR CAST(prev_at AS DATE) <> CAST(occurred_at AS DATE)) AS user_days
      FROM ev WHERE occurred_at >= ${ws} AND user_key IS NOT NULL GROUP BY account_key),
    in_period AS (SELECT * FROM ev WHERE occurred_at >= ${ps}),
    feature_use AS (
      SELECT feature_key, COUNT(*) AS accounts FROM in_period
      WHERE feature_key IS NOT NULL AND (prev_account_feature_at IS NULL OR prev_account_feature_at < ${ps})
      GROUP BY feature_key),
    using_accounts AS (SELECT COUNT(DISTINCT account_key) AS n FROM in_period),
    seats AS (
      SELECT a.id AS account_id, a.licensed_seats FROM ${t('accounts', 'a')}
      WHERE a.licensed_seats > 0 AND a.id IN (SELECT account_id FROM active)),
    core AS (SELECT key FROM ${t('features')} WHERE is_core)
    SELECT
      (SELECT COALESCE(SUM(r.users), 0) FROM recent r JOIN active_keys k ON k.account_key = r.account_key
         JOIN seats s ON s.account_id = k.account_id) AS seat_users,
      (SELECT COALESCE(SUM(licensed_seats), 0) FROM seats) AS seats,
      (SELECT COUNT(*) FROM seats) AS seat_accounts,
      (SELECT COALESCE(SUM(users), 0) FROM recent) AS mau,
      (SELECT COALESCE(SUM(user_days), 0) FROM recent) AS user_days,
      (SELECT n FROM using_accounts) AS using_accounts,
      (SELECT COUNT(*) FROM core) AS core_features,
      (SELECT AVG(${num(sql`COALESCE(u.accounts, 0)`)} / NULLIF((SELECT n FROM using_accounts), 0))
       FROM core c LEFT JOIN usage_fact_features ff ON ff.feature = c.key
       LEFT JOIN feature_use u ON u.feature_key = ff.feature_key) AS core_adoption`;
}

/**
 * Onboarding, from each account's first paid day (TTFV and time to onboard: cohort = first paid day in the 12
 * months ending at the period's end; completion: cohort = the 12 months ending 90 days before the end, done =
 * every required milestone completed within 90 days), and setup progress of accounts active at the end.
 */
export function onboarding(period: Period, t: TableRef = unscoped): Sql {
  const end = period.end;
  const cohortEnd = addDays(end, -90);
  const days = (a: string, b: string) =>
    sql`(${num(sql`EXTRACT(EPOCH FROM (${sql.raw(b)} - CAST(${sql.raw(a)} AS TIMESTAMP)))`)} / 86400.0)`;
  return sql`
    WITH fp AS (${firstPaid(t)}),
    req AS (
      SELECT m.account_id, COUNT(*) AS required, COUNT(m.completed_at) FILTER (WHERE m.completed_at < ${stamp(end)}) AS done,
             MAX(m.completed_at) AS last_done, COUNT(*) FILTER (WHERE m.completed_at IS NULL OR m.completed_at >= ${stamp(end)}) AS open_now
      FROM ${t('milestones', 'm')} WHERE m.required GROUP BY m.account_id),
    fv AS (SELECT account_id, MIN(completed_at) AS first_value FROM ${t('milestones')} WHERE is_first_value AND completed_at IS NOT NULL GROUP BY account_id),
    recent AS (SELECT * FROM fp WHERE first_start >= ${date(addMonths(end, -12))} AND first_start < ${date(end)}),
    older AS (SELECT * FROM fp WHERE first_start >= ${date(addMonths(cohortEnd, -12))} AND first_start < ${date(cohortEnd)}),
    active AS (SELECT account_id FROM (${mrrOnTwoDays(t, period.start, end)}) x WHERE m_b > 0)
    SELECT
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ${days('r.first_start', 'fv.first_value')})
         FROM recent r JOIN fv ON fv.account_id = r.account_id WHERE fv.first_value < ${stamp(end)}) AS ttfv_days,
      (SELECT COUNT(*) FROM recent r JOIN fv ON fv.account_id = r.account_id WHERE fv.first_value < ${stamp(end)}) AS ttfv_n,
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ${days('r.first_start', 'q.last_done')})
         FROM recent r JOIN req q ON q.account_id = r.account_id WHERE q.open_now = 0) AS onboard_days,
      (SELECT COUNT(*) FROM recent r JOIN req q ON q.account_id = r.account_id WHERE q.open_now = 0) AS onboard_n,
      (SELECT COUNT(*) FROM older o JOIN req q ON q.account_id = o.account_id) AS cohort_with_milestones,
      (SELECT COUNT(*) FROM older o JOIN req q ON q.account_id = o.account_id
         WHERE q.open_now = 0 AND ${days('o.first_start', 'q.last_done')} <= 90) AS cohort_completed,
      (SELECT AVG(${num(sql`q.done`)} / q.required) FROM req q WHERE q.account_id IN (SELECT account_id FROM active)) AS setup_score,
      (SELECT COUNT(*) FROM req q WHERE q.account_id IN (SELECT account_id FROM active)) AS setup_n`;
}

/** ARPA at the end, and the mean of the monthly logo churn rates of the 6 months ending at the end (for CLV). */
export function unitEconomics(period: Period, t: TableRef = unscoped): Sql {
  const months = [6, 5, 4, 3, 2, 1].map(
    (k) => [addMonths(period.end, -k), addMonths(period.end, -k + 1)] as const,
  );
  return sql`
    WITH ${monthlySnapshots(t, months)},
    monthly AS (
      SELECT ms, ${num(sql`COUNT(*) FILTER (WHERE ev = 0)`)} / NULLIF(COUNT(*), 0) AS churn
      FROM snap WHERE sv > 0 GROUP BY ms),
    ends AS (${mrrOnTwoDays(t, period.start, period.end)})
    SELECT (SELECT AVG(churn) FROM monthly) AS mean_monthly_churn,
           (SELECT COUNT(*) FROM monthly) AS churn_months,
           (SELECT COALESCE(SUM(m_b), 0) FROM ends) AS end_mrr,
           (SELECT COUNT(*) FROM ends WHERE m_b > 0) AS active_end`;
}

/** Per-channel first-response targets in minutes (the "good" FRT benchmark of each channel), for SLA compliance. */
const SLA_TARGET_MINUTES: Readonly<Record<string, number>> = {
  chat: 5,
  phone: 3,
  social: 60,
  email: 720,
  web: 720,
  other: 720,
};

/**
 * SLA compliance of tickets created in the period (a ticket never answered has missed its target), and the
 * knowledge impact: resolution time and support CSAT of tickets resolved in the period with and without a
 * linked article.
 */
export function serviceLevels(period: Period, t: TableRef = unscoped): Sql {
  const frt = minutesBetween('t.created_at', 't.first_response_at');
  // PostgreSQL types VALUES parameters as text unless told otherwise.
  const targets = sql.join(
    Object.entries(SLA_TARGET_MINUTES).map(([c, m]) => sql`(CAST(${c} AS TEXT), ${num(sql`${m}`)})`),
  );
  const hours = sql`(${minutesBetween('t.created_at', 't.resolved_at')} / 60.0)`;
  return sql`
    WITH target(channel, minutes) AS (VALUES ${targets}),
    created AS (
      SELECT t.*, ${frt} AS frt FROM ${t('tickets', 't')}
      WHERE t.created_at >= ${stamp(period.start)} AND t.created_at < ${stamp(period.end)}),
    resolved AS (
      SELECT t.id, ${hours} AS hours,
             EXISTS (SELECT 1 FROM ${t('ticket_articles', 'ta')} WHERE ta.ticket_id = t.id) AS with_article,
             (SELECT AVG(CASE WHEN s.score >= 4 THEN 1.0 ELSE 0.0 END) FROM ${t('surveys', 's')} WHERE s.kind = 'csat' AND s.ticket_id = t.id) AS satisfied
      FROM ${t('tickets', 't')} WHERE t.resolved_at >= ${stamp(period.start)} AND t.resolved_at < ${stamp(period.end)})
    SELECT
      (SELECT COUNT(*) FROM created) AS sla_base,
      (SELECT COUNT(*) FROM created c JOIN target g ON g.channel = c.channel WHERE c.frt <= g.minutes) AS sla_met,
      (SELECT COUNT(*) FROM resolved WHERE with_article) AS with_n,
      (SELECT COUNT(*) FROM resolved WHERE NOT with_article) AS without_n,
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) FROM resolved WHERE with_article) AS with_hours,
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) FROM resolved WHERE NOT with_article) AS without_hours,
      (SELECT ${num(sql`AVG(satisfied)`)} FROM resolved WHERE with_article) AS with_csat,
      (SELECT ${num(sql`AVG(satisfied)`)} FROM resolved WHERE NOT with_article) AS without_csat`;
}

export const METRIC_QUERIES: Record<QueryId, (period: Period, t?: TableRef) => Sql> = {
  mrr_bridge: mrrBridge,
  revenue_retention: revenueRetention,
  logo_churn: logoChurn,
  tickets_created: ticketsCreated,
  tickets_resolved: ticketsResolved,
  surveys,
  agent_activity: agentActivity,
  backlog,
  acquisition,
  churn_types: churnTypes,
  adoption,
  onboarding,
  unit_economics: unitEconomics,
  service_levels: serviceLevels,
  // The score as of the period's end, from usage in the 30 days before it.
  engagement: (period, t) => engagementSummarySql(period.end, t),
};
