/**
 * Lifecycle stage per account as of a date (DESIGN §7), by rules checked in this order:
 *
 *   churned      paid before, and pays nothing on the date            since: the last line's end
 *   acquisition  has never paid                                         since: the account was created
 *   onboarding   first paid < 90 days ago and a required milestone is still open (no required milestones:
 *                first paid < 30 days ago)                              since: the first paid day
 *   retention    an active line renews within the next 90 days          since: renewal date − 90 days
 *   advocacy     latest NPS in the last 365 days is 9–10, or MRR grew over the last 90 days (from more than 0)
 *                                                                       since: that response, or the date − 90 days
 *   adoption     every other paying account                             since: the first paid day + 90 days
 *                                                                       (or the first paid day, if later)
 */
import type { Queryable } from '../db/database.js';
import { sql } from '../db/sql.js';
import { addDays } from './period.js';

export const STAGES = ['acquisition', 'onboarding', 'adoption', 'retention', 'advocacy', 'churned'] as const;
export type Stage = (typeof STAGES)[number];

export interface AccountStage {
  readonly accountId: string;
  readonly stage: Stage;
  /** YYYY-MM-DD */
  readonly since: string;
}

const day = (v: unknown): string | null =>
  v === null || v === undefined ? null : (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);

export async function lifecycleStages(db: Queryable, asOf: string): Promise<AccountStage[]> {
  const d = sql`CAST(${asOf} AS DATE)`;
  const ago90 = sql`CAST(${addDays(asOf, -90)} AS DATE)`;
  const rows = await db.query<Record<string, unknown>>(sql`
    WITH subs AS (
      SELECT account_id,
             MIN(started_at) FILTER (WHERE mrr > 0 AND started_at <= ${d}) AS first_paid,
             SUM(CASE WHEN started_at <= ${d} AND (ended_at IS NULL OR ended_at > ${d}) THEN mrr ELSE 0 END) AS mrr_now,
             SUM(CASE WHEN started_at <= ${ago90} AND (ended_at IS NULL OR ended_at > ${ago90}) THEN mrr ELSE 0 END) AS mrr_then,
             MAX(ended_at) FILTER (WHERE ended_at <= ${d}) AS last_end,
             MIN(renewal_date) FILTER (WHERE started_at <= ${d} AND (ended_at IS NULL OR ended_at > ${d}) AND renewal_date >= ${d}) AS next_renewal
      FROM subscriptions GROUP BY account_id),
    req AS (
      SELECT account_id, COUNT(*) AS required,
             COUNT(*) FILTER (WHERE completed_at IS NULL OR completed_at >= CAST(${asOf} AS TIMESTAMP)) AS open_required
      FROM milestones WHERE required GROUP BY account_id),
    nps AS (
      SELECT account_id, score, responded_at FROM (
        SELECT account_id, score, responded_at, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY responded_at DESC, id DESC) AS r
        FROM surveys WHERE kind = 'nps' AND account_id IS NOT NULL
          AND responded_at < CAST(${asOf} AS TIMESTAMP) AND responded_at >= CAST(${addDays(asOf, -365)} AS TIMESTAMP)) x
      WHERE r = 1)
    SELECT a.id AS account_id, CAST(a.created_at AS DATE) AS created, s.first_paid, s.mrr_now, s.mrr_then, s.last_end,
           s.next_renewal, COALESCE(q.required, 0) AS required, COALESCE(q.open_required, 0) AS open_required,
           n.score AS nps, CAST(n.responded_at AS DATE) AS nps_day
    FROM accounts a LEFT JOIN subs s ON s.account_id = a.id LEFT JOIN req q ON q.account_id = a.id
    LEFT JOIN nps n ON n.account_id = a.id
    ORDER BY a.id`);
  return rows.map((r) => {
    const accountId = String(r.account_id);
    const firstPaid = day(r.first_paid);
    const mrrNow = Number(r.mrr_now ?? 0);
    if (firstPaid === null) return { accountId, stage: 'acquisition', since: day(r.created) ?? asOf };
    if (mrrNow <= 0) return { accountId, stage: 'churned', since: day(r.last_end) ?? asOf };
    const recent = (days: number) => firstPaid > addDays(asOf, -days);
    const required = Number(r.required);
    if ((required > 0 && Number(r.open_required) > 0 && recent(90)) || (required === 0 && recent(30))) {
      return { accountId, stage: 'onboarding', since: firstPaid };
    }
    const renewal = day(r.next_renewal);
    if (renewal !== null && renewal <= addDays(asOf, 90)) {
      return { accountId, stage: 'retention', since: addDays(renewal, -90) };
    }
    const promoter = r.nps !== null && r.nps !== undefined && Number(r.nps) >= 9;
    const mrrThen = Number(r.mrr_then ?? 0);
    if (promoter || (mrrThen > 0 && mrrNow > mrrThen)) {
      return {
        accountId,
        stage: 'advocacy',
        since: promoter ? (day(r.nps_day) ?? asOf) : addDays(asOf, -90),
      };
    }
    const settled = addDays(firstPaid, 90);
    return { accountId, stage: 'adoption', since: settled <= asOf ? settled : firstPaid };
  });
}

export interface LifecycleSummary {
  readonly asOf: string;
  readonly counts: Record<Stage, number>;
  readonly accounts: AccountStage[];
}

/** Counts per stage and every account's stage: what `keel lifecycle` and the API show. */
export async function lifecycleSummary(db: Queryable, asOf: string): Promise<LifecycleSummary> {
  const accounts = await lifecycleStages(db, asOf);
  const counts = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const a of accounts) counts[a.stage]++;
  return { asOf, counts, accounts };
}
