/**
 * Summarising the metrics benchmark's runs (medians) and rendering them: the markdown saved to
 * bench/results/metrics.md, and the same facts as JSON in bench/results/metrics.json.
 */
import { METRICS } from '../../src/metrics/metric-catalog.js';
import { median } from '../import/report.js';
import type { Machine } from '../import/report.js';
import type { Comparison } from './agreement.js';
import type { ChildResult, Contender, ProfileResult, Span } from './protocol.js';
import type { Manifest } from './workspace.js';

export interface MetricsMachine extends Machine {
  /** Fingerprint of src/metrics and src/db as measured. */
  readonly metricsCode: string;
}

export interface ContenderSummary {
  readonly contender: Contender;
  readonly workspace: string;
  readonly runs: ChildResult[];
  readonly medianSeconds: number;
  readonly medianOpenSeconds: number;
  /** Median lifetime of the child process (Node + tsx start-up, module loading, the work, exit). */
  readonly medianProcessSeconds: number;
  /** Median CPU seconds (user + system, all threads). */
  readonly medianCpuSeconds: number;
  /** Median over runs of each run's peak RSS, and the largest. */
  readonly peakRssMb: number;
  readonly maxPeakRssMb: number;
  readonly startRssMb: number;
  /** Slowest run ÷ fastest run. */
  readonly spread: number;
}

export interface Target {
  readonly name: string;
  readonly description: string;
  readonly measured: number;
  readonly limit: number;
  readonly pass: boolean;
}

export interface BenchReport {
  readonly machine: MetricsMachine;
  readonly period: string;
  readonly memoryLimit: string;
  readonly workspaces: Record<string, Manifest & { path: string }>;
  readonly contenders: ContenderSummary[];
  /** Full catalog ÷ hand-written script, wall clock and CPU. */
  readonly ratio: number;
  readonly cpuRatio: number;
  readonly catalog: { metrics: number; withValue: number; queryFamilies: number };
  readonly agreement: { tolerance: number; compared: number; disagreements: Comparison[]; all: Comparison[] };
  readonly profile: ProfileResult | null;
  readonly targets: Target[];
  readonly notes: string[];
}

export const DESCRIPTIONS: Record<Contender, string> = {
  'keel-metrics': '(a) Keel `computeMetrics`, full catalog',
  'handwritten-sql': '(b) hand-written SQL script',
  'keel-metrics-demo': '(c) Keel `computeMetrics`, full catalog, 500-account demo',
};

const cpu = (r: ChildResult): number => r.userSeconds + r.systemSeconds;

export function summarise(contender: Contender, workspace: string, runs: ChildResult[]): ContenderSummary {
  const seconds = runs.map((r) => r.seconds);
  return {
    contender,
    workspace,
    runs,
    medianSeconds: median(seconds),
    medianOpenSeconds: median(runs.map((r) => r.openSeconds)),
    medianProcessSeconds: median(runs.map((r) => r.processSeconds ?? Number.NaN)),
    medianCpuSeconds: median(runs.map(cpu)),
    peakRssMb: median(runs.map((r) => r.peakRssMb)),
    maxPeakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    startRssMb: median(runs.map((r) => r.startRssMb)),
    spread: Math.max(...seconds) / Math.min(...seconds),
  };
}

/** The run whose time is the median: its spans explain the headline number. */
export function medianRun(summary: ContenderSummary): ChildResult | undefined {
  return [...summary.runs].sort((a, b) => a.seconds - b.seconds)[Math.floor((summary.runs.length - 1) / 2)];
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const escape = (s: string): string => s.replaceAll('|', '\\|');

function table(header: string[], rows: string[][], alignRight: boolean[]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rule = `|${alignRight.map((r) => (r ? '---:' : ':---')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function resultsTable(report: BenchReport): string {
  const header = [
    'contender',
    'workspace',
    'median s',
    'CPU s',
    'peak RSS MB',
    'open s',
    'process s',
    'runs (s)',
    'vs (b)',
    'vs (b), CPU',
  ];
  const baseline = report.contenders.find((c) => c.contender === 'handwritten-sql');
  const rows = report.contenders.map((c) => {
    const comparable = baseline && c.workspace === baseline.workspace && c !== baseline;
    return [
      DESCRIPTIONS[c.contender],
      c.workspace,
      c.medianSeconds.toFixed(2),
      c.medianCpuSeconds.toFixed(2),
      c.peakRssMb.toFixed(0),
      c.medianOpenSeconds.toFixed(2),
      c.medianProcessSeconds.toFixed(2),
      c.runs.map((r) => r.seconds.toFixed(2)).join(' / '),
      comparable ? `${(c.medianSeconds / baseline.medianSeconds).toFixed(2)}×` : '–',
      comparable ? `${(c.medianCpuSeconds / baseline.medianCpuSeconds).toFixed(2)}×` : '–',
    ];
  });
  return table(header, rows, [false, false, ...header.slice(2).map(() => true)]);
}

function formatValue(v: number | null): string {
  if (v === null) return 'null';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Math.abs(v) >= 1000 ? v.toFixed(4) : v.toPrecision(10);
}

function agreementSection(report: BenchReport): string[] {
  const { tolerance, compared, disagreements, all } = report.agreement;
  const headline =
    disagreements.length === 0
      ? `All ${compared} shared values agree to ${tolerance} relative (NRR, GRR, MRR at the end, the five bridge ` +
        'amounts, MAU rate, FRT median and ticket count per channel, FCR, backlog and its aging buckets, and the ' +
        'account / ticket counts behind the ratios).'
      : `**${disagreements.length} of ${compared} shared values DISAGREE** beyond ${tolerance} relative — a bug in ` +
        'Keel or in the hand-written script; see the rows marked ✗.';
  const rows = all.map((c) => [
    escape(c.key),
    formatValue(c.keel),
    formatValue(c.handwritten),
    c.relativeDifference === 0
      ? '0'
      : Number.isFinite(c.relativeDifference)
        ? c.relativeDifference.toExponential(1)
        : 'missing',
    c.agree ? '✓' : '**✗**',
  ]);
  return [
    '## Agreement: (a) and (b) on the shared metrics',
    '',
    headline,
    '',
    table(['value', 'Keel (a)', 'hand-written (b)', 'relative difference', ''], rows, [
      false,
      true,
      true,
      true,
      false,
    ]),
    '',
  ];
}

function spansTable(spans: Span[]): string {
  const total = spans.reduce((sum, s) => sum + s.seconds, 0);
  const rows = [...spans]
    .sort((a, b) => b.seconds - a.seconds)
    .map((s) => [
      `\`${escape(s.label)}\``,
      s.seconds.toFixed(2),
      `${((100 * s.seconds) / total).toFixed(0)}%`,
    ]);
  rows.push(['total', total.toFixed(2), '100%']);
  return table(['', 'seconds', 'share'], rows, [false, true, true]);
}

/**
 * When the catalog misses the ratio target: how much faster it would have to be, and where the time goes. The
 * families are issued together in (a) and overlap on the read connections, so their spans include waits and do
 * not add up to the run; the per-family times come from the profile process, which runs each family alone.
 */
function budgetLines(report: BenchReport): string[] {
  const target = report.targets.find((t) => t.name === 'catalog-vs-handwritten');
  const keel = report.contenders.find((c) => c.contender === 'keel-metrics');
  const handwritten = report.contenders.find((c) => c.contender === 'handwritten-sql');
  const run = keel && medianRun(keel);
  const baseRun = handwritten && medianRun(handwritten);
  if (!target || target.pass || !keel || !handwritten || !run || !baseRun) return [];
  const allowed = target.limit * handwritten.medianSeconds;
  const slowestStatement = [...baseRun.spans].sort((a, b) => b.seconds - a.seconds)[0];
  const families = [...(report.profile?.families ?? [])].sort((a, b) => b.seconds - a.seconds);
  const alone = families.reduce((sum, f) => sum + f.seconds, 0);
  const top = families.slice(0, 2);
  const spans = run.spans.reduce((sum, x) => sum + x.seconds, 0);
  return [
    `**Why the ratio target is missed.** ${target.limit}× (b)'s median is ${allowed.toFixed(2)} s; (a)'s median ` +
      `is ${keel.medianSeconds.toFixed(2)} s, ${(keel.medianSeconds - allowed).toFixed(2)} s over. ` +
      `(a) issues its ${run.spans.length} queries at once on its read connections, where they overlap and wait ` +
      `for the 2 CPUs (their spans, waits included, sum to ${spans.toFixed(2)} s in a ${run.seconds.toFixed(2)} s run). ` +
      (families.length > 0
        ? `Run one at a time (the profile below) the families take ${alone.toFixed(2)} s together, of which ` +
          `${top.map((f) => `\`${f.family}\` ${f.seconds.toFixed(2)} s`).join(' and ')}. `
        : '') +
      (slowestStatement
        ? `For comparison, (b)'s slowest statement, ${slowestStatement.label}, took ${slowestStatement.seconds.toFixed(2)} s ` +
          `and all of (b)'s statements ${baseRun.spans.reduce((sum, x) => sum + x.seconds, 0).toFixed(2)} s.`
        : ''),
    '',
  ];
}

function timeSection(report: BenchReport): string[] {
  const out: string[] = [...budgetLines(report)];
  for (const contender of ['keel-metrics', 'handwritten-sql'] as const) {
    const summary = report.contenders.find((c) => c.contender === contender);
    const run = summary && medianRun(summary);
    if (!run) continue;
    out.push(
      contender === 'keel-metrics'
        ? `### (a) Keel: time per query family in its median run (run ${run.run})`
        : `### (b) hand-written script: time per statement in its median run (run ${run.run})`,
      '',
      contender === 'keel-metrics'
        ? 'Each `db.query` computeMetrics made, timed through a wrapper of the session and summed by family ' +
            '(`METRIC_QUERIES[id](period)`; the FRT-by-channel breakdown query runs once per FRT metric). The rest ' +
            'of the run is opening the file and JavaScript.'
        : 'Each statement of bench/metrics-handwritten.sql, prepared and run in order on one connection.',
      '',
      spansTable(run.spans),
      '',
    );
  }
  return out;
}

/** Whether the month's date filters can skip row groups (by their min/max statistics) or must read them all. */
function zoneMapLine(profile: ProfileResult, period: string): string {
  const counts = profile.zoneMaps
    .map(
      (z) =>
        `${z.table}.${z.column} ${int(z.skippable)} of ${int(z.rowGroups)}` +
        (z.unknown > 0 ? ` (${int(z.unknown)} without readable statistics)` : ''),
    )
    .join(', ');
  const readable = profile.zoneMaps.every((z) => z.unknown === 0);
  const none = profile.zoneMaps.every((z) => z.skippable === 0);
  return readable && none
    ? `Date filters do not shorten the scans. By their min/max statistics, no row group of a dated column lies ` +
        `wholly outside ${period} (row groups skippable: ${counts}): the generator writes account by account and ` +
        'the import keeps that order, so every row group spans the whole history and a one-month filter reads ' +
        'the whole column — for (a) and (b) alike.'
    : `Row groups a one-month filter can skip by their min/max statistics: ${counts}.`;
}

/** The catalog's metrics that read a query family's row (as their own query or through `also`). */
function metricsOf(family: string): string {
  if (family.startsWith('frt_by_channel')) return 'breakdown of the two FRT metrics';
  const ids = METRICS.filter((m) => m.query === family || (m.also ?? []).some((q) => q === family)).map(
    (m) => m.id,
  );
  return ids.join(', ');
}

function profileSection(report: BenchReport): string[] {
  const profile = report.profile;
  if (!profile) return [];
  const total = profile.families.reduce((sum, f) => sum + f.seconds, 0);
  const families = [...profile.families].sort((a, b) => b.seconds - a.seconds);
  const tableRows = report.workspaces[profile.workspace]?.rows ?? {};
  /** "usage_events 55,535,042 (2.0× the table)": rows read, and how many whole tables that is. */
  const read = (table: string, n: number) => {
    const size = tableRows[table] ?? 0;
    return size > 0 && n > 1.5 * size
      ? `${table} ${int(n)} (${(n / size).toFixed(1)}× the table)`
      : `${table} ${int(n)}`;
  };
  const rows = families.map((f) => [
    `\`${f.family}\``,
    metricsOf(f.family),
    f.seconds.toFixed(2),
    f.cpuSeconds.toFixed(2),
    `${((100 * f.seconds) / total).toFixed(0)}%`,
    Object.entries(f.scanned)
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => read(t, n))
      .join(', '),
  ]);
  const slow = families.filter((f) => f.seconds >= 0.1 * total);
  return [
    '### Each query family alone, with DuckDB’s profile',
    '',
    `A separate process ran each \`METRIC_QUERIES[id](period)\` once on the ${profile.workspace} workspace, timed ` +
      '(in `METRIC_QUERIES` order; as in (a), the first query to touch a table pays for loading it into ' +
      'DuckDB’s buffer pool), then again under DuckDB’s JSON profiler (PRAGMA enable_profiling) for its operators and the rows ' +
      'it read from each table. A row read by two scans counts twice: "N× the table" means the query scanned ' +
      'the whole table N times.',
    '',
    zoneMapLine(profile, report.period),
    '',
    table(['family', 'metrics it feeds', 'seconds', 'CPU s', 'share', 'rows read per table'], rows, [
      false,
      false,
      true,
      true,
      true,
      false,
    ]),
    '',
    ...slow.flatMap((f) => [
      `Slowest operators of \`${f.family}\` (profiled run; operator times are summed over threads):`,
      '',
      table(
        ['operator', 'seconds', 'rows out', 'detail'],
        f.operators.map((o) => [o.name, o.seconds.toFixed(2), int(o.rows), escape(o.detail)]),
        [false, true, true, false],
      ),
      '',
    ]),
  ];
}

function datasetSection(report: BenchReport): string[] {
  const names = Object.keys(report.workspaces);
  const tables = Object.keys(report.workspaces[names[0] ?? '']?.rows ?? {});
  const rows = tables.map((t) => [t, ...names.map((n) => int(report.workspaces[n]?.rows[t] ?? 0))]);
  const settings = names.map((n) => {
    const w = report.workspaces[n];
    if (!w) return '';
    const s = w.settings;
    return (
      `- **${n}**: \`generateDemo({ accounts: ${s.accounts}, months: ${s.months}, seed: ${s.seed}, end: '${s.end}' })\`, ` +
      `imported with \`importFiles\` (strict) after \`db.migrate()\`; ${(w.fileBytes / 1e9).toFixed(2)} GB DuckDB file ` +
      `\`${w.path}\`, built ${w.builtAt} (generation ${w.generateSeconds.toFixed(0)} s, import ${w.importSeconds.toFixed(0)} s${w.factsSeconds === undefined ? '' : `, of which ${w.factsSeconds.toFixed(0)} s building the usage facts the usage metrics read`}).`
    );
  });
  return [
    '## Dataset',
    '',
    ...settings,
    '',
    table(['table', ...names], rows, [false, ...names.map(() => true)]),
    '',
  ];
}

function machineSection(m: MetricsMachine): string {
  return [
    `- CPUs: ${m.cpus} × ${m.cpuModel}`,
    `- memory: ${m.totalMemoryGb.toFixed(1)} GB`,
    `- OS: ${m.os}`,
    `- Node ${m.node}, DuckDB ${m.duckdb}`,
    `- Keel commit: ${m.keel}; metrics code fingerprint ${m.metricsCode} (src/metrics, src/db)`,
    `- date: ${m.date}`,
  ].join('\n');
}

function noiseNotes(contenders: readonly ContenderSummary[]): string[] {
  return contenders
    .filter((c) => c.spread > 1.3)
    .map(
      (c) =>
        `- ${DESCRIPTIONS[c.contender]}: its slowest run took ${c.spread.toFixed(1)}× as long as its fastest ` +
        `(CPU ${c.runs.map((r) => cpu(r).toFixed(1)).join(' / ')} s). Trust the median and the CPU ratio over any single run.`,
    );
}

export function targetLines(report: BenchReport): string[] {
  return report.targets.map(
    (t) =>
      `- ${t.description}: **${t.pass ? 'PASS' : 'FAIL'}** (${t.name === 'catalog-vs-handwritten' ? `${t.measured.toFixed(2)}×, limit ${t.limit}×` : `${t.measured.toFixed(2)} s, limit ${t.limit} s`})`,
  );
}

export function renderMarkdown(report: BenchReport): string {
  const runs = report.contenders[0]?.runs.length ?? 0;
  const agreementLine =
    report.agreement.disagreements.length === 0
      ? `- (a) and (b) agree on all ${report.agreement.compared} shared values (tolerance ${report.agreement.tolerance} relative).`
      : `- **(a) and (b) DISAGREE on ${report.agreement.disagreements.length} of ${report.agreement.compared} shared values**: ` +
        report.agreement.disagreements.map((d) => escape(d.key)).join(', ') +
        ' — see "Agreement" below.';
  return [
    '# Metrics benchmark',
    '',
    `Generated by \`npm run bench:metrics\` (bench/metrics-bench.ts). Period ${report.period}. Each contender ran ${runs} ` +
      'time(s), interleaved, each run in a fresh process opening the same workspace file READ-ONLY with ' +
      `memory_limit ${report.memoryLimit} (what \`keel metrics\` uses). Times are medians of open + compute (module ` +
      'loading excluded); CPU s is user + system over all threads in the same span; peak RSS is the median of the ' +
      'runs’ VmHWM (the whole child process: Node, tsx and Keel’s modules included — `start RSS` below is that share). ' +
      '`process s` is the child’s whole life as the parent saw it, spawn to exit: Node starting, tsx compiling ' +
      'TypeScript on the fly, modules loading, the work — an upper bound on what typing the command costs (the ' +
      'published `keel` runs compiled JavaScript, without tsx).',
    '',
    resultsTable(report),
    '',
    `(a) computes the full catalog: ${report.catalog.metrics} metrics (${report.catalog.withValue} with a value), ` +
      `from ${report.catalog.queryFamilies} query families plus the FRT-by-channel breakdown. (b) computes NRR, GRR, ` +
      'the MRR bridge, MAU rate, FRT median by channel, FCR and backlog, in 5 statements.',
    '',
    '## Verdict',
    '',
    ...targetLines(report),
    agreementLine,
    '',
    ...agreementSection(report),
    '## Where the time goes',
    '',
    ...timeSection(report),
    ...profileSection(report),
    ...datasetSection(report),
    '## Notes',
    '',
    ...report.notes.map((n) => `- ${n}`),
    ...report.contenders.map(
      (c) =>
        `- ${DESCRIPTIONS[c.contender]}: start RSS (modules loaded, before opening the file) ${c.startRssMb.toFixed(0)} MB; ` +
        `largest peak ${c.maxPeakRssMb.toFixed(0)} MB.`,
    ),
    ...noiseNotes(report.contenders),
    '',
    '## Machine',
    '',
    machineSection(report.machine),
    '',
  ].join('\n');
}
