/**
 * Scorecards as code: the health-score configuration (a versioned JSON file in the repository, see
 * scorecards/default.json) validated by this schema, which is also where its TypeScript types come from.
 * A scorecard is a weighted set of measures, each turned into a 0–100 score by a linear scale; scorecards are
 * chosen per account by ordered rules (lifecycle stage, touch model), the last one being the default.
 */
import { z } from 'zod';
import { TOUCH_MODELS } from '../domain/canonical-tables.js';
import { STAGES } from '../metrics/lifecycle-stages.js';

/**
 * Raw value → score: `worst` scores 0, `best` scores 100, linear between and clamped outside. `best` may be
 * below `worst` (fewer tickets per seat is better).
 */
export const ScaleSchema = z
  .object({ worst: z.number(), best: z.number() })
  .strict()
  .refine((s) => s.worst !== s.best, 'worst and best must differ');

export const ScorecardMeasureSchema = z
  .object({
    measure: z.string().min(1),
    /** Relative weight; weights need not sum to 100 (NA measures drop out and the rest re-normalise anyway). */
    weight: z.number().positive(),
    scale: ScaleSchema,
  })
  .strict();

export const ScorecardSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case id such as "onboarding"'),
    name: z.string().min(1),
    /** Applies when every given condition holds; a scorecard without `when` matches every account. */
    when: z
      .object({
        stage: z.array(z.enum(STAGES)).min(1).optional(),
        touchModel: z.array(z.enum(TOUCH_MODELS)).min(1).optional(),
      })
      .strict()
      .optional(),
    measures: z.array(ScorecardMeasureSchema).min(1),
  })
  .strict();

export const HealthConfigSchema = z
  .object({
    version: z.string().min(1),
    bands: z
      .object({ healthy: z.number().min(0).max(100), atRisk: z.number().min(0).max(100) })
      .strict()
      .refine((b) => b.atRisk < b.healthy, 'atRisk must be below healthy'),
    /** Below this share of the weight having data, the score itself is NA. */
    coverageFloor: z.number().min(0).max(1),
    /** Tried in order; the first whose `when` matches the account is used. */
    scorecards: z.array(ScorecardSchema).min(1),
  })
  .strict()
  .refine((c) => c.scorecards.some((s) => !s.when), 'one scorecard must have no `when` (the default)');

export type Scale = z.infer<typeof ScaleSchema>;
export type ScorecardMeasure = z.infer<typeof ScorecardMeasureSchema>;
export type Scorecard = z.infer<typeof ScorecardSchema>;
export type HealthConfig = z.infer<typeof HealthConfigSchema>;
