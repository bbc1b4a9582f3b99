/** Key management for admins: list, create (the secret is in the response, once) and revoke. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { createKey, listKeys, revokeKey, ROLES } from '../../access/api-keys.js';
import { AppError } from '../../domain/errors.js';
import type { ApiDeps } from '../api-deps.js';
import type { ApiEnv } from '../auth.js';
import { ERROR_RESPONSES, json, secured } from '../define-route.js';
import { KeySchema } from '../schemas.js';

const CreateKeyBody = z
  .object({
    kind: z.enum(['api', 'write']),
    role: z.enum(ROLES).optional().openapi({ description: 'required for api keys; write keys have none' }),
    name: z.string().min(1).max(200).optional(),
  })
  .openapi('CreateKey');

export function registerKeysRoutes(app: OpenAPIHono<ApiEnv>, { ctx, verifier }: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/keys',
      tags: ['keys'],
      summary: 'Every API and write key (never the secrets)',
      ...secured(verifier, 'admin'),
      responses: { 200: json(z.object({ keys: z.array(KeySchema) }), 'keys'), ...ERROR_RESPONSES },
    }),
    async (c) => c.json({ keys: await listKeys(ctx.db) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/keys',
      tags: ['keys'],
      summary: 'Create a key; the response holds its secret, which is not stored and cannot be shown again',
      ...secured(verifier, 'admin'),
      request: { body: { content: { 'application/json': { schema: CreateKeyBody } }, required: true } },
      responses: {
        201: json(z.object({ key: KeySchema, secret: z.string() }), 'the new key and its secret'),
        ...ERROR_RESPONSES,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      if (body.kind === 'api' && !body.role) throw new AppError('usage', 'role is required for an api key');
      if (body.kind === 'write' && body.role) throw new AppError('usage', 'write keys have no role');
      const name = body.name ? { name: body.name } : {};
      const created =
        body.kind === 'api' && body.role
          ? await createKey(ctx.db, { kind: 'api', role: body.role, ...name })
          : await createKey(ctx.db, { kind: 'write', ...name });
      return c.json(created, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/keys/{id}',
      tags: ['keys'],
      summary: 'Revoke a key (takes effect within 30 seconds on a running server)',
      ...secured(verifier, 'admin'),
      request: { params: z.object({ id: z.string().min(1) }) },
      responses: { 200: json(z.object({ revoked: z.string() }), 'revoked'), ...ERROR_RESPONSES },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await revokeKey(ctx.db, id))) throw new AppError('not_found', `no live key ${id}`);
      return c.json({ revoked: id }, 200);
    },
  );
}
