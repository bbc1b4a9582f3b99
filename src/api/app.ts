/**
 * The HTTP app: every JSON route under /api with its role, the OpenAPI 3.1 document generated from the route
 * schemas at /openapi.json, the docs page at /docs, and one error shape for everything that goes wrong.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { Context } from '../context.js';
import type { ApiDeps } from './api-deps.js';
import { KeyVerifier, type ApiEnv } from './auth.js';
import { registerDocsPage } from './docs-page.js';
import { errorResponse, handleError } from './errors.js';
import { registerAccountsRoutes } from './routes/accounts-routes.js';
import { registerAnalyticsRoutes } from './routes/analytics-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerKeysRoutes } from './routes/keys-routes.js';
import { registerSupportRoutes } from './routes/support-routes.js';
import { registerTrackingRoutes, type TrackingRouteOptions } from './routes/tracking-routes.js';
import { registerWebApp } from './web-app.js';

export const API_VERSION = '0.1.0';

export interface AppOptions {
  readonly ctx: Context;
  readonly logger: Logger;
  /** The tracking API's rate limit and event → feature map (`keel serve` reads them from the config). */
  readonly tracking?: TrackingRouteOptions;
}

export function createApp(options: AppOptions): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
        return errorResponse(c, 400, 'bad_request', `invalid ${result.target}: ${issues.join('; ')}`);
      }
      return undefined;
    },
  });
  app.onError(handleError(options.logger));
  app.notFound((c) => errorResponse(c, 404, 'not_found', `no route ${c.req.method} ${c.req.path}`));

  const deps: ApiDeps = {
    ctx: options.ctx,
    logger: options.logger,
    verifier: new KeyVerifier(options.ctx.db),
  };
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key from `keel keys create --role R` (roles: viewer < csm < manager < admin)',
  });
  registerAnalyticsRoutes(app, deps);
  registerHealthRoutes(app, deps);
  registerKeysRoutes(app, deps);
  registerSupportRoutes(app, deps);
  registerTrackingRoutes(app, deps, options.tracking);
  registerAccountsRoutes(app, deps);

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Keel API',
      version: API_VERSION,
      description:
        'Customer-success and support analytics. Every /api route needs `Authorization: Bearer <API key>`; the role each route needs is in `x-keel-role`.',
    },
  });
  registerDocsPage(app);
  registerWebApp(app);
  return app;
}
