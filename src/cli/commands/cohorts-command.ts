/** `keel cohorts [--through YYYY-MM] [--months N] [--json]` — a thin adapter over computeCohorts. */
import type { Context } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { computeCohorts } from '../../metrics/cohorts.js';
import { defaultPeriod } from '../../metrics/compute-metrics.js';
import { parsePeriod } from '../../metrics/period.js';
import { EXIT_OK, formatTable, printJson, printLine } from '../output.js';

export interface CohortsCommandOptions {
  readonly through?: string;
  readonly months?: string;
  readonly json?: boolean;
}

export async function cohortsCommand(ctx: Context, options: CohortsCommandOptions): Promise<number> {
  await ctx.db.migrate();
  const count = options.months === undefined ? 12 : Number(options.months);
  if (!Number.isInteger(count) || count < 1 || count > 120)
    throw new AppError('usage', '--months must be a whole number from 1 to 120');
  let through = await defaultPeriod(ctx.db);
  if (options.through) {
    const parsed = parsePeriod(options.through);
    if (!parsed || !/^\d{4}-\d{2}$/.test(options.through))
      throw new AppError(
        'usage',
        `--through must be a month YYYY-MM, not ${JSON.stringify(options.through)}`,
      );
    through = parsed;
  }
  const cohorts = await computeCohorts(ctx.db, through, count);
  if (options.json) {
    printJson({ through: through.label, cohorts });
    return EXIT_OK;
  }
  const width = Math.max(0, ...cohorts.map((c) => c.months.length));
  const pct = (v: number | null | undefined) =>
    v === null || v === undefined ? '' : `${(v * 100).toFixed(0)}%`;
  const table = (title: string, pick: 'logoRetention' | 'mrrRetention') => {
    printLine(title);
    printLine(
      formatTable(
        ['cohort', 'accounts', ...Array.from({ length: width }, (_, k) => `m${k}`)],
        cohorts.map((c) => [
          c.cohort,
          c.accounts,
          ...Array.from({ length: width }, (_, k) => pct(c.months[k]?.[pick])),
        ]),
      ),
    );
  };
  table(
    `Logo retention by first paid month, through ${through.label} (month 0 = first day after the cohort month)\n`,
    'logoRetention',
  );
  printLine('');
  table('MRR retention\n', 'mrrRetention');
  return EXIT_OK;
}
