/**
 * How well a score predicts churn, pure: AUC (the probability that a churner scored lower than a stayer,
 * ties counting half), top-decile lift, churn rate per band and a calibration table by score bucket.
 */
import type { Band } from './score-account.js';

export interface Observation {
  readonly score: number;
  readonly band: Band;
  /** True when the account churned within the horizon after the score. */
  readonly churned: boolean;
}

export interface BacktestStatistics {
  readonly observations: number;
  readonly churners: number;
  readonly churnRate: number | null;
  /** Null when there are no churners or no stayers. */
  readonly auc: number | null;
  /** Churn rate of the lowest-scored tenth / overall churn rate. */
  readonly topDecileLift: number | null;
  readonly byBand: { band: Band; observations: number; churnRate: number | null }[];
  /** 10-point score buckets: mean score and churn rate. */
  readonly calibration: {
    from: number;
    to: number;
    observations: number;
    meanScore: number;
    churnRate: number;
  }[];
}

/** AUC by ranks (Mann–Whitney U), with average ranks for ties: O(n log n). */
export function aucLowScoreChurns(observations: readonly Observation[]): number | null {
  const churners = observations.filter((o) => o.churned).length;
  const stayers = observations.length - churners;
  if (churners === 0 || stayers === 0) return null;
  // Rank by descending score so that a low score ranks high; the AUC is then P(churner ranks above stayer).
  const sorted = [...observations].sort((a, b) => b.score - a.score);
  let rankSum = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]?.score === sorted[i]?.score) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (sorted[k]?.churned) rankSum += averageRank;
    i = j + 1;
  }
  return (rankSum - (churners * (churners + 1)) / 2) / (churners * stayers);
}

export function backtestStatistics(observations: readonly Observation[]): BacktestStatistics {
  const n = observations.length;
  const churners = observations.filter((o) => o.churned).length;
  const churnRate = n > 0 ? churners / n : null;
  const lowest = [...observations].sort((a, b) => a.score - b.score).slice(0, Math.ceil(n / 10));
  const lowestRate = lowest.length ? lowest.filter((o) => o.churned).length / lowest.length : null;
  const byBand = (['healthy', 'at_risk', 'critical'] as const).map((band) => {
    const inBand = observations.filter((o) => o.band === band);
    return {
      band,
      observations: inBand.length,
      churnRate: inBand.length ? inBand.filter((o) => o.churned).length / inBand.length : null,
    };
  });
  const calibration = [];
  for (let from = 0; from < 100; from += 10) {
    const to = from + 10;
    const bucket = observations.filter(
      (o) => o.score >= from && (o.score < to || (to === 100 && o.score <= 100)),
    );
    if (bucket.length === 0) continue;
    calibration.push({
      from,
      to,
      observations: bucket.length,
      meanScore: bucket.reduce((s, o) => s + o.score, 0) / bucket.length,
      churnRate: bucket.filter((o) => o.churned).length / bucket.length,
    });
  }
  return {
    observations: n,
    churners,
    churnRate,
    auc: aucLowScoreChurns(observations),
    topDecileLift: churnRate && lowestRate !== null ? lowestRate / churnRate : null,
    byBand,
    calibration,
  };
}
