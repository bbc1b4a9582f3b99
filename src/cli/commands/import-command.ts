/** `keel import PATH… [--strict] [--rejects FILE] [--map FILE]` — a thin adapter over importIntoWorkspace. */
import { resolve } from 'node:path';
import type { Context } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { loadImportMapping } from '../../ingest/import-mapping.js';
import type { ImportReport } from '../../ingest/import-files.js';
import { importIntoWorkspace } from '../../workspace/import-into-workspace.js';
import {
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_REJECTED,
  formatTable,
  printJson,
  printLine,
  progressLine,
} from '../output.js';

export interface ImportCommandOptions {
  readonly strict?: boolean;
  readonly rejects?: string;
  readonly map?: string;
  readonly json?: boolean;
}

export function defaultRejectsFile(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return resolve(`keel-rejects-${stamp}.csv`);
}

export function printImportReport(report: ImportReport): void {
  printLine(
    formatTable(
      ['table', 'read', 'inserted', 'updated', 'unchanged', 'rejected'],
      report.tables.map((t) => [t.table, t.read, t.inserted, t.updated, t.unchanged, t.rejected]),
    ),
  );
  for (const t of report.tables) {
    if (t.ignoredColumns.length)
      printLine(`note: ${t.table}: ignored columns not in the contract: ${t.ignoredColumns.join(', ')}`);
  }
  for (const w of report.warnings) {
    printLine(
      `warning: ${w.table}: ${w.rows.toLocaleString('en-US')} row(s) ${w.message} (loaded; e.g. ${w.examples.join(', ')})`,
    );
  }
  for (const s of report.skippedFiles) printLine(`skipped ${s.path}: ${s.reason}`);
  for (const f of report.refusedFiles) printLine(`REFUSED ${f.file} (${f.table}): ${f.reason}`);
  if (report.rejectedRows > 0) {
    printLine(`\n${report.rejectedRows.toLocaleString('en-US')} row(s) rejected:`);
    for (const r of report.sample.slice(0, 20))
      printLine(`  ${r.file}:${r.line} ${r.column ?? ''}: ${r.reason}`);
    if (report.rejectedRows > 20 || report.sample.length > 20)
      printLine(`  … every rejection is listed in ${report.rejectsFile}`);
    else printLine(`  rejects file: ${report.rejectsFile}`);
  }
  if (!report.committed) printLine('\n--strict: input was rejected, so nothing was written.');
}

export async function importCommand(
  ctx: Context,
  paths: string[],
  options: ImportCommandOptions,
): Promise<number> {
  if (paths.length === 0) throw new AppError('usage', 'give at least one file or folder to import');
  const mapping = options.map
    ? await loadImportMapping(options.map).catch((e: unknown) => {
        throw new AppError('usage', e instanceof Error ? e.message : String(e));
      })
    : undefined;
  await ctx.db.migrate();
  const progress = progressLine(!options.json);
  const report = await importIntoWorkspace(ctx.db, {
    paths,
    strict: options.strict ?? false,
    rejectsFile: resolve(options.rejects ?? defaultRejectsFile()),
    ...(mapping ? { mapping } : {}),
    onProgress: (m) => progress.update(m),
  });
  progress.done();
  if (options.json) {
    printJson({
      tables: report.tables.map(
        ({ table, read, inserted, updated, rejected, unchanged, ignoredColumns, files }) => ({
          table,
          read,
          inserted,
          updated,
          rejected,
          unchanged,
          ignoredColumns,
          files,
        }),
      ),
      rejectsFile: report.rejectsFile,
      rejectedRows: report.rejectedRows,
      refusedFiles: report.refusedFiles,
      skippedFiles: report.skippedFiles,
      committed: report.committed,
      warnings: report.warnings,
    });
  } else printImportReport(report);
  if (!report.committed) return EXIT_REJECTED;
  return report.refusedFiles.length > 0 ? EXIT_FAILURE : EXIT_OK;
}
