/**
 * `keel quickstart`: make sure the workspace exists and holds the demo company (workspace/prepare-demo.ts),
 * then print what is in it and what to try next. It never overwrites a workspace that already has data.
 */
import type { Context } from '../../context.js';
import { prepareDemoWorkspace } from '../../workspace/prepare-demo.js';
import { countRows } from '../../db/table-rows.js';
import { EXIT_OK, formatTable, printLine, progressLine } from '../output.js';
import { demoSettings } from './demo-command.js';

export async function quickstartCommand(ctx: Context): Promise<number> {
  const progress = progressLine(true);
  progress.update(`Preparing ${ctx.db.description} …`);
  const loaded = await prepareDemoWorkspace(ctx.db, ctx.config, demoSettings({}), (m) => progress.update(m));
  progress.done();
  if (loaded) printLine(`Loaded the demo company into ${ctx.db.description}, with a year of health history.`);
  else {
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
  printLine('Keel is ready. `npm start` serves the web dashboard on the demo; on the command line:');
  printLine(
    '  npx keel metrics                        the metric catalog for the last complete month, graded',
  );
  printLine('  npx keel metrics --by segment           … and per segment');
  printLine('  npx keel export ./keel-export           every canonical table as CSV');
  printLine('  npx keel import ./my-data --strict      load your own <table>.csv / .jsonl / .parquet files');
  printLine('  npx keel --help                         all commands');
  return EXIT_OK;
}
