/**
 * API-key authentication and role checks. Keys arrive as `Authorization: Bearer <key>`; a verified key is
 * cached for a short while so busy clients do not cost a database lookup per request (a revoked key stops
 * working within KEY_CACHE_MS).
 */
import { createMiddleware } from 'hono/factory';
import type { Queryable } from '../db/database.js';
import { roleAtLeast, verifyKey, type KeyRecord, type Role } from '../access/api-keys.js';
import { errorResponse } from './errors.js';

export const KEY_CACHE_MS = 30_000;

export interface ApiEnv {
  Variables: { key: KeyRecord };
}

export class KeyVerifier {
  private readonly cache = new Map<string, { key: KeyRecord | null; until: number }>();
  constructor(private readonly db: Queryable) {}

  async verify(secret: string): Promise<KeyRecord | null> {
    const now = Date.now();
    const hit = this.cache.get(secret);
    if (hit && hit.until > now) return hit.key;
    const key = await verifyKey(this.db, secret);
    // Unknown secrets are cached too, so a client retrying a bad key cannot hammer the database.
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(secret, { key, until: now + KEY_CACHE_MS });
    return key;
  }
}

/** Requires an API key with at least `role`; write keys are refused here (they only send events). */
export function requireRole(verifier: KeyVerifier, role: Role) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1])
      return errorResponse(c, 401, 'unauthorized', 'send an API key as "Authorization: Bearer <key>"');
    const key = await verifier.verify(match[1]);
    if (!key) return errorResponse(c, 401, 'unauthorized', 'unknown or revoked API key');
    if (key.kind !== 'api' || key.role === null)
      return errorResponse(c, 403, 'forbidden', 'write keys can only send events to /v1; use an API key');
    if (!roleAtLeast(key.role, role))
      return errorResponse(c, 403, 'forbidden', `this route needs the ${role} role; the key has ${key.role}`);
    c.set('key', key);
    return next();
  });
}
