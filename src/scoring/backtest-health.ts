/**
 * `keel health backtest`: score every paying account at monthly as-of dates, see who stopped paying within
 * the horizon, and measure how well the score saw it coming (backtest-statistics.ts). Dates are month starts
 * whose horizon ends by the end of the data, so every label is observed, not guessed.
 *
 * What counts as churn: by default voluntary churn only. Involuntary churn (a failed payment, churn_type
 * 'involuntary') is a billing event that no measure of customer health can see coming; a score is judged
 * on what it is for, and the scores of accounts lost that way are left out rather than counted as stayers.
 * The statistics on every churn are reported beside it, so nothing is hidden. A churned account whose last
 * line has no churn_type counts as voluntary.
 */
import type { Queryable } from '../db/database.js';
import { sql } from '../db/sql.js';
import { defaultPeriod } from '../metrics/compute-metrics.js';
import { lifecycleStages } from '../metrics/lifecycle-stages.js';
import { addDays, addMonths } from '../metrics/period.js';
import {
  aucLowScoreChurns,
  backtestStatistics,
  type BacktestStatistics,
  type Observation,
} from './backtest-statistics.js';
import { computeHealth } from './compute-health.js';
import type { HealthConfig } from './scorecard-schema.js';

export const CHURN_LABELS = ['voluntary', 'all'] as const;
export type ChurnLabel = (typeof CHURN_LABELS)[number];

export interface BacktestOptions {
  readonly horizonDays: number;
  /** How many monthly as-of dates, ending with the last one whose horizon is fully observed. */
  readonly months: number;
  /** Which churn the score is judged on (default voluntary). */
  readonly churn?: ChurnLabel;
}

export interface BacktestReport extends BacktestStatistics {
  readonly configVersion: string;
  readonly horizonDays: number;
  readonly churn: ChurnLabel;
  readonly asOfDates: string[];
  /** Scores left out because the account churned involuntarily within the horizon (voluntary label). */
  readonly excludedInvoluntary: number;
  /** The same scores judged on every churn, voluntary or not. */
  readonly allChurn: { observations: number; churners: number; auc: number | null };
  /** AUC of each scorecard on the accounts it scored. */
  readonly byScorecard: { scorecard: string; observations: number; churners: number; auc: number | null }[];
}

/** The monthly as-of dates: month starts d with d + horizon ≤ the end of the data. */
export function backtestDates(dataEnd: string, horizonDays: number, months: number): string[] {
  const dates: string[] = [];
  for (let d = dataEnd.slice(0, 7) + '-01'; dates.length < months && d > '1970-01-01'; d = addMonths(d, -1)) {
    if (addDays(d, horizonDays) <= dataEnd) dates.unshift(d);
  }
  return dates;
}

type Outcome = 'stayed' | 'voluntary' | 'involuntary';

/** Each account not paying on `later` (the lifecycle rules' churned stage), with its last ended line's type. */
async function churnedBy(db: Queryable, later: string): Promise<Map<string, Outcome>> {
  const churned = (await lifecycleStages(db, later)).filter((s) => s.stage === 'churned');
  const types = new Map(
    (
      await db.query<{ account_id: string; churn_type: string | null }>(sql`
        SELECT account_id, churn_type FROM (
          SELECT account_id, churn_type,
                 ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY ended_at DESC, id DESC) AS r
          FROM subscriptions WHERE ended_at <= CAST(${later} AS DATE)) x
        WHERE r = 1`)
    ).map((r) => [r.account_id, r.churn_type]),
  );
  return new Map(
    churned.map((s) => [s.accountId, types.get(s.accountId) === 'involuntary' ? 'involuntary' : 'voluntary']),
  );
}

export async function backtestHealth(
  db: Queryable,
  config: HealthConfig,
  options: BacktestOptions,
): Promise<BacktestReport> {
  const churn = options.churn ?? 'voluntary';
  const dataEnd = (await defaultPeriod(db)).end;
  const dates = backtestDates(dataEnd, options.horizonDays, options.months);
  const scored: (Observation & { outcome: Outcome; scorecard: string })[] = [];
  for (const asOf of dates) {
    const outcomes = await churnedBy(db, addDays(asOf, options.horizonDays));
    for (const r of await computeHealth(db, config, asOf)) {
      if (r.score === null || r.band === null) continue;
      const outcome = outcomes.get(r.accountId) ?? 'stayed';
      scored.push({
        score: r.score,
        band: r.band,
        churned: outcome !== 'stayed',
        outcome,
        scorecard: r.scorecard,
      });
    }
  }
  const judged = churn === 'all' ? scored : scored.filter((o) => o.outcome !== 'involuntary');
  const summary = (obs: readonly Observation[]) => ({
    observations: obs.length,
    churners: obs.filter((o) => o.churned).length,
    auc: aucLowScoreChurns(obs),
  });
  const scorecards = [...new Set(judged.map((o) => o.scorecard))].sort();
  return {
    configVersion: config.version,
    horizonDays: options.horizonDays,
    churn,
    asOfDates: dates,
    ...backtestStatistics(judged),
    excludedInvoluntary: scored.length - judged.length,
    allChurn: summary(scored),
    byScorecard: scorecards.map((id) => ({
      scorecard: id,
      ...summary(judged.filter((o) => o.scorecard === id)),
    })),
  };
}
