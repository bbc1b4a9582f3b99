/**
 * In-process API tests: the real app (no HTTP socket) over a test's workspace, with one API key per role and
 * a write key, and a `call` that sends a request as one of them.
 */
import { pino } from 'pino';
import { createKey, ROLES, type Role } from '../access/api-keys.js';
import { createApp } from '../api/app.js';
import type { BackendContext } from './backends.js';

export interface ApiHarness {
  readonly app: ReturnType<typeof createApp>;
  readonly keys: Record<Role, string>;
  readonly writeKey: string;
  /** `as`: a role, a raw secret, or null for no Authorization header. */
  call(
    path: string,
    options?: { as?: Role | null | { secret: string }; method?: string; body?: unknown },
  ): Promise<Response>;
}

export async function apiHarness(ctx: BackendContext): Promise<ApiHarness> {
  await ctx.db.migrate();
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) keys[role] = (await createKey(ctx.db, { kind: 'api', role })).secret;
  const writeKey = (await createKey(ctx.db, { kind: 'write' })).secret;
  const app = createApp({
    ctx: { config: ctx.config, db: ctx.db, close: async () => undefined },
    logger: pino({ level: 'silent' }),
  });
  return {
    app,
    keys,
    writeKey,
    call: (path, options = {}) => {
      const as = options.as === undefined ? 'admin' : options.as;
      const secret = as === null ? null : typeof as === 'string' ? keys[as] : as.secret;
      const headers: Record<string, string> = secret ? { authorization: `Bearer ${secret}` } : {};
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      return Promise.resolve(
        app.request(path, {
          method: options.method ?? 'GET',
          headers,
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        }),
      );
    },
  };
}
