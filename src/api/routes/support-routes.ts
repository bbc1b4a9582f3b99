/** Service Analytics: support performance per agent and per channel (workspace/support-analytics.ts). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { agentPerformance, channelReview } from '../../workspace/support-analytics.js';
import type { ApiDeps } from '../api-deps.js';
import type { ApiEnv } from '../auth.js';
import { ERROR_RESPONSES, json, secured } from '../define-route.js';
import { AgentsReportSchema, ChannelsReportSchema } from '../support-schemas.js';
import { SegmentParam } from './analytics-routes.js';

const Query = z.object({
  period: z
    .string()
    .optional()
    .openapi({ description: 'YYYY-MM, YYYY-Qn or YYYY; default: the last complete month' }),
  segment: SegmentParam,
});
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
        200: json(AgentsReportSchema, 'one row per agent'),
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
        200: json(ChannelsReportSchema, 'one row per channel'),
        ...ERROR_RESPONSES,
      },
    }),
    async (c) => c.json(await channelReview(ctx.db, ctx.config, c.req.valid('query')), 200),
  );
}
