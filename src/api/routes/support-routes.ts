/** Service Analytics: support performance per agent and per channel (workspace/support-analytics.ts). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { agentPerformance, channelReview } from '../../workspace/support-analytics.js';
import type { ApiDeps } from '../api-deps.js';
import type { ApiEnv } from '../auth.js';
import { ERROR_RESPONSES, json, secured } from '../define-route.js';
import { PeriodSchema } from '../schemas.js';
import { SegmentParam } from './analytics-routes.js';

const Query = z.object({
  period: z
    .string()
    .optional()
    .openapi({ description: 'YYYY-MM, YYYY-Qn or YYYY; default: the last complete month' }),
  segment: SegmentParam,
});
const nullableNumber = z.number().nullable();

const AgentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.string(),
    team: z.string().nullable(),
    ticketsCreated: z.number(),
    ticketsSolved: z.number(),
    frtMedianMinutes: nullableNumber,
    resolutionMedianHours: nullableNumber,
    fcrRate: nullableNumber,
    csatAverage: nullableNumber,
    csatResponses: z.number(),
    satisfiedShare: nullableNumber,
    reopenRate: nullableNumber,
    availableHours: z.number(),
    handleHours: z.number(),
    utilization: nullableNumber,
    trend: z.array(
      z.object({
        month: z.string(),
        solved: z.number(),
        csatAverage: nullableNumber,
        utilization: nullableNumber,
      }),
    ),
  })
  .openapi('AgentPerformance');

const ChannelSchema = z
  .object({
    channel: z.string(),
    tickets: z.number(),
    frtMedianMinutes: nullableNumber,
    resolutionMedianHours: nullableNumber,
    fcrRate: nullableNumber,
    backlog: nullableNumber,
    csatAverage: nullableNumber,
    csatResponses: z.number(),
    satisfiedShare: nullableNumber,
  })
  .openapi('ChannelReview');

export function registerSupportRoutes(app: OpenAPIHono<ApiEnv>, { ctx, verifier }: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/support/agents',
      tags: ['support'],
      summary:
        'Agent performance: tickets, first response, resolution, FCR, CSAT, reopens and utilization per agent, with a 6-month trend',
      ...secured(verifier, 'manager'),
      request: { query: Query },
      responses: {
        200: json(z.object({ period: PeriodSchema, agents: z.array(AgentSchema) }), 'one row per agent'),
        ...ERROR_RESPONSES,
      },
    }),
    async (c) => c.json(await agentPerformance(ctx.db, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/support/channels',
      tags: ['support'],
      summary: 'Channel review: volume, first response, resolution, FCR, backlog and CSAT per channel',
      ...secured(verifier, 'viewer'),
      request: { query: Query },
      responses: {
        200: json(
          z.object({ period: PeriodSchema, channels: z.array(ChannelSchema) }),
          'one row per channel',
        ),
        ...ERROR_RESPONSES,
      },
    }),
    async (c) => c.json(await channelReview(ctx.db, ctx.config, c.req.valid('query')), 200),
  );
}
