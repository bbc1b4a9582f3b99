/**
 * `keel quickstart` (what `npm start` runs): make sure the workspace exists and holds the demo company,
 * then print what is in it and what to try next. It never overwrites a workspace that already has data.
 */
import type { Context } from '../../context.js';
import { loadDemo } from '../../workspace/load-demo.js';
import { countRows } from '../../db/table-rows.js';
import { EXIT_OK, formatTable, printLine, progressLine } from '../output.js';
import { demoSettings } from './demo-command.js';

export async function quickstartCommand(ctx: Context): Promise<number> {
  await ctx.db.migrate();
  const before = await countRows(ctx.db);
  if (before.every((c) => c.rows === 0)) {
    printLine(`Loading the demo company into ${ctx.db.description} …`);
    const progress = progressLine(true);
    await loadDemo(ctx.db, { ...demoSettings({}), onProgress: (m) => progress.update(m) });
    progress.done();
  } else {
    printLine(
      `${ctx.db.description} already holds data; left as it is (\`npx keel demo --replace\` loads the demo afresh).`,
    );
  }
  const counts = await countRows(ctx.db);
  printLine('');
  printLine(
    formatTable(
      ['table', 'rows'],
      counts.map((c) => [c.table, c.rows]),
    ),
  );
  printLine('');
  printLine('Keel is ready. The web dashboard is not built yet; meanwhile:');
  printLine(
    '  npx keel metrics                        the metric catalog for the last complete month, graded',
  );
  printLine('  npx keel metrics --by segment           … and per segment');
  printLine('  npx keel export ./keel-export           every canonical table as CSV');
  printLine('  npx keel import ./my-data --strict      load your own <table>.csv / .jsonl / .parquet files');
  printLine('  npx keel --help                         all commands');
  return EXIT_OK;
}
