/**
 * Health history: scores are recorded per account, as-of date and scorecard version. Recording a date again
 * with the same version replaces that version's rows (re-scoring after a measure fix); a new version adds
 * rows beside the old ones, so both stay queryable.
 */
import type { Database, Queryable } from '../db/database.js';
import { sql } from '../db/sql.js';
import { addDays, addMonths } from '../metrics/period.js';
import { computeHealth } from './compute-health.js';
import type { HealthConfig } from './scorecard-schema.js';

// One JSON parameter per batch: thousands of rows per statement without thousands of bound values.
const BATCH = 5000;
const RECORD_COLUMNS = [
  { name: 'account_id', type: 'text' },
  { name: 'scorecard', type: 'text' },
  { name: 'score', type: 'double' },
  { name: 'band', type: 'text' },
  { name: 'coverage', type: 'double' },
  { name: 'explanation', type: 'json' },
] as const;

/** Every day or every month start from `from` to `to`, inclusive. */
export function recordDates(from: string, to: string, every: 'day' | 'month'): string[] {
  const dates: string[] = [];
  for (
    let d = every === 'month' ? addMonths(from, 0) : from;
    d <= to;
    d = every === 'day' ? addDays(d, 1) : addMonths(d, 1)
  ) {
    if (d >= from) dates.push(d);
  }
  return dates;
}

export async function recordHealth(
  db: Database,
  config: HealthConfig,
  dates: readonly string[],
  onProgress?: (message: string) => void,
): Promise<{ dates: number; rows: number }> {
  let rows = 0;
  for (const asOf of dates) {
    onProgress?.(`scoring ${asOf}`);
    const results = await computeHealth(db, config, asOf);
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    await db.transaction(async (tx: Queryable) => {
      await tx.exec(
        sql`DELETE FROM health_scores WHERE as_of = CAST(${asOf} AS DATE) AND config_version = ${config.version}`,
      );
      for (let i = 0; i < results.length; i += BATCH) {
        const records = results.slice(i, i + BATCH).map((r) => ({
          account_id: r.accountId,
          scorecard: r.scorecard,
          score: r.score,
          band: r.band,
          coverage: r.coverage,
          explanation: r.contributions,
        }));
        await tx.exec(sql`
          INSERT INTO health_scores (account_id, as_of, config_version, scorecard, score, band, coverage, explanation, scored_at)
          SELECT account_id, CAST(${asOf} AS DATE), ${config.version}, scorecard, score, band, coverage, explanation,
                 CAST(${now} AS TIMESTAMP)
          FROM (${db.dialect.jsonRecords(JSON.stringify(records), RECORD_COLUMNS)}) r`);
      }
    });
    rows += results.length;
  }
  return { dates: dates.length, rows };
}

export interface HistoryPoint {
  readonly asOf: string;
  readonly configVersion: string;
  readonly scorecard: string;
  readonly score: number | null;
  readonly band: string | null;
  readonly coverage: number;
  /** The measure whose points changed most since the previous recorded score of the same version. */
  readonly moved: { measure: string; points: number } | null;
}

export async function healthHistory(
  db: Queryable,
  accountId: string,
  version?: string,
): Promise<HistoryPoint[]> {
  const rows = await db.query<{
    as_of: unknown;
    config_version: string;
    scorecard: string;
    score: number | null;
    band: string | null;
    coverage: number;
    explanation: unknown;
  }>(sql`
    SELECT as_of, config_version, scorecard, score, band, coverage, CAST(explanation AS TEXT) AS explanation
    FROM health_scores WHERE account_id = ${accountId} ${version ? sql`AND config_version = ${version}` : sql``}
    ORDER BY config_version, as_of`);
  const previous = new Map<string, Record<string, number>>();
  return rows.map((r) => {
    const contributions = JSON.parse(String(r.explanation)) as { measure: string; contribution: number }[];
    const points = Object.fromEntries(contributions.map((c) => [c.measure, c.contribution]));
    const before = previous.get(r.config_version);
    let moved: HistoryPoint['moved'] = null;
    if (before) {
      for (const [measure, value] of Object.entries(points)) {
        const delta = value - (before[measure] ?? 0);
        if (!moved || Math.abs(delta) > Math.abs(moved.points)) moved = { measure, points: delta };
      }
    }
    previous.set(r.config_version, points);
    const asOf = r.as_of instanceof Date ? r.as_of.toISOString().slice(0, 10) : String(r.as_of).slice(0, 10);
    return {
      asOf,
      configVersion: r.config_version,
      scorecard: r.scorecard,
      score: r.score === null ? null : Number(r.score),
      band: r.band,
      coverage: Number(r.coverage),
      moved,
    };
  });
}
