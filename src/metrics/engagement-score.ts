/**
 * The customer engagement score (seed: "login frequency, session duration, feature breadth, and depth of
 * usage"): per paying account as of a date, four usage components over the last 30 days, each scaled 0–100
 * between declared anchors and combined with declared weights, computed for every account in one SQL query.
 */
import type { TableName } from '../domain/canonical-tables.js';
import type { Queryable } from '../db/database.js';
import { ensureUsageFacts } from '../db/usage-facts.js';
import { sql, type Sql } from '../db/sql.js';
import { addDays } from './period.js';

/** Usage is read from [as-of − 30 days, as-of): the same window as the MAU rate and stickiness. */
export const ENGAGEMENT_WINDOW_DAYS = 30;
/**
 * A user's next event opens a new session when it comes more than this many minutes after the previous one:
 * the inactivity timeout of web analytics (Google Analytics' default), so sessions mean what users expect.
 */
export const SESSION_GAP_MINUTES = 30;

export type EngagementComponentId = 'login_frequency' | 'session_depth' | 'feature_breadth' | 'feature_depth';

export interface EngagementComponentSpec {
  readonly id: EngagementComponentId;
  readonly name: string;
  /** What the raw value measures, as the CLI and the metric's definition print it. */
  readonly definition: string;
  readonly unit: string;
  /** The raw value that scores 0; linear up to `best` (100), clamped outside, as in scorecards. */
  readonly worst: number;
  readonly best: number;
  /** Relative weight; components that are NA drop out and the others' weights re-normalise. */
  readonly weight: number;
  /** Why the anchors sit where they do: the seed publishes no numbers for engagement, so these are Keel's. */
  readonly anchors: string;
}

/**
 * The model as data. Anchors are Keel's choice (the seed gives a definition, not thresholds); each says what
 * "0" and "100" mean in the product's terms, so a reader can disagree with a number rather than with code.
 */
export const ENGAGEMENT_COMPONENTS: readonly EngagementComponentSpec[] = [
  {
    id: 'login_frequency',
    name: 'Login frequency',
    definition: 'distinct days active per active user (user-days / active users)',
    unit: 'days',
    worst: 1,
    best: 12,
    weight: 25,
    anchors:
      '1 day (each user came once in the 30 days) → 0; 12 days (about three working days a week, a DAU/MAU of 40%) → 100',
  },
  {
    id: 'session_depth',
    name: 'Session depth',
    definition: `mean events per session (a user's events split where the gap exceeds ${SESSION_GAP_MINUTES} minutes)`,
    unit: 'events',
    worst: 1,
    best: 6,
    weight: 25,
    anchors:
      '1 event (every session a bounce) → 0; 6 events (opening the app and five tracked actions: events are actions, not page views) → 100',
  },
  {
    id: 'feature_breadth',
    name: 'Feature breadth',
    definition: 'share of the product’s features (the features table) the account used',
    unit: 'share',
    worst: 0,
    best: 0.75,
    weight: 25,
    anchors:
      'no feature used → 0; three quarters of the catalog → 100 (most products have features few accounts need)',
  },
  // Depth is per person: the mean share of the catalog each active user touched. The alternative (share of
  // core features used by at least a quarter of the users) needs is_core flags, which the contract leaves
  // optional and which core_feature_adoption_rate already reads, and jumps in steps on small accounts (with
  // three users, one user is 33%); this one is continuous and complements breadth, the account's union.
  {
    id: 'feature_depth',
    name: 'Feature depth',
    definition: 'mean over active users of the share of the product’s features each user used',
    unit: 'share',
    worst: 0,
    best: 0.4,
    weight: 25,
    anchors:
      'no feature used → 0; the average user on 40% of the catalog → 100 (people use a part of a product, not all of it)',
  },
];

/**
 * How the query names a canonical table: plainly, or narrowed to a `--by` slice. It is metric-queries.ts's
 * `TableRef`, restated here because that file imports this one (its `engagement` family).
 */
export type TableNamer = (name: TableName, alias?: string) => Sql;
const plain: TableNamer = (name, alias) => sql`${sql.ident(name)} AS ${sql.ident(alias ?? name)}`;

const num = (e: Sql) => sql`CAST(${e} AS DOUBLE PRECISION)`;
const param = (v: number) => num(sql`${v}`);

/**
 * One row per account paying on `asOf` (MRR > 0 that day, DESIGN §4): the raw counts, each component's raw
 * value and 0–100 score, and the composite `score`. Facts strictly before the start of `asOf` count.
 *
 * NA rules: breadth and depth are NA when the features table is empty (no catalog to be broad in); login
 * frequency, session depth and depth are NA when the account's events in the window all lack a user_id (who
 * came back cannot be told). An account with no events at all is not NA: it was not engaged, and each
 * component is 0, so it scores 0 — the seats it pays for went unused. Ordered by account id unless `ordered`
 * is false (the catalog's summary only aggregates them).
 */
export function engagementScoresSql(asOf: string, t: TableNamer = plain, ordered = true): Sql {
  const components = ENGAGEMENT_COMPONENTS;
  const day = sql`CAST(${asOf} AS DATE)`;
  const to = sql`CAST(${asOf} AS TIMESTAMP)`;
  const from = sql`CAST(${addDays(asOf, -ENGAGEMENT_WINDOW_DAYS)} AS TIMESTAMP)`;
  const scaled = (c: EngagementComponentSpec) =>
    sql`CASE WHEN ${sql.ident(`raw_${c.id}`)} IS NULL THEN NULL ELSE 100 * LEAST(1, GREATEST(0, (${sql.ident(`raw_${c.id}`)} - ${param(c.worst)}) / (${param(c.best)} - ${param(c.worst)}))) END AS ${sql.ident(`score_${c.id}`)}`;
  const score = (c: EngagementComponentSpec) => sql.ident(`score_${c.id}`);
  const points = sql.join(
    components.map((c) => sql`COALESCE(${score(c)} * ${param(c.weight)}, 0)`),
    ' + ',
  );
  const present = sql.join(
    components.map((c) => sql`CASE WHEN ${score(c)} IS NULL THEN 0 ELSE ${param(c.weight)} END`),
    ' + ',
  );
  // The window's events are read from the usage facts (db/usage-facts.ts: the events as integer keys in time
  // order, each with its previous events) and counted per account in one pass, with no window function or
  // DISTINCT: an event whose user had no earlier event in the window marks an active user; that or a change
  // of date a user-day; that or a gap over the limit a session; the gaps within sessions sum to their length.
  // The first event of a (user, feature) in the window counts a user-feature pair (depth), of an (account,
  // feature) a feature used (breadth). A user key is one (account, user) pair.
  const limit = param(SESSION_GAP_MINUTES * 60);
  const first = (prev: string) => sql`(${sql.raw(prev)} IS NULL OR ${sql.raw(prev)} < ${from})`;
  return sql`
    WITH paying AS (
      SELECT s.account_id FROM ${t('subscriptions', 's')} GROUP BY s.account_id
      HAVING SUM(CASE WHEN s.started_at <= ${day} AND (s.ended_at IS NULL OR s.ended_at > ${day}) THEN s.mrr ELSE 0 END) > 0),
    paying_keys AS (
      SELECT k.account_key, k.account_id FROM usage_fact_accounts k WHERE k.account_id IN (SELECT account_id FROM paying)),
    feature_catalog AS (SELECT COUNT(*) AS features FROM ${t('features')}),
    steps AS (
      SELECT f.account_key, f.user_key IS NOT NULL AS known_user,
             f.user_key IS NOT NULL AND ${first('f.prev_at')} AS first_in_window,
             ${num(sql`EXTRACT(EPOCH FROM (f.occurred_at - f.prev_at))`)} AS gap_seconds,
             CAST(f.occurred_at AS DATE) <> CAST(f.prev_at AS DATE) AS new_date,
             f.feature_key IS NOT NULL AND ${first('f.prev_account_feature_at')} AS new_feature,
             f.user_key IS NOT NULL AND f.feature_key IS NOT NULL AND ${first('f.prev_user_feature_at')} AS new_user_feature
      FROM usage_facts f
      WHERE f.occurred_at >= ${from} AND f.occurred_at < ${to} AND f.account_key IN (SELECT account_key FROM paying_keys)),
    per_account AS (
      SELECT account_key, COUNT(*) AS events,
             COUNT(*) FILTER (WHERE new_feature) AS features_used,
             COUNT(*) FILTER (WHERE new_user_feature) AS user_feature_pairs,
             COUNT(*) FILTER (WHERE known_user) AS user_events,
             COUNT(*) FILTER (WHERE first_in_window) AS active_users,
             COUNT(*) FILTER (WHERE first_in_window OR (known_user AND new_date)) AS user_days,
             COUNT(*) FILTER (WHERE first_in_window OR (known_user AND gap_seconds > ${limit})) AS sessions,
             COALESCE(SUM(gap_seconds) FILTER (WHERE known_user AND NOT first_in_window AND gap_seconds <= ${limit}), 0) AS session_seconds
      FROM steps GROUP BY account_key),
    raws AS (
      SELECT p.account_id, a.name,
             COALESCE(pa.events, 0) AS events, COALESCE(pa.active_users, 0) AS active_users,
             COALESCE(pa.user_days, 0) AS user_days, COALESCE(pa.sessions, 0) AS sessions,
             COALESCE(pa.session_seconds, 0) AS session_seconds, COALESCE(pa.features_used, 0) AS features_used,
             c.features AS catalog_features,
             CASE WHEN pa.events IS NULL THEN 0 WHEN pa.active_users > 0 THEN ${num(sql`pa.user_days`)} / pa.active_users END AS raw_login_frequency,
             CASE WHEN pa.events IS NULL THEN 0 WHEN pa.sessions > 0 THEN ${num(sql`pa.user_events`)} / pa.sessions END AS raw_session_depth,
             CASE WHEN c.features > 0 THEN ${num(sql`COALESCE(pa.features_used, 0)`)} / c.features END AS raw_feature_breadth,
             CASE WHEN c.features = 0 THEN NULL WHEN pa.events IS NULL THEN 0
                  WHEN pa.active_users > 0 THEN ${num(sql`pa.user_feature_pairs`)} / pa.active_users / c.features END AS raw_feature_depth
      FROM paying p CROSS JOIN feature_catalog c
      LEFT JOIN ${t('accounts', 'a')} ON a.id = p.account_id
      LEFT JOIN paying_keys pk ON pk.account_id = p.account_id
      LEFT JOIN per_account pa ON pa.account_key = pk.account_key),
    scored AS (
      SELECT raws.*,
        ${sql.join(components.map(scaled), ',\n        ')}
      FROM raws)
    SELECT scored.*,
      (${points})
      / NULLIF(${present}, 0) AS score
    FROM scored ${ordered ? sql`ORDER BY account_id` : sql``}`;
}

/**
 * The metric family behind `engagement_score`: the mean score of the accounts paying at `asOf`, how many were
 * scored, the median, and each component's mean score (the breakdown shows which one holds the mean down).
 */
export function engagementSummarySql(asOf: string, t: TableNamer = plain): Sql {
  const means = ENGAGEMENT_COMPONENTS.map(
    (c) => sql`AVG(${sql.ident(`score_${c.id}`)}) AS ${sql.ident(`mean_${c.id}`)}`,
  );
  return sql`
    SELECT AVG(score) AS mean_score, COUNT(score) AS scored, COUNT(*) AS paying,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY score) AS median_score, ${sql.join(means)}
    FROM (${engagementScoresSql(asOf, t, false)}) e`;
}

export interface EngagementComponent {
  readonly id: EngagementComponentId;
  /** The raw value in the component's unit; null when NA. */
  readonly raw: number | null;
  /** 0–100 between the anchors; null when NA. */
  readonly score: number | null;
  readonly weight: number;
  /** Weight after NA components dropped out, as a share of 1. */
  readonly effectiveWeight: number;
}

export interface AccountEngagement {
  readonly accountId: string;
  readonly name: string | null;
  /** 0–100; null only when every component is NA. */
  readonly score: number | null;
  readonly components: EngagementComponent[];
  /** Events in the window, identified users active in it, their user-days and sessions. */
  readonly events: number;
  readonly activeUsers: number;
  readonly userDays: number;
  readonly sessions: number;
  /** Mean session length in minutes (first to last event; a one-event session lasts 0); null without sessions. */
  readonly meanSessionMinutes: number | null;
  readonly featuresUsed: number;
  readonly catalogFeatures: number;
}

export interface EngagementReport {
  readonly asOf: string;
  /** The usage window, [start, end). */
  readonly window: { readonly start: string; readonly end: string };
  readonly accounts: AccountEngagement[];
}

const numberOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Every account paying on `asOf` with its engagement score and components, ordered by account id. */
export async function engagementScores(db: Queryable, asOf: string): Promise<EngagementReport> {
  await ensureUsageFacts(db);
  const rows = await db.query(engagementScoresSql(asOf));
  const accounts = rows.map((r): AccountEngagement => {
    const present = ENGAGEMENT_COMPONENTS.filter((c) => numberOrNull(r[`score_${c.id}`]) !== null);
    const presentWeight = present.reduce((sum, c) => sum + c.weight, 0);
    const sessions = Number(r.sessions ?? 0);
    return {
      accountId: String(r.account_id),
      name: r.name === null || r.name === undefined ? null : String(r.name),
      score: numberOrNull(r.score),
      components: ENGAGEMENT_COMPONENTS.map((c) => {
        const score = numberOrNull(r[`score_${c.id}`]);
        return {
          id: c.id,
          raw: numberOrNull(r[`raw_${c.id}`]),
          score,
          weight: c.weight,
          effectiveWeight: score === null || presentWeight === 0 ? 0 : c.weight / presentWeight,
        };
      }),
      events: Number(r.events ?? 0),
      activeUsers: Number(r.active_users ?? 0),
      userDays: Number(r.user_days ?? 0),
      sessions,
      meanSessionMinutes: sessions > 0 ? Number(r.session_seconds ?? 0) / 60 / sessions : null,
      featuresUsed: Number(r.features_used ?? 0),
      catalogFeatures: Number(r.catalog_features ?? 0),
    };
  });
  return { asOf, window: { start: addDays(asOf, -ENGAGEMENT_WINDOW_DAYS), end: asOf }, accounts };
}
