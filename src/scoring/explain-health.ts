/**
 * One account's health on one date, explained: every measure's raw value, score, weight and points, and what
 * moved since the previous score. The previous score is the latest one recorded (`keel health record`) before
 * the date with the same scorecard version; without one, the score computed 30 days before stands in.
 */
import type { Queryable } from '../db/database.js';
import { sql } from '../db/sql.js';
import { addDays } from '../metrics/period.js';
import { computeHealth, type HealthResult } from './compute-health.js';
import type { Contribution } from './score-account.js';
import type { HealthConfig } from './scorecard-schema.js';

export const FALLBACK_LOOKBACK_DAYS = 30;

export interface MeasureMove {
  readonly measure: string;
  readonly rawBefore: number | null;
  readonly rawNow: number | null;
  /** Points added to the total then and now, and the difference. */
  readonly pointsBefore: number;
  readonly pointsNow: number;
  readonly delta: number;
}

export interface HealthExplanation extends HealthResult {
  readonly asOf: string;
  readonly configVersion: string;
  readonly previous: {
    readonly asOf: string;
    readonly source: 'recorded' | 'computed';
    readonly score: number | null;
    readonly band: string | null;
    readonly scorecard: string;
  } | null;
  /** Every measure present then or now, the largest change first. */
  readonly moves: MeasureMove[];
}

/** Null when the account does not exist or was not paying on the date. */
export async function explainHealth(
  db: Queryable,
  config: HealthConfig,
  accountId: string,
  asOf: string,
): Promise<HealthExplanation | null> {
  const [now] = await computeHealth(db, config, asOf, [accountId]);
  if (!now) return null;
  const [recorded] = await db.query<{
    as_of: unknown;
    scorecard: string;
    score: number | null;
    band: string | null;
    explanation: unknown;
  }>(sql`
    SELECT CAST(as_of AS TEXT) AS as_of, scorecard, score, band, CAST(explanation AS TEXT) AS explanation
    FROM health_scores
    WHERE account_id = ${accountId} AND config_version = ${config.version} AND as_of < CAST(${asOf} AS DATE)
    ORDER BY as_of DESC LIMIT 1`);
  let previous: HealthExplanation['previous'] = null;
  let before: readonly Contribution[] = [];
  if (recorded) {
    previous = {
      asOf: String(recorded.as_of).slice(0, 10),
      source: 'recorded',
      score: recorded.score === null ? null : Number(recorded.score),
      band: recorded.band,
      scorecard: recorded.scorecard,
    };
    before = JSON.parse(String(recorded.explanation)) as Contribution[];
  } else {
    const earlier = addDays(asOf, -FALLBACK_LOOKBACK_DAYS);
    const [then] = await computeHealth(db, config, earlier, [accountId]);
    if (then) {
      previous = {
        asOf: earlier,
        source: 'computed',
        score: then.score,
        band: then.band,
        scorecard: then.scorecard,
      };
      before = then.contributions;
    }
  }
  const measures = [...new Set([...now.contributions, ...before].map((c) => c.measure))];
  const moves = previous
    ? measures
        .map((measure): MeasureMove => {
          const n = now.contributions.find((c) => c.measure === measure);
          const b = before.find((c) => c.measure === measure);
          const pointsNow = n?.contribution ?? 0;
          const pointsBefore = b?.contribution ?? 0;
          return {
            measure,
            rawBefore: b?.raw ?? null,
            rawNow: n?.raw ?? null,
            pointsBefore,
            pointsNow,
            delta: pointsNow - pointsBefore,
          };
        })
        .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.measure.localeCompare(b.measure))
    : [];
  return { ...now, asOf, configVersion: config.version, previous, moves };
}
