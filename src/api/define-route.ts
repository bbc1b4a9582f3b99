/** Pieces every API route shares: JSON responses, the error responses, and the role a route needs. */
import type { z } from '@hono/zod-openapi';
import type { Role } from '../access/api-keys.js';
import { requireRole, type KeyVerifier } from './auth.js';
import { ErrorSchema } from './errors.js';

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const ERROR_RESPONSES = {
  400: json(ErrorSchema, 'malformed request (the message says which parameter and why)'),
  401: json(ErrorSchema, 'missing, unknown or revoked API key'),
  403: json(ErrorSchema, 'the key’s role may not use this route'),
  404: json(ErrorSchema, 'no such resource'),
  500: json(ErrorSchema, 'server fault (details in the server log only)'),
} as const;

/** The fields that make a route need an API key with at least `role`; the role is published as x-keel-role. */
export function secured(verifier: KeyVerifier, role: Role) {
  return {
    middleware: [requireRole(verifier, role)],
    security: [{ bearerAuth: [] }],
    'x-keel-role': role,
  };
}
