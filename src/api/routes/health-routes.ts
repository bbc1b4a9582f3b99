/** Health scores, their explanations, risk events and the maturity assessment. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors.js';
import { computeHealth, loadHealthConfig } from '../../scoring/compute-health.js';
import { listSentiment, RATINGS, recordSentiment } from '../../scoring/csm-sentiment.js';
import { explainHealth } from '../../scoring/explain-health.js';
import { assessMaturity } from '../../scoring/maturity.js';
import { listRiskEvents } from '../../scoring/risk-events.js';
import { RISK_KINDS } from '../../scoring/risk-indicators.js';
import { resolveAsOfDate } from '../../workspace/as-of.js';
import type { ApiDeps } from '../api-deps.js';
import type { ApiEnv } from '../auth.js';
import { ERROR_RESPONSES, json, secured } from '../define-route.js';
import {
  AsOfQuery,
  HealthExplanationSchema,
  HealthListSchema,
  MaturitySchema,
  RiskEventSchema,
} from '../schemas.js';

export function registerHealthRoutes(app: OpenAPIHono<ApiEnv>, { ctx, verifier }: ApiDeps): void {
  const config = () => loadHealthConfig(ctx.config.scorecards);
  const asOfOf = (asOf: string | undefined) => resolveAsOfDate(ctx.db, asOf, 'asOf');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/health',
      tags: ['health'],
      summary: 'Health scores of every paying account with per-measure contributions (keel health --json)',
      ...secured(verifier, 'csm'),
      request: { query: AsOfQuery },
      responses: { 200: json(HealthListSchema, 'scores as of the date'), ...ERROR_RESPONSES },
    }),
    async (c) => {
      const [asOf, cfg] = [await asOfOf(c.req.valid('query').asOf), await config()];
      return c.json(
        { asOf, configVersion: cfg.version, accounts: await computeHealth(ctx.db, cfg, asOf) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/health/{accountId}',
      tags: ['health'],
      summary:
        'One account’s score explained: raw value, score, weight and points per measure, and what moved since the previous score',
      ...secured(verifier, 'csm'),
      request: { params: z.object({ accountId: z.string().min(1) }), query: AsOfQuery },
      responses: { 200: json(HealthExplanationSchema, 'the explanation'), ...ERROR_RESPONSES },
    }),
    async (c) => {
      const { accountId } = c.req.valid('param');
      const asOf = await asOfOf(c.req.valid('query').asOf);
      const e = await explainHealth(ctx.db, await config(), accountId, asOf);
      if (!e)
        throw new AppError('not_found', `account ${accountId} does not exist or was not paying on ${asOf}`);
      return c.json(e, 200);
    },
  );

  const SentimentSchema = z
    .object({
      id: z.string(),
      accountId: z.string(),
      rating: z.enum(RATINGS),
      ratedAt: z.string(),
      author: z.string().nullable(),
      note: z.string().nullable(),
    })
    .openapi('CsmSentiment');
  const AccountParam = z.object({ id: z.string().min(1) });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/accounts/{id}/sentiment',
      tags: ['health'],
      summary: 'The CSM sentiment ratings of an account, newest first',
      ...secured(verifier, 'csm'),
      request: { params: AccountParam },
      responses: {
        200: json(z.object({ ratings: z.array(SentimentSchema) }), 'ratings'),
        ...ERROR_RESPONSES,
      },
    }),
    async (c) => c.json({ ratings: await listSentiment(ctx.db, c.req.valid('param').id) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/accounts/{id}/sentiment',
      tags: ['health'],
      summary: 'Record the CSM’s red / yellow / green read of an account (the csm_sentiment health measure)',
      ...secured(verifier, 'csm'),
      request: {
        params: AccountParam,
        body: {
          content: {
            'application/json': {
              schema: z.object({ rating: z.enum(RATINGS), note: z.string().max(2000).optional() }),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(SentimentSchema, 'the recorded rating'), ...ERROR_RESPONSES },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const entry = await recordSentiment(ctx.db, {
        accountId: c.req.valid('param').id,
        rating: body.rating,
        author: c.get('key').name,
        note: body.note ?? null,
      });
      return c.json(entry, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/risk-events',
      tags: ['health'],
      summary: 'Recorded risk events, newest first (keel health events)',
      ...secured(verifier, 'csm'),
      request: {
        query: z.object({
          accountId: z.string().optional(),
          since: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .optional(),
          kind: z.enum(RISK_KINDS).optional(),
        }),
      },
      responses: { 200: json(z.object({ events: z.array(RiskEventSchema) }), 'events'), ...ERROR_RESPONSES },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const events = await listRiskEvents(ctx.db, {
        ...(q.accountId ? { accountId: q.accountId } : {}),
        ...(q.since ? { since: q.since } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
      });
      return c.json({ events }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/maturity',
      tags: ['lifecycle'],
      summary:
        'Customer-success maturity phase with evidence, NRR against the phase benchmarks, next-phase needs',
      ...secured(verifier, 'viewer'),
      request: { query: AsOfQuery },
      responses: { 200: json(MaturitySchema, 'the assessment'), ...ERROR_RESPONSES },
    }),
    async (c) => c.json(await assessMaturity(ctx.db, await asOfOf(c.req.valid('query').asOf)), 200),
  );
}
