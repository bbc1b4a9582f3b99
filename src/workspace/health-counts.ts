/**
 * Bridges health scores (scoring layer) into the metric catalog (metrics layer, below it): the counts behind
 * `healthy_account_share`, computed with the workspace's scorecards (the shipped default unless configured).
 */
import type { Queryable } from '../db/database.js';
import { computeHealth, loadHealthConfig } from '../scoring/compute-health.js';

export function healthCounts(
  db: Queryable,
  scorecards?: string,
): (asOf: string) => Promise<{ healthy: number; scored: number }> {
  return async (asOf) => {
    const results = await computeHealth(db, await loadHealthConfig(scorecards), asOf);
    const scored = results.filter((r) => r.score !== null);
    return { healthy: scored.filter((r) => r.band === 'healthy').length, scored: scored.length };
  };
}
