/**
 * Configuration, loaded and validated once: command-line flags win over environment variables, which win
 * over defaults. This is the only module that reads `process.env`; everything else receives a `Config`.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_GROSS_MARGIN } from '../domain/assumptions.js';

export const DEFAULT_DB_PATH = './keel-data/keel.duckdb';
export const DEFAULT_MEMORY_LIMIT = '2GB';

const RATE_ERROR = 'requests per second per write key (--tracking-rate) must be a number above 0';
const BURST_ERROR = 'the burst (--tracking-burst) must be a whole number of requests, at least 1';

export const ConfigSchema = z.object({
  database: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('duckdb'), path: z.string().min(1) }),
    z.object({
      kind: z.literal('postgres'),
      url: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://'),
    }),
  ]),
  /** Gross margin (0–1) used by CAC payback and CLV. */
  grossMargin: z.number().gt(0).max(1),
  /** Reporting currency of money columns (DESIGN §4). */
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD'),
  /** DuckDB memory_limit (workspace and import staging), e.g. "2GB"; beyond it DuckDB spills to disk. */
  memoryLimit: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i)
    .optional(),
  /** Health scorecards file (scoring/scorecard-schema.ts); absent = the shipped scorecards/default.json. */
  scorecards: z.string().min(1).optional(),
  /** The tracking API (`/v1`): its per-write-key rate limit and the event → feature map file. */
  tracking: z.object({
    /** Absent: the tracking layer's default (DEFAULT_RATE_LIMIT). */
    rateLimit: z
      .object({
        perSecond: z.number({ error: RATE_ERROR }).positive({ error: RATE_ERROR }),
        burst: z.number({ error: BURST_ERROR }).int({ error: BURST_ERROR }).min(1, { error: BURST_ERROR }),
      })
      .optional(),
    /** A JSON file of event (or page/screen) name → feature key (tracking/feature-map.ts). */
    featureMap: z.string().min(1).optional(),
  }),
});
export type Config = Readonly<z.infer<typeof ConfigSchema>>;

export interface ConfigFlags {
  readonly db?: string | undefined;
  readonly databaseUrl?: string | undefined;
  readonly scorecards?: string | undefined;
  readonly featureMap?: string | undefined;
  /** Requests per second per write key, as typed. */
  readonly trackingRate?: string | undefined;
  /** Requests a write key may send at once after being idle (default twice the rate), as typed. */
  readonly trackingBurst?: string | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  if (flags.db && flags.databaseUrl) throw new ConfigError('use either --db or --database-url, not both');
  const url = flags.databaseUrl ?? (flags.db ? undefined : env.KEEL_DATABASE_URL);
  const raw = {
    database: url
      ? { kind: 'postgres', url }
      : { kind: 'duckdb', path: resolve(flags.db ?? env.KEEL_DB ?? DEFAULT_DB_PATH) },
    currency: env.KEEL_CURRENCY ?? 'USD',
    grossMargin: env.KEEL_GROSS_MARGIN ? Number(env.KEEL_GROSS_MARGIN) : DEFAULT_GROSS_MARGIN,
    // DuckDB's own default is 80% of RAM; a fixed cap keeps big imports streaming through disk instead.
    memoryLimit: env.KEEL_MEMORY_LIMIT || DEFAULT_MEMORY_LIMIT,
    ...((flags.scorecards ?? env.KEEL_SCORECARDS)
      ? { scorecards: resolve(flags.scorecards ?? env.KEEL_SCORECARDS ?? '') }
      : {}),
  };
  const parsed = ConfigSchema.safeParse({ ...raw, tracking: trackingSettings(flags, env) });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${issues}`);
  }
  return Object.freeze(parsed.data);
}

/** Flags win over KEEL_TRACKING_RATE, KEEL_TRACKING_BURST and KEEL_FEATURE_MAP; numbers are checked by the schema. */
function trackingSettings(flags: ConfigFlags, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const rate = flags.trackingRate ?? (env.KEEL_TRACKING_RATE || undefined);
  const burst = flags.trackingBurst ?? (env.KEEL_TRACKING_BURST || undefined);
  const featureMap = flags.featureMap ?? (env.KEEL_FEATURE_MAP || undefined);
  if (burst !== undefined && rate === undefined)
    throw new ConfigError('a tracking burst (--tracking-burst) needs a rate too (--tracking-rate)');
  // Number('') is 0 and Number(' 5 ') is 5: only plain numerals count.
  const number = (text: string) => (/^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN);
  return {
    ...(rate !== undefined
      ? {
          rateLimit: {
            perSecond: number(rate),
            // A burst of twice the sustained rate, as the default limit has.
            burst: burst === undefined ? Math.max(1, Math.ceil(2 * (number(rate) || 0))) : number(burst),
          },
        }
      : {}),
    ...(featureMap !== undefined ? { featureMap: resolve(featureMap) } : {}),
  };
}
