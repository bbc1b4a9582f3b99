/**
 * What the metrics benchmark's parent and its child processes say to each other: the parent passes a
 * `ChildTask` as the child's one argument; the child prints one result line (prefixed `RESULT_PREFIX`, the
 * import benchmark's) as the last line of its stdout.
 */
import { z } from 'zod';

export { RESULT_PREFIX } from '../import/protocol.js';

export const CONTENDERS = ['keel-metrics', 'handwritten-sql', 'keel-metrics-demo'] as const;
export type Contender = (typeof CONTENDERS)[number];

export const TASKS = [...CONTENDERS, 'profile-families'] as const;
export type TaskKind = (typeof TASKS)[number];

export interface ChildTask {
  readonly kind: TaskKind;
  readonly run: number;
  /** The workspace (its name, for the report), opened read-only. */
  readonly workspace: string;
  readonly dbPath: string;
  /** YYYY-MM. */
  readonly period: string;
  /** DuckDB memory_limit for every contender: what `keel metrics` runs with. */
  readonly memoryLimit: string;
  /** The hand-written script (handwritten-sql only). */
  readonly scriptPath: string;
  /** Where profile-families writes DuckDB's JSON profiles. */
  readonly workDir: string;
}

const span = z.object({ label: z.string(), seconds: z.number() });
export type Span = z.infer<typeof span>;

/** One value reported by a contender, keyed as in agreement.ts; null when the contender has none. */
const values = z.record(z.string(), z.number().nullable());
export type Values = z.infer<typeof values>;

export const childResultSchema = z.object({
  contender: z.enum(CONTENDERS),
  run: z.number(),
  /** Open the file + compute everything: what the user waits for once the program has loaded. */
  seconds: z.number(),
  openSeconds: z.number(),
  /** CPU seconds (all threads) and minor page faults during `seconds`. */
  userSeconds: z.number(),
  systemSeconds: z.number(),
  minorFaults: z.number(),
  /** The child's peak resident set (VmHWM), Node, tsx and module loading included. */
  peakRssMb: z.number(),
  /** Resident set once modules are loaded, before any work. */
  startRssMb: z.number(),
  /** Keel: metrics in the report (non-null ones in `computed`); hand-written: result sets (all computed). */
  outputs: z.number(),
  computed: z.number(),
  /** Keel: time per query family as computeMetrics ran it; hand-written: time per statement. */
  spans: z.array(span),
  values,
  /** Set by the parent: spawn to exit of the child process, Node and tsx start-up included. */
  processSeconds: z.number().optional(),
});
export type ChildResult = z.infer<typeof childResultSchema>;

/** One query family profiled alone: plain time, then DuckDB's profile of a second execution. */
const operator = z.object({
  name: z.string(),
  seconds: z.number(),
  rows: z.number(),
  detail: z.string(),
});
export type Operator = z.infer<typeof operator>;

export const profileResultSchema = z.object({
  workspace: z.string(),
  /** Per dated column the month filters use: row groups, and how many the month's zone map lets DuckDB skip. */
  zoneMaps: z.array(
    z.object({
      table: z.string(),
      column: z.string(),
      rowGroups: z.number(),
      skippable: z.number(),
      /** Row groups whose statistics could not be read. */
      unknown: z.number(),
    }),
  ),
  families: z.array(
    z.object({
      family: z.string(),
      seconds: z.number(),
      cpuSeconds: z.number(),
      /** Rows DuckDB read from base tables, per table (from the profile's table scans). */
      scanned: z.record(z.string(), z.number()),
      /** The most expensive operators of the profiled execution, slowest first. */
      operators: z.array(operator),
    }),
  ),
});
export type ProfileResult = z.infer<typeof profileResultSchema>;
