/**
 * Response and query schemas of the HTTP API. They validate nothing the server computes itself; they are the
 * contract the OpenAPI document publishes and the handlers' return types are checked against.
 */
import { z } from '@hono/zod-openapi';
import { ROLES } from '../access/api-keys.js';
import { STAGES } from '../metrics/lifecycle-stages.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const AsOfQuery = z.object({
  asOf: Day.optional().openapi({
    description: 'YYYY-MM-DD; default: the end of the last complete month',
    example: '2026-12-01',
  }),
});

export const TierSchema = z.enum(['poor', 'fair', 'good', 'excellent']);
export const MetricResultSchema = z
  .object({
    id: z.string().openapi({ example: 'nrr' }),
    name: z.string(),
    stage: z.string(),
    value: z.number().nullable(),
    unit: z.string(),
    n: z.number(),
    reason: z.string().optional(),
    benchmark: z.object({ tier: TierSchema.nullable(), note: z.string(), source: z.string() }),
    breakdown: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('MetricResult');

export const PeriodSchema = z.object({ label: z.string(), start: Day, end: Day });

export const MetricsReportSchema = z
  .object({
    period: PeriodSchema,
    metrics: z.array(MetricResultSchema),
    by: z.string().optional(),
    slices: z
      .array(z.object({ value: z.string().nullable(), metrics: z.array(MetricResultSchema) }))
      .optional(),
  })
  .openapi('MetricsReport');

const BandsSchema = z.union([
  z.object({ kind: z.enum(['higher', 'lower']), excellent: z.number(), good: z.number(), fair: z.number() }),
  z.object({
    kind: z.literal('range'),
    good: z.tuple([z.number(), z.number()]).readonly(),
    fair: z.tuple([z.number(), z.number()]).readonly(),
  }),
]);

export const BenchmarkSchema = z
  .object({
    bands: BandsSchema,
    note: z.string(),
    source: z.string(),
    bySegment: z.record(z.string(), BandsSchema).optional(),
  })
  .openapi('Benchmark');

export const MetricExplanationSchema = z
  .object({
    metric: z.object({
      id: z.string(),
      name: z.string(),
      stage: z.string(),
      unit: z.string(),
      direction: z.enum(['higher', 'lower', 'neutral']),
      definition: z.string(),
      query: z.string(),
      also: z.array(z.string()).readonly().optional(),
      benchmark: z.string().optional(),
    }),
    period: PeriodSchema,
    sql: z.string().nullable(),
    params: z.array(z.unknown()).readonly(),
    benchmark: BenchmarkSchema.nullable(),
  })
  .openapi('MetricExplanation');

export const ContributionSchema = z.object({
  measure: z.string(),
  raw: z.number().nullable(),
  score: z.number().nullable(),
  weight: z.number(),
  effectiveWeight: z.number(),
  contribution: z.number(),
});
const BandSchema = z.enum(['healthy', 'at_risk', 'critical']);

export const HealthResultSchema = z
  .object({
    accountId: z.string(),
    stage: z.enum(STAGES),
    scorecard: z.string(),
    score: z.number().nullable(),
    band: BandSchema.nullable(),
    coverage: z.number(),
    contributions: z.array(ContributionSchema),
  })
  .openapi('HealthScore');

export const HealthListSchema = z
  .object({ asOf: Day, configVersion: z.string(), accounts: z.array(HealthResultSchema) })
  .openapi('HealthScores');

export const HealthExplanationSchema = HealthResultSchema.extend({
  asOf: Day,
  configVersion: z.string(),
  previous: z
    .object({
      asOf: Day,
      source: z.enum(['recorded', 'computed']),
      score: z.number().nullable(),
      band: z.string().nullable(),
      scorecard: z.string(),
    })
    .nullable(),
  moves: z.array(
    z.object({
      measure: z.string(),
      rawBefore: z.number().nullable(),
      rawNow: z.number().nullable(),
      pointsBefore: z.number(),
      pointsNow: z.number(),
      delta: z.number(),
    }),
  ),
}).openapi('HealthExplanation');

export const RiskEventSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    kind: z.enum(['score_drop', 'became_critical', 'usage_drop', 'detractor', 'renewal_at_risk']),
    asOf: Day,
    detail: z.string(),
    episode: z.string().optional(),
    configVersion: z.string(),
    recordedAt: z.string(),
  })
  .openapi('RiskEvent');

export const LifecycleSchema = z
  .object({
    asOf: Day,
    counts: z.record(z.string(), z.number()),
    accounts: z.array(z.object({ accountId: z.string(), stage: z.enum(STAGES), since: Day })),
    stageMetrics: z.object({
      period: PeriodSchema,
      stages: z.array(z.object({ stage: z.string(), metrics: z.array(MetricResultSchema) })),
    }),
  })
  .openapi('Lifecycle');

const TouchCounts = z.object({ high: z.number(), low: z.number(), tech: z.number(), unknown: z.number() });
const Range = z.tuple([z.number(), z.number()]).readonly();
export const CapacitySchema = z
  .object({
    asOf: Day,
    books: z.array(
      z.object({
        csmId: z.string(),
        name: z.string(),
        accounts: TouchCounts,
        arr: z.number(),
        load: z.number(),
        status: z.enum(['overloaded', 'underloaded', 'within range']),
      }),
    ),
    unassigned: z.object({ accounts: TouchCounts, arr: z.number() }),
    ranges: z.object({ high: Range, low: Range, tech: Range }),
    source: z.string(),
  })
  .openapi('Capacity');

export const KeySchema = z
  .object({
    id: z.string(),
    kind: z.enum(['api', 'write']),
    role: z.enum(ROLES).nullable(),
    name: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('Key');

const Phase = z.object({ number: z.number().int(), name: z.string(), nrrBenchmark: z.number() });
export const MaturitySchema = z
  .object({
    asOf: Day,
    phase: Phase,
    nrr: z.object({
      value: z.number().nullable(),
      n: z.number(),
      period: z.object({ start: Day, end: Day }),
      definition: z.string(),
      vsPhaseBenchmark: z.number().nullable(),
      levelOfPhase: z.number().int().nullable(),
    }),
    criteria: z.array(
      z.object({
        id: z.string(),
        phase: z.number().int(),
        name: z.string(),
        label: z.string(),
        measure: z.string(),
        unit: z.enum(['share', 'count']),
        value: z.number().nullable(),
        threshold: z.number(),
        met: z.boolean(),
        evidence: z.string(),
      }),
    ),
    nextPhase: Phase.extend({
      nrrGap: z.number().nullable(),
      needs: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          label: z.string(),
          value: z.number().nullable(),
          threshold: z.number(),
          unit: z.enum(['share', 'count']),
          action: z.string(),
        }),
      ),
    }).nullable(),
    notAssessed: z.array(z.object({ phase: z.number().int(), characteristic: z.string() })).readonly(),
    source: z.string(),
  })
  .openapi('Maturity');
