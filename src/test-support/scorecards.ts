/** Health configurations for tests whose scores are worked out by hand. */
import type { HealthConfig } from '../scoring/scorecard-schema.js';

/** One measure, so a score is worked out by hand: 100 × distinct users of the last 30 days / licensed seats. */
export const USERS_PER_SEAT: HealthConfig = {
  version: 'test-1',
  bands: { healthy: 70, atRisk: 40 },
  coverageFloor: 0.5,
  scorecards: [
    {
      id: 'users',
      name: 'active users per seat',
      measures: [{ measure: 'active_user_rate', weight: 1, scale: { worst: 0, best: 1 } }],
    },
  ],
};
