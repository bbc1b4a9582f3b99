/**
 * The Segment-compatible tracking API (/v1/batch, /v1/track, …) for `@segment/analytics-node` and other
 * Segment sources, and GET /api/ingestion, the log of what arrived. HTTP only: size limits, the three write-key
 * forms, rate limiting and status codes; the events themselves are src/tracking's business.
 */
import { gunzipSync } from 'node:zlib';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { listKeys, type KeyRecord } from '../../access/api-keys.js';
import { AppError } from '../../domain/errors.js';
import type { Outcome } from '../../tracking/apply-submissions.js';
import { ingestionReport, IngestionReportSchema } from '../../tracking/ingestion-log.js';
import {
  AliasMessage,
  BatchBody,
  GroupMessage,
  IdentifyMessage,
  LIMITS,
  PageMessage,
  ScreenMessage,
  TrackMessage,
  type MessageType,
} from '../../tracking/message-schemas.js';
import { isRecord, parseTimestamp, sqlTime } from '../../tracking/normalise-message.js';
import { DEFAULT_RATE_LIMIT, TokenBuckets, type RateLimit } from '../../tracking/token-bucket.js';
import { Tracker, type TrackerOptions } from '../../tracking/tracker.js';
import type { ApiDeps } from '../api-deps.js';
import type { ApiEnv } from '../auth.js';
import { ERROR_RESPONSES, json, secured } from '../define-route.js';
import { ErrorSchema, errorResponse } from '../errors.js';

export interface TrackingRouteOptions extends TrackerOptions {
  /** Requests per second per write key; default DEFAULT_RATE_LIMIT. */
  readonly rateLimit?: RateLimit;
}

const TrackResponse = z
  .object({
    success: z.literal(true),
    received: z.number().int(),
    accepted: z.number().int().describe('new events stored (committed before this response was sent)'),
    duplicates: z.number().int().describe('events whose messageId this write key had already sent'),
    invalid: z.number().int().describe('events refused; GET /api/ingestion says why'),
    held: z.number().int().describe('stored, waiting for a group call that ties the user to an account'),
    attributed: z.number().int().describe('earlier held events this request’s group/alias calls placed'),
  })
  .openapi('TrackResponse');

const WRITE_KEY_HELP =
  'The write key (`keel keys create --write`) as HTTP Basic username with an empty password, or as `writeKey` ' +
  'in the JSON body (alone, or beside `Authorization: Bearer <token>`, Segment’s OAuth form).';

const ENDPOINTS: readonly { path: string; type?: MessageType; schema: z.ZodType; summary: string }[] = [
  {
    path: '/v1/batch',
    schema: BatchBody,
    summary: `Many events in one request (≤ ${LIMITS.batchEvents} events, ≤ 500 KB, ≤ 32 KB each) — what analytics-node sends`,
  },
  { path: '/v1/track', type: 'track', schema: TrackMessage, summary: 'A user action → usage_events' },
  {
    path: '/v1/page',
    type: 'page',
    schema: PageMessage,
    summary: 'A page view → usage_events (page_viewed)',
  },
  {
    path: '/v1/screen',
    type: 'screen',
    schema: ScreenMessage,
    summary: 'A screen view → usage_events (screen_viewed)',
  },
  { path: '/v1/identify', type: 'identify', schema: IdentifyMessage, summary: 'User traits → contacts' },
  {
    path: '/v1/group',
    type: 'group',
    schema: GroupMessage,
    summary: 'Tie the user to an account (groupId = account id) and upsert its traits → accounts',
  },
  { path: '/v1/alias', type: 'alias', schema: AliasMessage, summary: 'Link two ids of one user' },
];

export function registerTrackingRoutes(
  app: OpenAPIHono<ApiEnv>,
  { ctx, verifier, logger }: ApiDeps,
  options: TrackingRouteOptions = {},
): Tracker {
  const tracker = new Tracker(ctx.db, options);
  const buckets = new TokenBuckets(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const counters = { startedAt: new Date().toISOString(), unauthorized: 0, throttled: 0 };

  app.openAPIRegistry.registerComponent('securitySchemes', 'writeKey', {
    type: 'http',
    scheme: 'basic',
    description: WRITE_KEY_HELP,
  });

  /** The write key from the body (forms 1 and 3) or the Basic username (form 2); a message when there is none. */
  async function authenticate(c: Context, body: Record<string, unknown> | null): Promise<KeyRecord | string> {
    const header = c.req.header('authorization') ?? '';
    let secret = body && typeof body.writeKey === 'string' && body.writeKey !== '' ? body.writeKey : null;
    if (secret === null) {
      const basic = /^Basic\s+(\S+)$/i.exec(header);
      if (basic?.[1]) secret = Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0] ?? '';
      else if (/^Bearer\s/i.test(header))
        return 'with a Bearer token the write key must be in the body as writeKey';
    }
    if (!secret) return 'send the write key as HTTP Basic username, or as writeKey in the JSON body';
    const key = await verifier.verify(secret);
    return key ?? 'unknown or revoked write key';
  }

  const unauthorized = (c: Context, message: string) => {
    counters.unauthorized++;
    c.header('WWW-Authenticate', 'Basic realm="keel tracking"');
    return errorResponse(c, 401, 'unauthorized', message);
  };

  /** A 400 for the whole request; logged against the write key when one can be found. */
  async function refuse(
    c: Context,
    endpoint: string,
    message: string,
    body: Record<string, unknown> | null,
    charged = false,
  ) {
    const key = await authenticate(c, body).catch(() => null);
    // Refusals count against the key's rate too, so a sender looping on a bad request cannot flood the log.
    if (
      key !== null &&
      typeof key !== 'string' &&
      key.kind === 'write' &&
      (charged || buckets.take(key.id).ok)
    ) {
      const received = body && Array.isArray(body.batch) ? body.batch.length : 0;
      await tracker.reject({
        writeKeyId: key.id,
        endpoint,
        receivedAt: new Date(),
        received,
        error: message,
      });
    }
    return errorResponse(c, 400, 'bad_request', message);
  }

  for (const endpoint of ENDPOINTS) {
    const maxBytes = endpoint.type ? LIMITS.eventBytes : LIMITS.batchBytes;
    const route = createRoute({
      method: 'post',
      path: endpoint.path,
      tags: ['tracking'],
      summary: endpoint.summary,
      description:
        'Segment Tracking API compatible. 200 once the request’s events are committed (invalid ones are logged, ' +
        'not fatal); duplicates of an earlier messageId are counted, not stored. ' +
        WRITE_KEY_HELP,
      security: [{ writeKey: [] }],
      request: {
        body: {
          content: {
            'application/json': {
              schema: endpoint.type ? singleEventBody(endpoint.schema) : endpoint.schema,
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(TrackResponse, 'stored (committed)'),
        400: json(
          ErrorSchema,
          `malformed JSON, or over ${maxBytes / 1024} KB, or (batch) over ${LIMITS.batchEvents} events`,
        ),
        401: json(ErrorSchema, 'missing, unknown or revoked write key'),
        403: json(ErrorSchema, 'an API key was sent: only write keys can send events'),
        429: json(ErrorSchema, 'this write key is over its rate; retry after Retry-After seconds'),
        500: ERROR_RESPONSES[500],
      },
    });
    // Documented through the registry, served by a plain handler: the body is read and parsed here (size
    // limits first, then JSON), because an invalid event must not fail its batch the way schema validation would.
    app.openAPIRegistry.registerPath(route);
    app.post(
      endpoint.path,
      bodyLimit({
        maxSize: maxBytes,
        onError: (c) => refuse(c, endpoint.path, `the request is over the ${maxBytes / 1024} KB limit`, null),
      }),
      async (c) => {
        const receivedAt = new Date();
        const parsed = await readJson(c, maxBytes);
        if (typeof parsed === 'string') return refuse(c, endpoint.path, parsed, null);
        const key = await authenticate(c, parsed);
        if (typeof key === 'string') return unauthorized(c, key);
        if (key.kind !== 'write')
          return errorResponse(
            c,
            403,
            'forbidden',
            'API keys cannot send events; use a write key (keel keys create --write)',
          );
        const taken = buckets.take(key.id);
        if (!taken.ok) {
          counters.throttled++;
          c.header('Retry-After', String(taken.retryAfterSeconds));
          c.header('X-RateLimit-Reset', String(taken.retryAfterSeconds));
          return errorResponse(c, 429, 'rate_limited', `write key ${key.id} is over its rate limit`);
        }
        if (!endpoint.type) {
          if (!Array.isArray(parsed.batch))
            return refuse(c, endpoint.path, 'the body needs a batch array', parsed, true);
          if (parsed.batch.length > LIMITS.batchEvents)
            return refuse(
              c,
              endpoint.path,
              `the batch has ${parsed.batch.length} events; the limit is ${LIMITS.batchEvents}`,
              parsed,
              true,
            );
        }
        const submission = tracker.prepare({
          writeKeyId: key.id,
          endpoint: endpoint.path,
          receivedAt,
          body: parsed,
          ...(endpoint.type ? { type: endpoint.type } : {}),
        });
        if (submission.invalid.length > 0)
          logger.warn(
            {
              writeKeyId: key.id,
              batchId: submission.batchId,
              invalid: submission.invalid
                .map((i) => ({ position: i.position, reason: i.reason }))
                .slice(0, 20),
            },
            `tracking: ${submission.invalid.length} invalid event(s) logged`,
          );
        const outcome: Outcome = await tracker.store(submission);
        return c.json(
          {
            success: true as const,
            received: outcome.received,
            accepted: outcome.accepted,
            duplicates: outcome.duplicates,
            invalid: outcome.invalid,
            held: outcome.held,
            attributed: outcome.attributed,
          },
          200,
        );
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ingestion',
      tags: ['tracking'],
      summary:
        'The tracking ingestion log: per write key received, accepted, duplicates, held, attributed and invalid (with reasons), recent requests and invalid events, events held now',
      ...secured(verifier, 'manager'),
      request: {
        query: z.object({
          since: z.string().optional().openapi({ description: 'ISO 8601 time; default: 24 hours ago' }),
          writeKeyId: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50).openapi({
            description: 'recent requests and invalid events to list',
          }),
        }),
      },
      responses: {
        200: json(
          IngestionReportSchema.extend({
            writeKeys: z.array(
              z.object({ id: z.string(), name: z.string(), revokedAt: z.string().nullable() }),
            ),
            thisProcess: z
              .object({ startedAt: z.string(), unauthorized: z.number().int(), throttled: z.number().int() })
              .describe(
                'requests refused before reaching a write key (401) or throttled (429) since the server started',
              ),
          }),
          'the log',
        ),
        ...ERROR_RESPONSES,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const sinceMs = q.since === undefined ? Date.now() - 24 * 3600_000 : parseTimestamp(q.since);
      if (sinceMs === null) throw new AppError('usage', 'since must be an ISO 8601 time');
      const report = await ingestionReport(ctx.db, {
        since: sqlTime(sinceMs),
        writeKeyId: q.writeKeyId,
        limit: q.limit,
      });
      const writeKeys = (await listKeys(ctx.db))
        .filter((k) => k.kind === 'write')
        .map((k) => ({ id: k.id, name: k.name, revokedAt: k.revokedAt }));
      return c.json({ ...report, writeKeys, thisProcess: { ...counters } }, 200);
    },
  );
  return tracker;
}

/** A single-event endpoint's body: the event (its type implied by the path) plus the write key. */
function singleEventBody(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodObject
    ? schema.extend({ type: z.string().optional(), writeKey: z.string().optional() })
    : schema;
}

/** The request body as a JSON object, gunzipped when sent so; a message when it is not one. */
async function readJson(c: Context, maxBytes: number): Promise<Record<string, unknown> | string> {
  let bytes: Uint8Array = new Uint8Array(await c.req.arrayBuffer());
  const encoding = (c.req.header('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding === 'gzip') {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch {
      return `the gzip body is corrupt or inflates past the ${maxBytes / 1024} KB limit`;
    }
  } else if (encoding !== 'identity') return `Content-Encoding ${encoding} is not supported (gzip is)`;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'the body is not valid UTF-8';
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the body is not valid JSON';
  }
  return isRecord(body) ? body : 'the body must be a JSON object';
}
