/**
 * Monthly cohorts by first paid month: how many of a cohort's accounts still pay, and how much of its MRR is
 * kept, at the start of each following month. Month 0 is the first day after the cohort's month, so accounts
 * that started mid-month are all in; retention at month k is relative to month 0.
 */
import type { Queryable } from '../db/database.js';
import { sql } from '../db/sql.js';
import { addMonths, type Period } from './period.js';

export interface Cohort {
  /** First paid month, YYYY-MM. */
  readonly cohort: string;
  readonly accounts: number;
  /** One entry per observed month k = 0, 1, …: paying accounts and MRR on the first day of cohort month + k + 1. */
  readonly months: {
    k: number;
    day: string;
    active: number;
    mrr: number;
    logoRetention: number | null;
    mrrRetention: number | null;
  }[];
}

/** Cohorts of the `count` months ending with `through`, observed up to `through`'s end. */
export async function computeCohorts(db: Queryable, through: Period, count: number): Promise<Cohort[]> {
  const first = addMonths(through.start, -(count - 1));
  const days: string[] = [];
  for (let d = addMonths(first, 1); d <= through.end; d = addMonths(d, 1)) days.push(d);
  const observed = sql.join(days.map((d) => sql`(CAST(${d} AS DATE))`));
  const rows = await db.query<{
    cohort: unknown;
    day: unknown;
    size: number;
    active: number;
    mrr: number;
  }>(sql`
    WITH fp AS (
      SELECT account_id, CAST(date_trunc('month', MIN(started_at)) AS DATE) AS cohort
      FROM subscriptions WHERE mrr > 0 GROUP BY account_id),
    cohorts AS (
      SELECT * FROM fp WHERE cohort >= CAST(${first} AS DATE) AND cohort < CAST(${through.end} AS DATE)),
    obs(day) AS (VALUES ${observed}),
    per_account AS (
      SELECT c.cohort, c.account_id, o.day,
             CAST(SUM(CASE WHEN s.started_at <= o.day AND (s.ended_at IS NULL OR s.ended_at > o.day) THEN s.mrr ELSE 0 END) AS DOUBLE PRECISION) AS mrr
      FROM cohorts c CROSS JOIN obs o JOIN subscriptions s ON s.account_id = c.account_id
      WHERE o.day > c.cohort
      GROUP BY c.cohort, c.account_id, o.day)
    SELECT p.cohort, p.day, (SELECT COUNT(*) FROM cohorts c2 WHERE c2.cohort = p.cohort) AS size,
           COUNT(*) FILTER (WHERE p.mrr > 0) AS active, COALESCE(SUM(p.mrr), 0) AS mrr
    FROM per_account p GROUP BY p.cohort, p.day ORDER BY p.cohort, p.day`);
  const text = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);
  const byCohort = new Map<string, Cohort>();
  for (const r of rows) {
    const cohort = text(r.cohort).slice(0, 7);
    const entry = byCohort.get(cohort) ?? { cohort, accounts: Number(r.size), months: [] };
    entry.months.push({
      k: entry.months.length,
      day: text(r.day),
      active: Number(r.active),
      mrr: Number(r.mrr),
      logoRetention: null,
      mrrRetention: null,
    });
    byCohort.set(cohort, entry);
  }
  for (const c of byCohort.values()) {
    const base = c.months[0];
    for (const m of c.months) {
      m.logoRetention = base && base.active > 0 ? m.active / base.active : null;
      m.mrrRetention = base && base.mrr > 0 ? m.mrr / base.mrr : null;
    }
  }
  return [...byCohort.values()];
}
