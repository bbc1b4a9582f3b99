/**
 * Configuration, loaded and validated once: command-line flags win over environment variables, which win
 * over defaults. This is the only module that reads `process.env`; everything else receives a `Config`.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_GROSS_MARGIN } from '../domain/assumptions.js';

export const DEFAULT_DB_PATH = './keel-data/keel.duckdb';
export const DEFAULT_MEMORY_LIMIT = '2GB';

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
});
export type Config = Readonly<z.infer<typeof ConfigSchema>>;

export interface ConfigFlags {
  readonly db?: string | undefined;
  readonly databaseUrl?: string | undefined;
  readonly scorecards?: string | undefined;
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
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${issues}`);
  }
  return Object.freeze(parsed.data);
}
