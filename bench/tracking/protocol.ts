/**
 * What the tracking benchmark and its server child say to each other: the parent passes a `ServerTask` as the
 * child's one argument; the child prints `READY {url, writeKey}` once it listens, and after "stop" on its stdin
 * one `BENCH_RESULT` line with what it did and what the workspace holds.
 */
import { z } from 'zod';

export const CONTENDERS = ['bare-endpoint', 'bare-hono', 'keel-duckdb', 'keel-postgres'] as const;
export type Contender = (typeof CONTENDERS)[number];

export interface ServerTask {
  readonly contender: Contender;
  /** keel-duckdb: the workspace file (created fresh). */
  readonly dbPath?: string;
  /** keel-postgres: a URL whose search_path is a schema the benchmark may drop. */
  readonly postgresUrl?: string;
}

export const READY_PREFIX = 'READY ';
export const RESULT_PREFIX = 'BENCH_RESULT ';

export const readySchema = z.object({ url: z.string(), writeKey: z.string() });

export const serverResultSchema = z.object({
  contender: z.enum(CONTENDERS),
  /** CPU seconds of the server process (all threads: Node and the embedded DuckDB) while it served. */
  cpuSeconds: z.number(),
  peakRssMb: z.number(),
  /** Keel only: what the workspace holds after the run, for the exactly-once check. */
  usageEvents: z.number().nullable(),
  distinctUsageIds: z.number().nullable(),
  /** Keel only: rows in the ingestion log (one per request it answered). */
  requestsCommitted: z.number().nullable(),
});
export type ServerResult = z.infer<typeof serverResultSchema>;
