/** `keel maturity [--as-of DATE] [--json]` — a thin adapter over assessMaturity. */
import type { Context } from '../../context.js';
import { assessMaturity, PHASES } from '../../scoring/maturity.js';
import { resolveAsOf } from '../as-of.js';
import { EXIT_OK, formatTable, printJson, printLine } from '../output.js';

const pct = (v: number, digits = 0) => `${(v * 100).toFixed(digits)}%`;
const measured = (v: number | null, unit: 'share' | 'count') =>
  v === null ? 'n/a' : unit === 'share' ? pct(v) : v.toLocaleString('en-US');
const needs = (threshold: number, unit: 'share' | 'count') =>
  `≥ ${unit === 'share' ? pct(threshold) : threshold}`;
const phaseName = (n: number) => PHASES.find((p) => p.number === n)?.name ?? String(n);

export async function maturityCommand(
  ctx: Context,
  options: { asOf?: string; json?: boolean },
): Promise<number> {
  await ctx.db.migrate();
  const a = await assessMaturity(ctx.db, await resolveAsOf(ctx, options.asOf));
  if (options.json) {
    printJson(a);
    return EXIT_OK;
  }
  printLine(
    `Customer-success maturity on ${a.asOf}: phase ${a.phase.number} — ${a.phase.name} (seed NRR ~${pct(a.phase.nrrBenchmark)})`,
  );
  const window = `trailing 12 months ${a.nrr.period.start} → ${a.nrr.period.end}`;
  if (a.nrr.value === null || a.nrr.vsPhaseBenchmark === null) {
    printLine(`NRR (${window}): not measurable — no account was paying at the start of the window`);
  } else {
    const diff = a.nrr.vsPhaseBenchmark * 100;
    const level = a.nrr.levelOfPhase ?? 1;
    const floor = PHASES[0];
    const where =
      a.nrr.value < floor.nrrBenchmark
        ? a.phase.number === 1
          ? ''
          : ` — below even ${floor.name}'s ~${pct(floor.nrrBenchmark)}`
        : level === a.phase.number
          ? ' — in line with the phase'
          : ` — the level the seed puts at phase ${level} (${phaseName(level)}, ~${pct(PHASES[level - 1]?.nrrBenchmark ?? 0)})`;
    printLine(
      `NRR (${window}, ${a.nrr.n.toLocaleString('en-US')} accounts): ${pct(a.nrr.value, 1)}, ` +
        `${Math.abs(diff).toFixed(1)} points ${diff >= 0 ? 'above' : 'below'} ${a.phase.name}'s ~${pct(a.phase.nrrBenchmark)}${where}`,
    );
    // The phase comes from practices; say plainly when results lag or lead them.
    if (level < a.phase.number)
      printLine('The practices are ahead of the results: retention and expansion have not caught up yet.');
    else if (level > a.phase.number)
      printLine('The results are ahead of the practices: NRR already reaches a later phase’s benchmark.');
  }
  printLine('');
  printLine(
    formatTable(
      ['phase', 'criterion', 'met', 'value', 'needs', 'evidence'],
      a.criteria.map((c) => [
        String(c.phase),
        c.name,
        c.met ? '✓' : '✗',
        measured(c.value, c.unit),
        needs(c.threshold, c.unit),
        c.evidence,
      ]),
    ),
  );
  printLine('');
  const next = a.nextPhase;
  if (next === null) {
    printLine('Phase 4 (Transformation) is the last phase: every criterion is met.');
  } else {
    printLine(`To reach phase ${next.number} (${next.name}, seed NRR ~${pct(next.nrrBenchmark)}):`);
    for (const n of next.needs) {
      printLine(
        `  ✗ ${n.name}: ${measured(n.value, n.unit)}, needs ${needs(n.threshold, n.unit)} — ${n.action}`,
      );
    }
    if (next.nrrGap !== null) {
      printLine(
        next.nrrGap > 0
          ? `  NRR is ${(next.nrrGap * 100).toFixed(1)} points short of the phase's ~${pct(next.nrrBenchmark)}`
          : `  NRR already reaches the phase's ~${pct(next.nrrBenchmark)}`,
      );
    }
    // A company held back by one missing basic should see how much of the later phases it already has.
    const later = [...new Set(a.criteria.map((c) => c.phase))].filter((p) => p > next.number);
    const progress = later.map((p) => {
      const of = a.criteria.filter((c) => c.phase === p);
      return `phase ${p}: ${of.filter((c) => c.met).length} of ${of.length}`;
    });
    if (progress.length > 0) printLine(`  Criteria of later phases already met: ${progress.join('; ')}`);
  }
  printLine('');
  printLine('Not visible in the data (judge these yourself):');
  for (const n of a.notAssessed) printLine(`  phase ${n.phase}: ${n.characteristic}`);
  printLine(
    `Phases and NRR benchmarks: ${a.source}. Measures and thresholds: src/scoring/maturity.ts (\`--json\` has each criterion's measure).`,
  );
  return EXIT_OK;
}
