/**
 * Health scores as of a date: read every account's measures, choose each paying account's scorecard by the
 * config's rules, and score it with a full explanation. Accounts not paying on the date are not scored.
 *
 * Stage, until lifecycle stages exist: an account is `onboarding` while a required milestone is still open and
 * its first paid day is less than 90 days before the date, otherwise `retention`.
 */
import { readFile } from 'node:fs/promises';
import type { Queryable } from '../db/database.js';
import { sql } from '../db/sql.js';
import { MEASURE_IDS, readMeasures, type MeasureId } from './measures.js';
import { HealthConfigSchema, type HealthConfig } from './scorecard-schema.js';
import { chooseScorecard, scoreAccount, type AccountScore } from './score-account.js';

export const DEFAULT_SCORECARDS = new URL('../../scorecards/default.json', import.meta.url);

/** Loads and validates a health configuration; every measure it names must be in the measures library. */
export async function loadHealthConfig(path: string | URL = DEFAULT_SCORECARDS): Promise<HealthConfig> {
  const raw: unknown = JSON.parse(await readFile(path, 'utf8'));
  const parsed = HealthConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`health config ${String(path)} is invalid: ${issues.join('; ')}`);
  }
  const unknown = parsed.data.scorecards.flatMap((s) =>
    s.measures
      .filter((m) => !MEASURE_IDS.includes(m.measure as MeasureId))
      .map((m) => `${s.id}.${m.measure}`),
  );
  if (unknown.length)
    throw new Error(`health config ${String(path)} names unknown measures: ${unknown.join(', ')}`);
  return parsed.data;
}

export interface HealthResult extends AccountScore {
  readonly accountId: string;
  readonly stage: 'onboarding' | 'retention';
}

export async function computeHealth(
  db: Queryable,
  config: HealthConfig,
  asOf: string,
  accountIds?: readonly string[],
): Promise<HealthResult[]> {
  const measures = await readMeasures(db, asOf, accountIds);
  const facts = await db.query<{ account_id: string; paying: boolean; new_customer: boolean }>(sql`
    SELECT account_id,
           SUM(CASE WHEN started_at <= CAST(${asOf} AS DATE) AND (ended_at IS NULL OR ended_at > CAST(${asOf} AS DATE)) THEN mrr ELSE 0 END) > 0 AS paying,
           MIN(started_at) FILTER (WHERE mrr > 0) > CAST(${asOf} AS DATE) - 90 AS new_customer
    FROM subscriptions GROUP BY account_id`);
  const byAccount = new Map(facts.map((f) => [f.account_id, f]));
  return measures.flatMap((m) => {
    const fact = byAccount.get(m.accountId);
    if (!fact?.paying) return [];
    const onboarding =
      fact.new_customer === true &&
      m.values.onboarding_completion !== null &&
      m.values.onboarding_completion < 1;
    const stage = onboarding ? 'onboarding' : 'retention';
    const scorecard = chooseScorecard(config, { stage, touchModel: m.touchModel });
    return [{ accountId: m.accountId, stage, ...scoreAccount(scorecard, m.values, config) }];
  });
}
