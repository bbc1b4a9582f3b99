/**
 * One run of the scoring benchmark, in its own process so its peak RSS is its own. Started by
 * bench/scoring-bench.ts with a JSON task; opens the workspace copy the way `keel` does (loadConfig →
 * createContext) and prints one result line.
 *   one-date   computeHealth for every account on one date (what `keel health --as-of D` computes)
 *   record-24  recordHealth for 24 monthly dates (what `keel health record --from … --to …` does)
 */
import { loadConfig } from '../../src/config/load-config.js';
import { createContext } from '../../src/context.js';
import { computeHealth, loadHealthConfig } from '../../src/scoring/compute-health.js';
import { recordDates, recordHealth } from '../../src/scoring/record-health.js';
import { peakRssMb, timed } from '../import/instrument.js';
import { RESULT_PREFIX } from '../import/protocol.js';
import type { ScoringResult, ScoringTask } from './protocol.js';

const task = JSON.parse(process.argv[2] ?? '{}') as ScoringTask;
const ctx = await createContext(loadConfig({ db: task.dbPath }));
const config = await loadHealthConfig();
let result: ScoringResult;
if (task.kind === 'one-date') {
  const { value, timing } = await timed(() => computeHealth(ctx.db, config, task.to));
  result = { kind: task.kind, dates: 1, scores: value.length, timing, peakRssMb: peakRssMb() };
} else {
  const dates = recordDates(task.from, task.to, 'month');
  const { value, timing } = await timed(() =>
    recordHealth(ctx.db, config, dates, (m) => process.stderr.write(`  ${m}\n`)),
  );
  result = { kind: task.kind, dates: value.dates, scores: value.rows, timing, peakRssMb: peakRssMb() };
}
await ctx.close();
process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
