/**
 * The API's one error shape, `{"error":{"code","message"}}`, and the status of each AppError code. Faults
 * (database, internal) reach the client as a generic message; the details go to the server log only, so no
 * SQL or stack trace ever leaves the server.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { AppError, type ErrorCode } from '../domain/errors.js';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'forbidden' }),
      message: z.string().openapi({ example: 'this route needs the manager role; the key has csm' }),
    }),
  })
  .openapi('Error');

export const STATUS_BY_ERROR: Record<ErrorCode, ContentfulStatusCode> = {
  usage: 400,
  input_rejected: 422,
  not_found: 404,
  database_locked: 503,
  database: 500,
  internal: 500,
};

export function errorResponse(c: Context, status: ContentfulStatusCode, code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}

export function handleError(logger: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof AppError && STATUS_BY_ERROR[err.code] < 500)
      return errorResponse(c, STATUS_BY_ERROR[err.code], err.code, err.message);
    if (err instanceof HTTPException && err.status < 500)
      return errorResponse(
        c,
        err.status as ContentfulStatusCode,
        'bad_request',
        err.message || 'bad request',
      );
    logger.error({ err, method: c.req.method, path: c.req.path }, 'request failed');
    const code = err instanceof AppError ? err.code : 'internal';
    return errorResponse(
      c,
      err instanceof AppError ? STATUS_BY_ERROR[err.code] : 500,
      code,
      'internal error; the server log has the details',
    );
  };
}
