/**
 * The measures library: per account, as of a date, the raw values health scorecards score. One query reads
 * every measure for every account so scoring 20,000 accounts is one pass per table, not one per account.
 * A measure is NULL (NA) when the account has no data for it; scoring then drops it and re-normalises.
 */
import type { Queryable } from '../db/database.js';
import { sql } from '../db/sql.js';
import { RATING_VALUE, RATINGS } from './csm-sentiment.js';
import { ensureUsageFacts } from '../db/usage-facts.js';
import { engagementScoresSql } from '../metrics/engagement-score.js';

export const MEASURES = {
  active_user_rate:
    'distinct users active in the 30 days before the date / licensed seats (NA without seats)',
  usage_trend:
    'events in the last 30 days / the 30-day average of the 60 days before (NA without earlier usage)',
  feature_breadth: 'share of core features used in the last 30 days (NA without a core-feature catalog)',
  feature_depth:
    'mean share of the feature catalog each active user used in the last 30 days (the engagement score’s depth component; 0 without usage, NA without a catalog)',
  last_seen_days: 'days since the last usage event before the date (NA if never seen)',
  tickets_per_seat: 'tickets opened in the last 90 days per licensed seat (NA without seats)',
  open_escalations: 'open tickets on the date that are urgent or escalated',
  frt_vs_target:
    'median first response of the last 90 days’ tickets as a multiple of the channel target (NA without answered tickets)',
  support_csat: 'share of ticket CSAT responses scoring 4–5 in the last 180 days (NA without responses)',
  nps: 'mean of each contact’s latest NPS score in the last 365 days (NA without responses)',
  csat: 'share of CSAT responses scoring 4–5 in the last 180 days (NA without responses)',
  executive_touch_days: 'days since the last interaction with an executive (NA if none ever)',
  qbr_days: 'days since the last QBR (NA if none ever)',
  onboarding_completion:
    'share of required milestones completed by the date (NA without required milestones)',
  mrr_change_90d: 'MRR on the date / MRR 90 days before (NA when there was none)',
  csm_sentiment:
    'the CSM’s latest red / yellow / green rating of the last 90 days as 0 / 0.5 / 1 (csm-sentiment.ts; NA without one)',
  engagement_score:
    'the engagement score (0–100) on the date: login frequency, session depth, feature breadth and depth over the last 30 days (metrics/engagement-score.ts, `keel engagement`); 0 without usage, NA when not paying on the date',
} as const;

export type MeasureId = keyof typeof MEASURES;
export const MEASURE_IDS = Object.keys(MEASURES) as MeasureId[];

/** First-response targets (minutes) per channel, the FRT benchmarks' "good" bounds, as in SLA compliance. */
const TARGET = sql`CASE channel WHEN 'chat' THEN 5 WHEN 'phone' THEN 3 WHEN 'social' THEN 60 ELSE 720 END`;

export interface AccountMeasures {
  readonly accountId: string;
  readonly touchModel: string | null;
  readonly values: Record<MeasureId, number | null>;
}

/** Every account's measures as of the start of `asOf` (YYYY-MM-DD): facts strictly before that instant. */
/**
 * `accountIds` narrows every table read to those accounts (one account's explanation need not aggregate the
 * whole workspace). `measures` names the measures the caller will use: the costly engagement score is only
 * computed when it is among them (the others share one pass and cost little apart).
 */
export async function readMeasures(
  db: Queryable,
  asOf: string,
  accountIds?: readonly string[],
  measures: ReadonlySet<MeasureId> = new Set(MEASURE_IDS),
): Promise<AccountMeasures[]> {
  const d = sql`CAST(${asOf} AS TIMESTAMP)`;
  const days = (n: number) => sql`(CAST(${asOf} AS TIMESTAMP) - INTERVAL '${sql.raw(String(n))} days')`;
  const dayDiff = (col: string) =>
    sql`(CAST(EXTRACT(EPOCH FROM (${d} - ${sql.raw(col)})) AS DOUBLE PRECISION) / 86400.0)`;
  const ids = accountIds && accountIds.length > 0 ? sql.join(accountIds.map((id) => sql`${id}`)) : null;
  const only = ids ? sql`WHERE a.id IN (${ids})` : sql``;
  const mine = ids ? sql`AND account_id IN (${ids})` : sql``;
  const usesEngagement = measures.has('engagement_score') || measures.has('feature_depth');
  if (usesEngagement) await ensureUsageFacts(db);
  const engagement = usesEngagement
    ? sql`SELECT account_id, score, raw_feature_depth FROM (${engagementScoresSql(asOf)}) e`
    : sql`SELECT CAST(NULL AS TEXT) AS account_id, CAST(NULL AS DOUBLE PRECISION) AS score,
                   CAST(NULL AS DOUBLE PRECISION) AS raw_feature_depth WHERE 1 = 0`;
  const rows = await db.query<Record<string, unknown>>(sql`
    WITH ev AS (
      SELECT account_id, user_id, feature, occurred_at FROM usage_events WHERE occurred_at < ${d} AND occurred_at >= ${days(90)} ${mine}),
    u30 AS (
      SELECT account_id, COUNT(DISTINCT user_id) AS users, COUNT(*) AS events,
             COUNT(DISTINCT feature) FILTER (WHERE feature IN (SELECT key FROM features WHERE is_core)) AS core_used
      FROM ev WHERE occurred_at >= ${days(30)} GROUP BY account_id),
    u60 AS (SELECT account_id, COUNT(*) AS events FROM ev WHERE occurred_at < ${days(30)} GROUP BY account_id),
    seen AS (SELECT account_id, MAX(occurred_at) AS last_seen FROM usage_events WHERE occurred_at < ${d} ${mine} GROUP BY account_id),
    tk AS (
      SELECT account_id, COUNT(*) AS opened,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY
               CAST(EXTRACT(EPOCH FROM (first_response_at - created_at)) AS DOUBLE PRECISION) / 60.0 / ${TARGET}) AS frt_ratio
      FROM tickets WHERE created_at < ${d} AND created_at >= ${days(90)} AND (first_response_at IS NULL OR first_response_at < ${d}) ${mine}
      GROUP BY account_id),
    esc AS (
      SELECT account_id, COUNT(*) AS open_escalations FROM tickets
      WHERE created_at < ${d} AND (COALESCE(resolved_at, closed_at) IS NULL OR COALESCE(resolved_at, closed_at) >= ${d})
        AND (priority = 'urgent' OR escalated) ${mine}
      GROUP BY account_id),
    sv AS (
      SELECT account_id,
             AVG(CASE WHEN score >= 4 THEN 1.0 ELSE 0.0 END) FILTER (WHERE kind = 'csat' AND responded_at >= ${days(180)}) AS csat,
             AVG(CASE WHEN score >= 4 THEN 1.0 ELSE 0.0 END) FILTER (WHERE kind = 'csat' AND ticket_id IS NOT NULL AND responded_at >= ${days(180)}) AS support_csat
      FROM surveys WHERE responded_at < ${d} ${mine} GROUP BY account_id),
    nps_latest AS (
      SELECT account_id, AVG(CAST(score AS DOUBLE PRECISION)) AS nps FROM (
        SELECT account_id, score, ROW_NUMBER() OVER (PARTITION BY COALESCE(contact_id, id) ORDER BY responded_at DESC, id DESC) AS r
        FROM surveys WHERE kind = 'nps' AND responded_at < ${d} AND responded_at >= ${days(365)} ${mine}) x
      WHERE r = 1 GROUP BY account_id),
    it AS (
      SELECT account_id, MAX(occurred_at) FILTER (WHERE with_executive) AS last_exec, MAX(occurred_at) FILTER (WHERE kind = 'qbr') AS last_qbr
      FROM interactions WHERE occurred_at < ${d} ${mine} GROUP BY account_id),
    ms AS (
      SELECT account_id, CAST(COUNT(*) FILTER (WHERE completed_at < ${d}) AS DOUBLE PRECISION) / COUNT(*) AS done
      FROM milestones WHERE required ${mine} GROUP BY account_id),
    mrr AS (
      SELECT account_id,
             SUM(CASE WHEN started_at <= CAST(${d} AS DATE) AND (ended_at IS NULL OR ended_at > CAST(${d} AS DATE)) THEN mrr ELSE 0 END) AS now_mrr,
             SUM(CASE WHEN started_at <= CAST(${days(90)} AS DATE) AND (ended_at IS NULL OR ended_at > CAST(${days(90)} AS DATE)) THEN mrr ELSE 0 END) AS then_mrr
      FROM subscriptions WHERE 1 = 1 ${mine} GROUP BY account_id),
    eng AS (${engagement}),
    cs AS (
      SELECT account_id, CASE ${sql.join(
        RATINGS.map((r) => sql`WHEN rating = ${r} THEN CAST(${RATING_VALUE[r]} AS DOUBLE PRECISION)`),
        ' ',
      )} END AS value FROM (
        SELECT account_id, rating, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY rated_at DESC, id DESC) AS r
        FROM csm_sentiment WHERE rated_at < ${d} AND rated_at >= ${days(90)} ${mine}) x
      WHERE r = 1)
    SELECT a.id AS account_id, a.touch_model,
      CASE WHEN a.licensed_seats > 0 THEN CAST(COALESCE(u30.users, 0) AS DOUBLE PRECISION) / a.licensed_seats END AS active_user_rate,
      CASE WHEN u60.events > 0 THEN CAST(COALESCE(u30.events, 0) AS DOUBLE PRECISION) / (u60.events / 2.0) END AS usage_trend,
      CASE WHEN (SELECT COUNT(*) FROM features WHERE is_core) > 0
           THEN CAST(COALESCE(u30.core_used, 0) AS DOUBLE PRECISION) / (SELECT COUNT(*) FROM features WHERE is_core) END AS feature_breadth,
      ${dayDiff('seen.last_seen')} AS last_seen_days,
      CASE WHEN a.licensed_seats > 0 THEN CAST(COALESCE(tk.opened, 0) AS DOUBLE PRECISION) / a.licensed_seats END AS tickets_per_seat,
      CAST(COALESCE(esc.open_escalations, 0) AS DOUBLE PRECISION) AS open_escalations,
      tk.frt_ratio AS frt_vs_target,
      CAST(sv.support_csat AS DOUBLE PRECISION) AS support_csat,
      nps_latest.nps AS nps,
      CAST(sv.csat AS DOUBLE PRECISION) AS csat,
      ${dayDiff('it.last_exec')} AS executive_touch_days,
      ${dayDiff('it.last_qbr')} AS qbr_days,
      ms.done AS onboarding_completion,
      CASE WHEN mrr.then_mrr > 0 THEN CAST(mrr.now_mrr AS DOUBLE PRECISION) / CAST(mrr.then_mrr AS DOUBLE PRECISION) END AS mrr_change_90d,
      eng.score AS engagement_score,
      eng.raw_feature_depth AS feature_depth,
      CAST(cs.value AS DOUBLE PRECISION) AS csm_sentiment
    FROM accounts a
    LEFT JOIN u30 ON u30.account_id = a.id LEFT JOIN u60 ON u60.account_id = a.id LEFT JOIN seen ON seen.account_id = a.id
    LEFT JOIN tk ON tk.account_id = a.id LEFT JOIN esc ON esc.account_id = a.id LEFT JOIN sv ON sv.account_id = a.id
    LEFT JOIN nps_latest ON nps_latest.account_id = a.id LEFT JOIN it ON it.account_id = a.id
    LEFT JOIN ms ON ms.account_id = a.id LEFT JOIN mrr ON mrr.account_id = a.id LEFT JOIN eng ON eng.account_id = a.id LEFT JOIN cs ON cs.account_id = a.id
    ${only}
    ORDER BY a.id`);
  return rows.map((r) => ({
    accountId: String(r.account_id),
    touchModel: r.touch_model === null || r.touch_model === undefined ? null : String(r.touch_model),
    values: Object.fromEntries(
      MEASURE_IDS.map((id) => [id, r[id] === null || r[id] === undefined ? null : Number(r[id])]),
    ) as Record<MeasureId, number | null>,
  }));
}
