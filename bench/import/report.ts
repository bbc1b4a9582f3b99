/**
 * Summarising runs (medians) and rendering them: the markdown table printed and saved to
 * bench/results/import.md, and the same facts as JSON in bench/results/import.json.
 */
import type { ChildResult, Contender, Span } from './protocol.js';

export interface Machine {
  readonly keel: string;
  /** Fingerprint of src/ingest, src/db and src/domain as measured. */
  readonly importCode: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemoryGb: number;
  readonly os: string;
  readonly node: string;
  readonly duckdb: string;
  readonly postgres: string | null;
  readonly date: string;
}

export interface ContenderSummary {
  readonly contender: Contender;
  readonly rows: number;
  readonly runs: ChildResult[];
  readonly medianSeconds: number;
  readonly rowsPerSecond: number;
  /** Median over runs of each run's peak RSS. */
  readonly peakRssMb: number;
  readonly maxPeakRssMb: number;
  /** Median CPU seconds (user + system, all threads) of the timed operation: steadier than wall clock on a shared VM. */
  readonly medianCpuSeconds: number;
  /** Slowest run ÷ fastest run: how noisy the wall clock was. */
  readonly spread: number;
  /** Throughput relative to DuckDB's read_csv; null when read_csv was not measured. */
  readonly ratio: number | null;
  /** read_csv's CPU seconds ÷ this contender's: the same ratio measured in CPU time. */
  readonly cpuRatio: number | null;
}

export interface BenchReport {
  readonly machine: Machine;
  readonly dataset: { rows: number; accounts: number; eventsCsvBytes: number };
  readonly contenders: ContenderSummary[];
  readonly skipped: { contender: Contender; reason: string }[];
  readonly notes: string[];
  /** One memory-capped import of a larger file: RSS must stay far below the file's size. */
  readonly scale: {
    rows: number;
    eventsCsvBytes: number;
    memoryLimit: string;
    seconds: number;
    peakRssMb: number;
  } | null;
  /** The bar on throughput (wall clock), and the same ratio in CPU time for a second opinion. */
  readonly acceptance: {
    threshold: number;
    ratio: number;
    pass: boolean;
    cpuRatio: number;
    cpuPass: boolean;
  };
}

const DESCRIPTIONS: Record<Contender, string> = {
  'keel-duckdb': 'Keel import → DuckDB',
  'keel-duckdb-256mb': 'Keel import → DuckDB, memory_limit 256MB (file is larger)',
  'duckdb-read_csv': 'DuckDB read_csv (CTAS)',
  'keel-postgres': 'Keel import → PostgreSQL',
};

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

export function summarise(
  contender: Contender,
  runs: ChildResult[],
  baseline: ContenderSummary | null,
): ContenderSummary {
  const rows = runs[0]?.rows ?? 0;
  const seconds = runs.map((r) => r.seconds);
  const medianSeconds = median(seconds);
  const rowsPerSecond = rows / medianSeconds;
  const medianCpuSeconds = median(runs.map((r) => r.userSeconds + r.systemSeconds));
  return {
    contender,
    rows,
    runs,
    medianSeconds,
    rowsPerSecond,
    peakRssMb: median(runs.map((r) => r.peakRssMb)),
    maxPeakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    medianCpuSeconds,
    spread: Math.max(...seconds) / Math.min(...seconds),
    ratio: baseline ? rowsPerSecond / baseline.rowsPerSecond : null,
    cpuRatio: baseline ? baseline.medianCpuSeconds / medianCpuSeconds : null,
  };
}

/** The run whose time is the median: its phases and statements explain the headline number. */
export function medianRun(summary: ContenderSummary): ChildResult | undefined {
  return [...summary.runs].sort((a, b) => a.seconds - b.seconds)[Math.floor((summary.runs.length - 1) / 2)];
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function table(header: string[], rows: string[][], alignRight: boolean[]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rule = `|${alignRight.map((r) => (r ? '---:' : ':---')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function resultsTable(report: BenchReport): string {
  const header = ['contender', 'rows', 'median s', 'rows/s', 'peak RSS MB', 'vs read_csv', 'runs (s)'];
  const rows = report.contenders.map((c) => [
    DESCRIPTIONS[c.contender],
    int(c.rows),
    c.medianSeconds.toFixed(2),
    int(c.rowsPerSecond),
    c.peakRssMb.toFixed(0),
    c.ratio === null ? '–' : `${c.ratio.toFixed(2)}×`,
    c.runs.map((r) => r.seconds.toFixed(2)).join(' / '),
    c.medianCpuSeconds.toFixed(1),
    c.cpuRatio === null ? '–' : `${c.cpuRatio.toFixed(2)}×`,
  ]);
  return table([...header, 'CPU s', 'vs read_csv (CPU)'], rows, [
    false,
    ...header.slice(1).map(() => true),
    true,
    true,
  ]);
}

function spans(spansOf: Span[], limit: number): string {
  const total = spansOf.reduce((sum, s) => sum + s.seconds, 0);
  const rows = spansOf
    .slice(0, limit)
    .map((s) => [
      `\`${s.label.replaceAll('|', '\\|')}\``,
      s.seconds.toFixed(2),
      `${((100 * s.seconds) / total).toFixed(0)}%`,
    ]);
  return table(['', 'seconds', 'share'], rows, [false, true, true]);
}

function breakdown(summary: ContenderSummary): string {
  const run = medianRun(summary);
  if (!run || run.phases.length === 0) return '';
  return [
    `## Where ${DESCRIPTIONS[summary.contender]} spends its time (median run, run ${run.run})`,
    '',
    'Phases, from `onProgress` messages (a phase lasts until the next message):',
    '',
    spans(run.phases, 20),
    '',
    'Slowest staging statements (the `Database` port wrapped with a timer; same-shaped statements summed):',
    '',
    spans(run.statements, 8),
  ].join('\n');
}

const cpuSeconds = (r: ChildResult): number => r.userSeconds + r.systemSeconds;

/** Wall clock on a shared VM can swing a lot between identical runs; say so when it did. */
function noiseNotes(contenders: readonly ContenderSummary[]): string[] {
  return contenders
    .filter((c) => c.spread > 1.3)
    .map((c) => {
      const cpu = c.runs.map(cpuSeconds);
      const steadyCpu = Math.max(...cpu) / Math.min(...cpu) < 1.15;
      return (
        `- ${DESCRIPTIONS[c.contender]}: its slowest run took ${c.spread.toFixed(1)}× as long as its fastest; CPU time was ` +
        `${cpu.map((s) => s.toFixed(1)).join(' / ')} s` +
        (steadyCpu ? ' — the machine varied, not the work.' : '.') +
        ' Trust the median and the CPU ratio over any single run.'
      );
    });
}

function machineFacts(m: Machine): string {
  return [
    `- CPUs: ${m.cpus} × ${m.cpuModel}`,
    `- memory: ${m.totalMemoryGb.toFixed(1)} GB`,
    `- OS: ${m.os}`,
    `- Node ${m.node}, DuckDB ${m.duckdb}${m.postgres ? `, ${m.postgres}` : ''}`,
    `- Keel commit: ${m.keel}; import code fingerprint ${m.importCode} (src/ingest, src/db, src/domain)`,
    `- date: ${m.date}`,
  ].join('\n');
}

export function renderMarkdown(report: BenchReport): string {
  const { dataset, acceptance } = report;
  const verdict = acceptance.pass ? 'PASS' : 'FAIL';
  return [
    '# Import benchmark',
    '',
    `Generated by \`npm run bench\` (bench/import-bench.ts). Input: a canonical \`usage_events.csv\` of ` +
      `${int(dataset.rows)} rows (${(dataset.eventsCsvBytes / 1e6).toFixed(0)} MB) referencing ${int(dataset.accounts)} ` +
      `accounts. Each contender ran ${report.contenders[0]?.runs.length ?? 0} time(s), each in its own process on fresh files; ` +
      'times are medians, peak RSS is the median of the runs’ peaks (the child process’s VmHWM, Node and tsx included).',
    '',
    resultsTable(report),
    '',
    '`vs read_csv` is the throughput ratio (read_csv’s median time ÷ this contender’s). `CPU s` is the median CPU time ' +
      '(user + system, all threads) of the timed operation and `vs read_csv (CPU)` the same ratio in CPU time, ' +
      'which is steadier than wall clock on a shared machine. Runs are listed in the order they were taken.',
    '',
    `Acceptance bar: Keel on DuckDB ≥ ${acceptance.threshold}× read_csv throughput — ` +
      `**${verdict}** (${acceptance.ratio.toFixed(2)}×; in CPU time ${acceptance.cpuRatio.toFixed(2)}×` +
      `${acceptance.pass === acceptance.cpuPass ? '' : ', which disagrees: the wall clock was noisy, rerun before trusting this'}).`,
    '',
    ...report.skipped.map((s) => `- ${DESCRIPTIONS[s.contender]} skipped: ${s.reason}`),
    ...report.notes.map((n) => `- ${n}`),
    ...noiseNotes(report.contenders),
    '',
    ...scaleSection(report),
    '## Machine',
    '',
    machineFacts(report.machine),
    '',
    report.contenders
      .map(breakdown)
      .filter((b) => b !== '')
      .join('\n\n'),
    '',
  ].join('\n');
}

function scaleSection(report: BenchReport): string[] {
  const scale = report.scale;
  if (!scale) return [];
  return [
    '## Memory at scale',
    '',
    `One import of a ${int(scale.rows)}-row usage_events.csv (${(scale.eventsCsvBytes / 1e6).toFixed(0)} MB) with ` +
      `DuckDB's memory_limit at ${scale.memoryLimit}: ${scale.seconds.toFixed(1)} s, peak RSS ` +
      `${scale.peakRssMb.toFixed(0)} MB (Node and tsx included) — the file streams through disk-backed staging ` +
      'instead of being held in memory.',
    '',
  ];
}
