/**
 * The sBG model on the workspace's own history: monthly renewal cohorts (first paid month), survivors = accounts
 * paying at every month start since their first (a lapse ends survival, even if they come back), one fit per
 * cohort large enough to fit, a pooled fit for the rest, and each paying account's discounted expected
 * residual lifetime value: DERL(α, β, d, months paid) × MRR × gross margin (Fader & Hardie 2010).
 */
import type { Queryable } from '../../db/database.js';
import { sql } from '../../db/sql.js';
import { addMonths, type Period } from '../period.js';
import {
  discountedExpectedResidualLifetime,
  fitShiftedBetaGeometric,
  InvalidSurvivalDataError,
  type ShiftedBetaGeometricFit,
} from './shifted-beta-geometric.js';

export interface CohortFit {
  readonly cohort: string;
  readonly survivors: number[];
  readonly fit: ShiftedBetaGeometricFit | null;
  /** Why the cohort has no fit of its own (too small, too short, no churn); its accounts use the pooled fit. */
  readonly reason?: string;
}

export interface AccountValue {
  readonly accountId: string;
  readonly cohort: string;
  /** Monthly renewals made so far (month starts paid through without a lapse since the first paid month). */
  readonly renewals: number;
  readonly mrr: number;
  readonly derl: number;
  /** DERL × MRR × gross margin, in the reporting currency. */
  readonly residualValue: number;
  readonly fitFrom: 'cohort' | 'pooled';
}

export interface WorkspaceRetention {
  readonly through: string;
  /** Monthly discount rate used (from the annual rate given). */
  readonly monthlyDiscount: number;
  readonly cohorts: CohortFit[];
  readonly pooled: { survivors: number[]; fit: ShiftedBetaGeometricFit } | null;
  readonly accounts: AccountValue[];
}

export interface WorkspaceRetentionOptions {
  readonly through: Period;
  /** How many cohort months to look back. */
  readonly months: number;
  readonly annualDiscount: number;
  readonly grossMargin: number;
  /** Smallest cohort (accounts) that gets its own fit. */
  readonly minCohort?: number;
}

const POOL_SCALE = 10_000;

function tryFit(survivors: number[]): { fit: ShiftedBetaGeometricFit } | { reason: string } {
  try {
    return { fit: fitShiftedBetaGeometric(survivors) };
  } catch (error) {
    if (error instanceof InvalidSurvivalDataError) return { reason: error.message };
    throw error;
  }
}

export async function computeWorkspaceRetention(
  db: Queryable,
  options: WorkspaceRetentionOptions,
): Promise<WorkspaceRetention> {
  const { through } = options;
  const first = addMonths(through.start, -(options.months - 1));
  const days: string[] = [];
  for (let d = addMonths(first, 1); d <= through.end; d = addMonths(d, 1)) days.push(d);
  const observed = sql.join(days.map((d) => sql`(CAST(${d} AS DATE))`));
  // One row per account and month start after its cohort month: MRR then.
  const rows = await db.query<{ account_id: string; cohort: unknown; day: unknown; mrr: number }>(sql`
    WITH fp AS (
      SELECT account_id, CAST(date_trunc('month', MIN(started_at)) AS DATE) AS cohort
      FROM subscriptions WHERE mrr > 0 GROUP BY account_id),
    cohorts AS (SELECT * FROM fp WHERE cohort >= CAST(${first} AS DATE) AND cohort < CAST(${through.end} AS DATE)),
    obs(day) AS (VALUES ${observed})
    SELECT c.account_id, c.cohort, o.day,
           CAST(SUM(CASE WHEN s.started_at <= o.day AND (s.ended_at IS NULL OR s.ended_at > o.day) THEN s.mrr ELSE 0 END) AS DOUBLE PRECISION) AS mrr
    FROM cohorts c CROSS JOIN obs o JOIN subscriptions s ON s.account_id = c.account_id
    WHERE o.day > c.cohort
    GROUP BY c.account_id, c.cohort, o.day
    ORDER BY c.cohort, c.account_id, o.day`);
  const text = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);

  // Per account: months survived without a lapse (counting month 0), and MRR at the last month start.
  const accounts = new Map<string, { cohort: string; mrr: number[] }>();
  for (const r of rows) {
    const entry = accounts.get(r.account_id) ?? { cohort: text(r.cohort).slice(0, 7), mrr: [] };
    entry.mrr.push(Number(r.mrr));
    accounts.set(r.account_id, entry);
  }
  const survivedMonths = (mrr: number[]) => {
    const lapse = mrr.findIndex((m) => m <= 0);
    return lapse === -1 ? mrr.length : lapse;
  };

  const byCohort = new Map<string, number[][]>();
  for (const a of accounts.values()) byCohort.set(a.cohort, [...(byCohort.get(a.cohort) ?? []), a.mrr]);
  const minCohort = options.minCohort ?? 20;
  const cohorts: CohortFit[] = [...byCohort.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([cohort, series]) => {
      const length = series[0]?.length ?? 0;
      const survived = series.map(survivedMonths);
      // survivors[t]: accounts that made at least t monthly renewals; survivors[0] is the whole cohort.
      const survivors = [
        series.length,
        ...Array.from({ length }, (_, k) => survived.filter((s) => s > k).length),
      ];
      if (series.length < minCohort) {
        return { cohort, survivors, fit: null, reason: `fewer than ${minCohort} accounts` };
      }
      const result = tryFit(survivors);
      return 'fit' in result
        ? { cohort, survivors, fit: result.fit }
        : { cohort, survivors, fit: null, reason: result.reason };
    });

  // Pooled: the share surviving to month k across every cohort observed that long, on a common scale.
  const longest = Math.max(0, ...cohorts.map((c) => c.survivors.length));
  const pooledSurvivors: number[] = [];
  for (let k = 0; k < longest; k++) {
    const seen = cohorts.filter((c) => c.survivors.length > k && (c.survivors[0] ?? 0) > 0);
    const share =
      seen.reduce((sum, c) => sum + (c.survivors[k] ?? 0), 0) /
      seen.reduce((sum, c) => sum + (c.survivors[0] ?? 0), 0);
    const value = Math.round(POOL_SCALE * share);
    pooledSurvivors.push(Math.min(value, pooledSurvivors[k - 1] ?? value));
  }
  const pooledResult = pooledSurvivors.length >= 3 ? tryFit(pooledSurvivors) : null;
  const pooled =
    pooledResult && 'fit' in pooledResult ? { survivors: pooledSurvivors, fit: pooledResult.fit } : null;

  const monthlyDiscount = (1 + options.annualDiscount) ** (1 / 12) - 1;
  const fits = new Map(cohorts.flatMap((c) => (c.fit ? [[c.cohort, c.fit] as const] : [])));
  const values: AccountValue[] = [];
  for (const [accountId, a] of accounts) {
    const mrr = a.mrr[a.mrr.length - 1] ?? 0;
    const renewals = survivedMonths(a.mrr);
    if (mrr <= 0 || renewals < a.mrr.length) continue; // only accounts paying without a lapse until now
    const own = fits.get(a.cohort);
    const fit = own ?? pooled?.fit;
    if (!fit) continue;
    const derl = discountedExpectedResidualLifetime(fit.alpha, fit.beta, monthlyDiscount, renewals);
    values.push({
      accountId,
      cohort: a.cohort,
      renewals,
      mrr,
      derl,
      residualValue: derl * mrr * options.grossMargin,
      fitFrom: own ? 'cohort' : 'pooled',
    });
  }
  values.sort((x, y) => y.residualValue - x.residualValue || (x.accountId < y.accountId ? -1 : 1));
  return { through: through.label, monthlyDiscount, cohorts, pooled, accounts: values };
}
