/**
 * Health scores as of a date: read every account's measures, choose each paying account's scorecard by the
 * config's rules, and score it with a full explanation. Accounts not paying on the date are not scored.
 *
 * The stage that picks a scorecard comes from the lifecycle rules (metrics/lifecycle-stages.ts).
 */
import { readFile } from 'node:fs/promises';
import type { Queryable } from '../db/database.js';
import { AppError, jsonFileProblem } from '../domain/errors.js';
import { lifecycleStages, type Stage } from '../metrics/lifecycle-stages.js';
import { MEASURE_IDS, readMeasures, type MeasureId } from './measures.js';
import { HealthConfigSchema, type HealthConfig } from './scorecard-schema.js';
import { chooseScorecard, scoreAccount, type AccountScore } from './score-account.js';

export const DEFAULT_SCORECARDS = new URL('../../scorecards/default.json', import.meta.url);

/** Loads and validates a health configuration; every measure it names must be in the measures library. */
export async function loadHealthConfig(path: string | URL = DEFAULT_SCORECARDS): Promise<HealthConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new AppError('usage', `health config ${String(path)} ${jsonFileProblem(error)}`);
  }
  const parsed = HealthConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new AppError('usage', `health config ${String(path)} is invalid: ${issues.join('; ')}`);
  }
  const unknown = parsed.data.scorecards.flatMap((s) =>
    s.measures
      .filter((m) => !MEASURE_IDS.includes(m.measure as MeasureId))
      .map((m) => `${s.id}.${m.measure}`),
  );
  if (unknown.length)
    throw new AppError(
      'usage',
      `health config ${String(path)} names unknown measures: ${unknown.join(', ')}`,
    );
  return parsed.data;
}

export interface HealthResult extends AccountScore {
  readonly accountId: string;
  readonly stage: Stage;
}

export async function computeHealth(
  db: Queryable,
  config: HealthConfig,
  asOf: string,
  accountIds?: readonly string[],
): Promise<HealthResult[]> {
  const used = new Set(config.scorecards.flatMap((s) => s.measures.map((m) => m.measure as MeasureId)));
  const measures = await readMeasures(db, asOf, accountIds, used);
  const stages = new Map((await lifecycleStages(db, asOf)).map((s) => [s.accountId, s.stage]));
  return measures.flatMap((m) => {
    const stage = stages.get(m.accountId);
    // Only paying accounts are scored: not prospects (acquisition) nor churned accounts.
    if (!stage || stage === 'acquisition' || stage === 'churned') return [];
    const scorecard = chooseScorecard(config, { stage, touchModel: m.touchModel });
    return [{ accountId: m.accountId, stage, ...scoreAccount(scorecard, m.values, config) }];
  });
}
