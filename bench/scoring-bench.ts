/**
 * Scoring benchmark (`npm run bench:scoring`): the time and peak memory of health scoring on a 20,000-account
 * company — every account on one date, and 24 monthly dates recorded into the history table.
 *
 * How: the company is generated and imported once by Keel's own generator and importer into
 * bench/work/scoring/ (bench/metrics/workspace.ts; reused while its manifest matches). Each run copies that
 * file (recording writes to it) and scores in a fresh child process (bench/scoring/child.ts), so the peak RSS
 * is the run's own. Results: bench/results/scoring.{md,json}.
 */
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_MEMORY_LIMIT } from '../src/config/load-config.js';
import { machineFacts, settle } from './import/machine.js';
import { ensureWorkspace, type WorkspaceSettings } from './metrics/workspace.js';
import type { ScoringResult, ScoringTask } from './scoring/protocol.js';
import { log, positiveInt, runBenchmark, runChildScript } from './run-child.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_DIR = dirname(BENCH_DIR);
const WORK_DIR = join(BENCH_DIR, 'work', 'scoring');
const RESULTS_DIR = join(BENCH_DIR, 'results');
const CHILD = join(BENCH_DIR, 'scoring', 'child.ts');

const COMPANY: WorkspaceSettings = { accounts: 20_000, months: 24, seed: 42, end: '2026-01-01' };
/** The 24 monthly as-of dates: the month starts of 2024-01 … 2025-12. */
const FROM = '2024-01-01';
const TO = '2025-12-01';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { runs: { type: 'string' } } });
  const runs = positiveInt(values.runs, '--runs', 1);
  const workspace = await ensureWorkspace(REPO_DIR, join(WORK_DIR, 'company'), 'company', COMPANY, null, log);
  const copy = join(WORK_DIR, 'run.duckdb');
  const results: ScoringResult[] = [];
  for (let run = 1; run <= runs; run++) {
    for (const kind of ['one-date', 'record-24'] as const) {
      await rm(copy, { force: true });
      await rm(`${copy}.wal`, { force: true });
      await copyFile(workspace.path, copy);
      await settle();
      log(`run ${run}/${runs}: ${kind}`);
      const task: ScoringTask = { kind, dbPath: copy, from: FROM, to: TO };
      const { result } = await runChildScript(CHILD, task, kind);
      const r = result as ScoringResult;
      log(
        `  ${r.scores.toLocaleString('en-US')} scores in ${r.timing.seconds.toFixed(1)} s, peak RSS ${r.peakRssMb.toFixed(0)} MB`,
      );
      results.push(r);
    }
  }
  await rm(copy, { force: true });
  const machine = await machineFacts(REPO_DIR, null);
  const median = (kind: ScoringResult['kind']) => {
    const xs = results.filter((r) => r.kind === kind).sort((a, b) => a.timing.seconds - b.timing.seconds);
    return xs[Math.floor((xs.length - 1) / 2)];
  };
  const rows = (['one-date', 'record-24'] as const).map((kind) => {
    const r = median(kind);
    if (!r) throw new Error(`no ${kind} result`);
    return `| ${kind === 'one-date' ? `one date (${TO}), computed` : `24 monthly dates (${FROM} … ${TO}), recorded`} | ${r.dates} | ${r.scores.toLocaleString('en-US')} | ${r.timing.seconds.toFixed(1)} s | ${(r.timing.seconds / r.dates).toFixed(2)} s | ${(r.timing.userSeconds + r.timing.systemSeconds).toFixed(1)} s | ${r.peakRssMb.toFixed(0)} MB |`;
  });
  const md = [
    '# Scoring benchmark',
    '',
    `Health scores (scorecards/default.json) for a ${COMPANY.accounts.toLocaleString('en-US')}-account company ` +
      `(${COMPANY.months} months, seed ${COMPANY.seed}: ${Object.entries(workspace.manifest.rows)
        .filter(([t]) => ['usage_events', 'tickets', 'surveys', 'subscriptions'].includes(t))
        .map(([t, n]) => `${n.toLocaleString('en-US')} ${t}`)
        .join(
          ', ',
        )}), DuckDB memory_limit ${DEFAULT_MEMORY_LIMIT}. Median of ${runs} run(s), each in a fresh process on a fresh copy of the workspace.`,
    '',
    '| task | dates | scores | time | per date | CPU time | peak RSS |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryGb.toFixed(0)} GB RAM, Node ${machine.node}, DuckDB ${machine.duckdb}, Keel ${machine.keel}. Produced by \`npm run bench:scoring\` on ${new Date().toISOString().slice(0, 10)}.`,
    '',
  ].join('\n');
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(join(RESULTS_DIR, 'scoring.md'), md);
  await writeFile(
    join(RESULTS_DIR, 'scoring.json'),
    JSON.stringify({ company: COMPANY, machine, results }, null, 2),
  );
  process.stdout.write(md);
  return 0;
}

runBenchmark(main);
