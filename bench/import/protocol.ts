/**
 * What the benchmark parent and its child processes say to each other: the parent passes a `ChildTask` as
 * the child's one argument; the child prints one `ChildResult` as the last line of its stdout.
 */
import { z } from 'zod';

export const CONTENDERS = ['keel-duckdb', 'keel-duckdb-256mb', 'duckdb-read_csv', 'keel-postgres'] as const;
export type Contender = (typeof CONTENDERS)[number];

export interface ChildTask {
  readonly contender: Contender;
  readonly run: number;
  readonly rows: number;
  readonly accounts: number;
  readonly eventsCsv: string;
  readonly accountsCsv: string;
  /** Where this run's database and rejects files go; removed after the run. */
  readonly workDir: string;
}

const span = z.object({ label: z.string(), seconds: z.number() });
export type Span = z.infer<typeof span>;

export const childResultSchema = z.object({
  contender: z.enum(CONTENDERS),
  run: z.number(),
  rows: z.number(),
  /** The timed operation only (for Keel: `importFiles` of usage_events.csv). */
  seconds: z.number(),
  /** CPU seconds (all threads) and minor page faults during the timed operation. */
  userSeconds: z.number(),
  systemSeconds: z.number(),
  minorFaults: z.number(),
  /** The child's peak resident set (VmHWM), everything it did included. */
  peakRssMb: z.number(),
  /** Resident set once modules are loaded, before any work: the harness's own share of the peak. */
  startRssMb: z.number(),
  /** Keel only: the import's phases, from its progress messages. */
  phases: z.array(span),
  /** Keel only: time per staging statement (summed by statement shape), slowest first. */
  statements: z.array(span),
});
export type ChildResult = z.infer<typeof childResultSchema>;

export const RESULT_PREFIX = 'BENCH_RESULT ';
