/**
 * An import as the product runs it (`keel import`, the demo loader): importFiles, then the usage facts rebuilt
 * when usage events came in, so the first report after an import does not pay for them.
 */
import type { Database } from '../db/database.js';
import { refreshUsageFacts } from '../db/usage-facts.js';
import { importFiles, type ImportOptions, type ImportReport } from '../ingest/import-files.js';

export async function importIntoWorkspace(db: Database, options: ImportOptions): Promise<ImportReport> {
  const report = await importFiles(db, options);
  if (report.committed && report.tables.some((t) => t.table === 'usage_events')) {
    // A step of its own, after the import proper is committed: readers would otherwise build them on demand.
    options.onProgress?.('re-keying usage events for analysis');
    await refreshUsageFacts(db);
  }
  return report;
}
