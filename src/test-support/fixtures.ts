/** Writes hand-made canonical files into the test's folder and imports them strictly: the usual test set-up. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importFiles } from '../ingest/import-files.js';
import type { BackendContext } from './backends.js';

export async function importFixture(
  ctx: BackendContext,
  files: Readonly<Record<string, string>>,
  folder = 'fixture',
): Promise<void> {
  const dir = join(ctx.dir, folder);
  await mkdir(dir, { recursive: true });
  for (const [name, body] of Object.entries(files))
    await writeFile(join(dir, name), body.endsWith('\n') ? body : body + '\n');
  const report = await importFiles(ctx.db, {
    paths: [dir],
    strict: true,
    rejectsFile: join(ctx.dir, `${folder}-rejects.csv`),
  });
  if (!report.committed) {
    throw new Error(`fixture rejected: ${JSON.stringify(report.sample[0] ?? report.refusedFiles[0])}`);
  }
}
