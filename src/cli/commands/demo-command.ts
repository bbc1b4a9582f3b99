/** `keel demo [--accounts N] [--months M] [--seed S] [--end DATE] [--out DIR]` — files to DIR, or load the workspace. */
import { resolve } from 'node:path';
import type { Context } from '../../context.js';
import { generateDemo } from '../../demo/generate-demo.js';
import { AppError } from '../../domain/errors.js';
import { loadDemo } from '../../workspace/load-demo.js';
import { countRows } from '../../db/table-rows.js';
import { EXIT_OK, formatTable, printJson, printLine, progressLine } from '../output.js';

export interface DemoCommandOptions {
  readonly accounts?: string;
  readonly months?: string;
  readonly seed?: string;
  readonly end?: string;
  readonly out?: string;
  readonly replace?: boolean;
  readonly json?: boolean;
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value))
    throw new AppError('usage', `--${name} must be a whole number, not ${JSON.stringify(value)}`);
  return Number(value);
}

export function demoSettings(options: DemoCommandOptions, now = new Date()) {
  const end = options.end ?? now.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(end) || Number.isNaN(Date.parse(`${end}T00:00:00Z`))) {
    throw new AppError('usage', `--end must be a date YYYY-MM-DD, not ${JSON.stringify(end)}`);
  }
  const accounts = integer('accounts', options.accounts, 500);
  const months = integer('months', options.months, 24);
  if (accounts < 1) throw new AppError('usage', '--accounts must be at least 1');
  if (months < 1 || months > 120) throw new AppError('usage', '--months must be between 1 and 120');
  return { accounts, months, seed: integer('seed', options.seed, 1), end };
}

/** `ctx` is null with --out: writing files needs no workspace. */
export async function demoCommand(ctx: Context | null, options: DemoCommandOptions): Promise<number> {
  const settings = demoSettings(options);
  const what = `demo company (seed ${settings.seed}, ${settings.accounts} accounts, ${settings.months} months to ${settings.end})`;
  const progress = progressLine(!options.json);
  const usage = (e: unknown) => {
    throw e instanceof AppError ? e : new AppError('usage', e instanceof Error ? e.message : String(e));
  };
  if (options.out || !ctx) {
    const outDir = resolve(options.out ?? '.');
    const result = await generateDemo({
      ...settings,
      outDir,
      onProgress: (done, total) => progress.update(`generating accounts: ${done} / ${total}`),
    }).catch(usage);
    progress.done();
    if (options.json) printJson({ outDir, ...settings, files: result.files });
    else {
      printLine(
        formatTable(
          ['table', 'rows', 'file'],
          result.files.map((f) => [f.table, f.rows, f.path]),
        ),
      );
      printLine(`\n${what} written to ${outDir}`);
    }
    return EXIT_OK;
  }
  const report = await loadDemo(ctx.db, {
    ...settings,
    replace: options.replace ?? false,
    onProgress: (m) => progress.update(m),
  });
  progress.done();
  const counts = await countRows(ctx.db);
  if (options.json) printJson({ workspace: ctx.db.description, ...settings, tables: report.tables });
  else {
    printLine(
      formatTable(
        ['table', 'rows now'],
        counts.map((c) => [c.table, c.rows]),
      ),
    );
    printLine(`\n${what} loaded into ${ctx.db.description}`);
  }
  return EXIT_OK;
}
