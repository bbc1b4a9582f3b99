/**
 * `keel health backtest`: score every paying account at monthly as-of dates, see who stopped paying within
 * the horizon, and measure how well the score saw it coming (backtest-statistics.ts). Dates are month starts
 * whose horizon ends by the end of the data, so every label is observed, not guessed.
 */
import type { Queryable } from '../db/database.js';
import { defaultPeriod } from '../metrics/compute-metrics.js';
import { lifecycleStages } from '../metrics/lifecycle-stages.js';
import { addDays, addMonths } from '../metrics/period.js';
import { backtestStatistics, type BacktestStatistics, type Observation } from './backtest-statistics.js';
import { computeHealth } from './compute-health.js';
import type { HealthConfig } from './scorecard-schema.js';

export interface BacktestOptions {
  readonly horizonDays: number;
  /** How many monthly as-of dates, ending with the last one whose horizon is fully observed. */
  readonly months: number;
}

export interface BacktestReport extends BacktestStatistics {
  readonly configVersion: string;
  readonly horizonDays: number;
  readonly asOfDates: string[];
}

/** The monthly as-of dates: month starts d with d + horizon ≤ the end of the data. */
export function backtestDates(dataEnd: string, horizonDays: number, months: number): string[] {
  const dates: string[] = [];
  for (let d = dataEnd.slice(0, 7) + '-01'; dates.length < months && d > '1970-01-01'; d = addMonths(d, -1)) {
    if (addDays(d, horizonDays) <= dataEnd) dates.unshift(d);
  }
  return dates;
}

export async function backtestHealth(
  db: Queryable,
  config: HealthConfig,
  options: BacktestOptions,
): Promise<BacktestReport> {
  const dataEnd = (await defaultPeriod(db)).end;
  const dates = backtestDates(dataEnd, options.horizonDays, options.months);
  const observations: Observation[] = [];
  for (const asOf of dates) {
    const later = addDays(asOf, options.horizonDays);
    // Churned within the horizon = not paying on the later date (the lifecycle rules' churned stage).
    const payingLater = new Set(
      (await lifecycleStages(db, later))
        .filter((s) => s.stage !== 'churned' && s.stage !== 'acquisition')
        .map((s) => s.accountId),
    );
    for (const r of await computeHealth(db, config, asOf)) {
      if (r.score === null || r.band === null) continue;
      observations.push({ score: r.score, band: r.band, churned: !payingLater.has(r.accountId) });
    }
  }
  return {
    configVersion: config.version,
    horizonDays: options.horizonDays,
    asOfDates: dates,
    ...backtestStatistics(observations),
  };
}
