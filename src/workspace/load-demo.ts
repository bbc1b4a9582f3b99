/**
 * Loads the demo company into a workspace: generate the canonical files into a temporary folder and import
 * them through the same importer users run (strict), so the demo exercises the real path end to end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo, type DemoOptions } from '../demo/generate-demo.js';
import { AppError } from '../domain/errors.js';
import type { Database } from '../db/database.js';
import type { ImportReport } from '../ingest/import-files.js';
import { importIntoWorkspace } from './import-into-workspace.js';
import { countRows, emptyWorkspace } from '../db/table-rows.js';

export type LoadDemoOptions = Omit<DemoOptions, 'outDir' | 'onProgress'> & {
  readonly onProgress?: (message: string) => void;
  /** Empty every canonical table first; without it a workspace that holds data is refused. */
  readonly replace?: boolean;
};

/**
 * Two demo companies (or the demo and real data) must never mix in one workspace: ids would collide and
 * rows from both would be counted. So loading needs an empty workspace, or `replace`.
 */
export async function loadDemo(db: Database, options: LoadDemoOptions): Promise<ImportReport> {
  const { onProgress, replace, ...demo } = options;
  await db.migrate();
  const held = (await countRows(db)).filter((c) => c.rows > 0);
  if (held.length > 0 && !replace) {
    throw new AppError(
      'usage',
      `${db.description} already holds data (${held.map((c) => `${c.table}: ${c.rows}`).join(', ')}). ` +
        'Load the demo with --replace to empty the workspace first, or choose another with --db.',
    );
  }
  const outDir = await mkdtemp(join(tmpdir(), 'keel-demo-'));
  try {
    await generateDemo({
      ...demo,
      outDir,
      onProgress: (done, total) =>
        onProgress?.(
          `generating accounts: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`,
        ),
    });
    if (held.length > 0) await emptyWorkspace(db);
    const report = await importIntoWorkspace(db, {
      paths: [outDir],
      strict: true,
      rejectsFile: join(outDir, 'rejects.csv'),
      ...(onProgress ? { onProgress } : {}),
    });
    if (!report.committed || report.refusedFiles.length > 0) {
      const first = report.sample[0] ?? report.refusedFiles[0];
      throw new AppError(
        'internal',
        `the demo generator produced input the importer refused: ${JSON.stringify(first)}`,
      );
    }
    return report;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
