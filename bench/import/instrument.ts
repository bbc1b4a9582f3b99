/**
 * Measuring inside a child: peak memory from the kernel, the import's phases from its progress messages,
 * and time per staging statement by wrapping the `Database` port (Keel's code runs unchanged).
 */
import { readFileSync } from 'node:fs';
import type { Database, Row, Staging } from '../../src/db/database.js';
import type { Sql } from '../../src/db/sql.js';
import type { Span } from './protocol.js';

function statusKb(field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null; // not Linux
  }
}

/** Peak resident set of this process in MB: VmHWM on Linux, getrusage's maxrss elsewhere. */
export function peakRssMb(): number {
  return (statusKb('VmHWM') ?? process.resourceUsage().maxRSS) / 1024;
}

export function currentRssMb(): number {
  return (statusKb('VmRSS') ?? process.memoryUsage.rss() / 1024) / 1024;
}

export interface Timing {
  readonly seconds: number;
  /** CPU time of the whole process (all DuckDB threads) during the operation. */
  readonly userSeconds: number;
  readonly systemSeconds: number;
  /** Page faults during the operation: many minor faults plus high system time mean memory was being mapped in. */
  readonly minorFaults: number;
}

/** Wall clock, CPU time and page faults of one operation. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; timing: Timing }> {
  const before = process.resourceUsage();
  const started = performance.now();
  const value = await fn();
  const seconds = (performance.now() - started) / 1000;
  const after = process.resourceUsage();
  return {
    value,
    timing: {
      seconds,
      userSeconds: (after.userCPUTime - before.userCPUTime) / 1e6,
      systemSeconds: (after.systemCPUTime - before.systemCPUTime) / 1e6,
      minorFaults: after.minorPageFault - before.minorPageFault,
    },
  };
}

/**
 * Turns `onProgress` messages into phases. "reading x.csv: 40%" and "checking x.csv (2,500,000 rows)" are
 * the phases "reading x.csv" and "checking x.csv"; a phase lasts until the next one starts.
 */
export class PhaseClock {
  private readonly started = performance.now();
  private readonly marks: { label: string; at: number }[] = [];

  constructor(private readonly echo: (line: string) => void) {}

  readonly onProgress = (message: string): void => {
    const label = message.replace(/: \d+%$/, '').replace(/ \([\d,]+ rows\)$/, '');
    if (this.marks.at(-1)?.label === label) return;
    const at = performance.now();
    this.marks.push({ label, at });
    this.echo(`  ${((at - this.started) / 1000).toFixed(1).padStart(6)} s  ${message}`);
  };

  phases(): Span[] {
    const end = performance.now();
    return this.marks.map((m, i) => ({
      label: m.label,
      seconds: ((this.marks[i + 1]?.at ?? end) - m.at) / 1000,
    }));
  }
}

/** Statement text without parameters' values, whitespace collapsed and shortened: "the same statement" key. */
function shape(q: Sql): string {
  const text = q.toQuery().text.replace(/\s+/g, ' ').trim();
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** Sums time per statement shape across every staging call made through the wrapped database. */
export class StatementClock {
  private readonly totals = new Map<string, number>();

  private add(label: string, ms: number): void {
    this.totals.set(label, (this.totals.get(label) ?? 0) + ms);
  }

  private async time<T>(label: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.add(label, performance.now() - started);
    }
  }

  private wrapStaging(staging: Staging): Staging {
    return {
      run: <T extends Row = Row>(q: Sql, onProgress?: (percent: number) => void) =>
        this.time(shape(q), () => staging.run<T>(q, onProgress)),
      snapshot: (table, columns, into) =>
        this.time(`snapshot ${table.name} into ${into}`, () => staging.snapshot(table, columns, into)),
      publish: (plans) =>
        this.time(`publish (upsert ${plans.map((p) => p.table.name).join(', ')} in one transaction)`, () =>
          staging.publish(plans),
        ),
      copyToFile: (q, path, format) =>
        this.time(`copy to ${format}: ${shape(q)}`, () => staging.copyToFile(q, path, format)),
      close: () => this.time('close staging (drop temp tables)', () => staging.close()),
    };
  }

  /** The same database, its staging areas timed. */
  wrap(db: Database): Database {
    return { ...db, openStaging: async () => this.wrapStaging(await db.openStaging()) };
  }

  statements(): Span[] {
    return [...this.totals]
      .map(([label, ms]) => ({ label, seconds: ms / 1000 }))
      .sort((a, b) => b.seconds - a.seconds);
  }
}
