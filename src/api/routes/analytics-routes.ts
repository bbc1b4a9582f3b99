/** Company-level analytics: the metric catalog, its benchmarks, lifecycle stages and CSM capacity. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { BENCHMARKS } from '../../metrics/benchmarks.js';
import { csmCapacity } from '../../metrics/csm-capacity.js';
import { DIMENSIONS } from '../../metrics/metric-slices.js';
import { resolveAsOfDate } from '../../workspace/as-of.js';
import { lifecycleReport } from '../../workspace/lifecycle-report.js';
import {
  explainMetric,
  MAX_TREND_MONTHS,
  metricsReport,
  metricsTrend,
  SEGMENTS,
} from '../../workspace/metrics-report.js';
import type { ApiDeps } from '../api-deps.js';
import type { ApiEnv } from '../auth.js';
import { ERROR_RESPONSES, json, secured } from '../define-route.js';
import { MetricsTrendSchema } from '../support-schemas.js';
import {
  AsOfQuery,
  BenchmarkSchema,
  CapacitySchema,
  LifecycleSchema,
  MetricExplanationSchema,
  MetricsReportSchema,
} from '../schemas.js';

const PeriodQuery = z.object({
  period: z.string().optional().openapi({
    description: 'YYYY-MM, YYYY-Qn or YYYY; default: the last complete month',
    example: '2026-11',
  }),
});

/** The dashboard's segment filter: only the accounts of one segment. */
export const SegmentParam = z.enum(SEGMENTS).optional().openapi({
  description: 'only accounts of this segment (metrics that cannot be narrowed by account are left out)',
});

export function registerAnalyticsRoutes(app: OpenAPIHono<ApiEnv>, { ctx, verifier }: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/metrics',
      tags: ['metrics'],
      summary: 'The metric catalog for a period, graded against benchmarks (keel metrics)',
      ...secured(verifier, 'viewer'),
      request: {
        query: PeriodQuery.extend({
          by: z
            .enum(DIMENSIONS)
            .optional()
            .openapi({ description: 'cut every sliceable metric by this dimension' }),
          ids: z
            .string()
            .optional()
            .openapi({ description: 'comma-separated metric ids; default: all', example: 'nrr,grr' }),
          segment: SegmentParam,
        }),
      },
      responses: {
        200: json(MetricsReportSchema, 'metrics with value, n, tier, band and source'),
        ...ERROR_RESPONSES,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const ids = q.ids
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return c.json(
        await metricsReport(ctx.db, ctx.config, {
          period: q.period,
          by: q.by,
          segment: q.segment,
          ...(ids ? { ids } : {}),
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/metrics/trend',
      tags: ['metrics'],
      summary: 'Chosen metrics for each of the last N months (oldest first), for trend charts',
      ...secured(verifier, 'viewer'),
      request: {
        query: z.object({
          ids: z.string().min(1).openapi({ description: 'comma-separated metric ids', example: 'nrr,grr' }),
          months: z.coerce.number().int().min(1).max(MAX_TREND_MONTHS).default(12),
          end: z
            .string()
            .optional()
            .openapi({ description: 'the last month, YYYY-MM; default: the last complete month' }),
          segment: SegmentParam,
        }),
      },
      responses: {
        200: json(MetricsTrendSchema, 'one report per month'),
        ...ERROR_RESPONSES,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const ids = q.ids
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return c.json(
        await metricsTrend(ctx.db, ctx.config, { ids, months: q.months, end: q.end, segment: q.segment }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/metrics/{id}',
      tags: ['metrics'],
      summary:
        'One metric’s definition, SQL for the period, and benchmark with its source (keel metrics --explain)',
      ...secured(verifier, 'viewer'),
      request: { params: z.object({ id: z.string().openapi({ example: 'nrr' }) }), query: PeriodQuery },
      responses: {
        200: json(MetricExplanationSchema, 'the declaration, SQL and benchmark'),
        ...ERROR_RESPONSES,
      },
    }),
    async (c) =>
      c.json(await explainMetric(ctx.db, c.req.valid('param').id, c.req.valid('query').period), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/benchmarks',
      tags: ['metrics'],
      summary: 'The benchmark catalog: tier bands per metric with the seed report’s figures and sources',
      ...secured(verifier, 'viewer'),
      responses: { 200: json(z.record(z.string(), BenchmarkSchema), 'benchmarks by id'), ...ERROR_RESPONSES },
    }),
    (c) => c.json(BENCHMARKS, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/lifecycle',
      tags: ['lifecycle'],
      summary:
        'Accounts per lifecycle stage, each account’s stage and since when, and each stage’s metrics for the month before (keel lifecycle)',
      ...secured(verifier, 'viewer'),
      request: { query: AsOfQuery },
      responses: { 200: json(LifecycleSchema, 'stage counts and accounts'), ...ERROR_RESPONSES },
    }),
    async (c) => {
      const asOf = await resolveAsOfDate(ctx.db, c.req.valid('query').asOf, 'asOf');
      return c.json(await lifecycleReport(ctx.db, ctx.config, asOf), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/capacity',
      tags: ['lifecycle'],
      summary: 'Accounts and ARR per CSM by touch model against the seed’s ranges (keel capacity)',
      ...secured(verifier, 'manager'),
      request: { query: AsOfQuery },
      responses: { 200: json(CapacitySchema, 'CSM books, unassigned accounts'), ...ERROR_RESPONSES },
    }),
    async (c) =>
      c.json(
        await csmCapacity(ctx.db, await resolveAsOfDate(ctx.db, c.req.valid('query').asOf, 'asOf')),
        200,
      ),
  );
}
