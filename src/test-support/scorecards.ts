/** Health configurations for tests whose scores are worked out by hand. */
import type { HealthConfig, Scale } from '../scoring/scorecard-schema.js';

/**
 * One scorecard of one measure (bands 70 / 40, coverage floor 0.5), so a score is that measure on one linear
 * scale: 100 × (value − worst) / (best − worst), clamped to 0–100.
 */
export function oneMeasureConfig(
  measure: string,
  scale: Scale,
  scorecard: { id: string; name: string } = { id: measure, name: measure },
): HealthConfig {
  return {
    version: 'test-1',
    bands: { healthy: 70, atRisk: 40 },
    coverageFloor: 0.5,
    scorecards: [{ ...scorecard, measures: [{ measure, weight: 1, scale }] }],
  };
}

/** One measure, so a score is worked out by hand: 100 × distinct users of the last 30 days / licensed seats. */
export const USERS_PER_SEAT: HealthConfig = oneMeasureConfig(
  'active_user_rate',
  { worst: 0, best: 1 },
  { id: 'users', name: 'active users per seat' },
);
