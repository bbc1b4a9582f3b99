/**
 * `keel import`: stage every file, type and check every row in the engine, check account references
 * against the workspace and the import itself, then upsert all tables in one transaction. Every row read
 * is accounted for: read = inserted + updated + rejected, per table. Rejected rows go to a rejects file
 * with file, line, column, reason and the raw record. Under `strict`, one rejection means nothing is written.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { basename } from 'node:path';
import { tableSpec, type TableName, type TableSpec } from '../domain/canonical-tables.js';
import { encodeCsvRow } from '../domain/csv-encoding.js';
import type { Database, PublishPlan, Staging } from '../db/database.js';
import { sql, type Sql } from '../db/sql.js';
import { compileChecks } from './compile-checks.js';
import type { ImportMapping } from './import-mapping.js';
import { LineMap } from './physical-lines.js';
import { checkPlausibility, type PlausibilityWarning } from './plausibility.js';
import { resolveImportFiles } from './resolve-import-files.js';
import { stageFile, type StagedFile } from './stage-file.js';

export interface ImportOptions {
  readonly paths: readonly string[];
  readonly strict?: boolean;
  /** Where rejected rows are written; created only when something is rejected. */
  readonly rejectsFile: string;
  readonly mapping?: ImportMapping;
  readonly onProgress?: (message: string) => void;
  /** The clock for "in the future" checks. */
  readonly now?: Date;
}

export interface TableImport {
  readonly table: TableName;
  readonly files: string[];
  readonly read: number;
  readonly inserted: number;
  /** Rows whose key was already present (in the workspace or earlier in this import); the later row wins. */
  readonly updated: number;
  readonly rejected: number;
  /** Of the updated rows, those identical to what the workspace held. */
  readonly unchanged: number;
  readonly ignoredColumns: string[];
}

export interface Rejection {
  readonly table: TableName;
  readonly file: string;
  readonly line: number;
  readonly column: string | null;
  readonly reason: string;
  readonly record: string;
}

export interface ImportReport {
  readonly tables: TableImport[];
  /** Whole files refused (a required column missing, an empty file). */
  readonly refusedFiles: { file: string; table: TableName; reason: string }[];
  readonly skippedFiles: { path: string; reason: string }[];
  readonly rejectedRows: number;
  /** The first rejections, for display; all of them are in the rejects file. */
  readonly sample: Rejection[];
  readonly rejectsFile: string | null;
  /** False when --strict refused to write anything. */
  readonly committed: boolean;
  /** Valid but implausible rows that were loaded anyway. */
  readonly warnings: PlausibilityWarning[];
}

const SAMPLE_SIZE = 50;
const PAGE = 50_000;
export const REJECTS_HEADER = ['table', 'file', 'line', 'column', 'reason', 'record'];

interface Checked {
  readonly staged: StagedFile;
  readonly table: TableSpec;
  /** View of every staged row, typed. */
  readonly typedView: string;
  /** Table of (__row, __errors) for rows with problems; a row may appear more than once. */
  readonly problemsTable: string;
  rejected: number;
}

/** The typed rows of a file that have no problem. */
function validRows(c: Checked): Sql {
  return sql`(SELECT * FROM ${sql.ident(c.typedView)} WHERE __row NOT IN (SELECT __row FROM ${sql.ident(c.problemsTable)}))`;
}

/** Account references (account_id, parent_id) must resolve in the workspace or in this import. */
function accountRefs(table: TableSpec) {
  return table.columns.filter((c) => c.references === 'accounts');
}

async function addReferenceErrors(staging: Staging, c: Checked, known: string): Promise<void> {
  for (const col of accountRefs(c.table)) {
    const v = sql.ident(col.name);
    await staging.run(sql`
      INSERT INTO ${sql.ident(c.problemsTable)}
      SELECT __row, [{'column': ${col.name}, 'reason': 'account ''' || ${v} || ''' is neither in the workspace nor in this import'}]
      FROM ${sql.ident(c.typedView)} WHERE ${v} IS NOT NULL AND ${v} NOT IN (SELECT id FROM ${sql.ident(known)})`);
  }
}

async function buildKnownAccounts(
  staging: Staging,
  into: string,
  accounts: readonly Checked[],
): Promise<void> {
  const staged = accounts.map((c) => sql`SELECT id FROM ${validRows(c)}`);
  await staging.run(
    sql`CREATE OR REPLACE TEMP TABLE ${sql.ident(into)} AS SELECT id FROM ws_accounts ${sql.join(
      staged.map((s) => sql`UNION ${s}`),
      ' ',
    )}`,
  );
}

/** Valid rows of every file of a table, the last occurrence of each key winning, with derived keys filled in. */
async function finalTable(
  staging: Staging,
  table: TableSpec,
  parts: readonly Checked[],
  name: string,
): Promise<{ valid: number; distinct: number }> {
  const derivable = table.derivableKey;
  let missingKeys = false;
  if (derivable) {
    const checks = parts.map(
      (p) => sql`SELECT 1 FROM ${sql.ident(p.typedView)} WHERE ${sql.ident(derivable)} IS NULL`,
    );
    const [row] = await staging.run<{ any: boolean }>(
      sql`SELECT EXISTS (${sql.join(checks, ' UNION ALL ')}) AS "any"`,
    );
    missingKeys = row?.any === true;
  }
  const cols = table.columns.map((c) => {
    if (c.name !== derivable || !missingKeys) return sql.ident(c.name);
    // An event without an id gets one from its content, so re-importing the same events changes nothing.
    const content = table.columns
      .filter((x) => x.name !== c.name)
      .map((x) => sql`CAST(${sql.ident(x.name)} AS VARCHAR)`);
    return sql`COALESCE(${sql.ident(c.name)}, 'h-' || md5(concat_ws(chr(31), ${sql.join(content)}))) AS ${sql.ident(c.name)}`;
  });
  const union = sql.join(
    parts.map(
      (p, i) => sql`SELECT ${sql.raw(String(i))} AS __file, __row, ${sql.join(cols)} FROM ${validRows(p)}`,
    ),
    ' UNION ALL ',
  );
  // Views, not copies: on a clean single file the rows go straight from the checked table to the workspace.
  const all = sql.ident(`all_${name}`);
  await staging.run(sql`CREATE OR REPLACE TEMP VIEW ${all} AS ${union}`);
  const keys = sql.join(table.key.map((k) => sql.ident(k)));
  const [counts] = await staging.run<{ valid: number; distinct: number }>(
    sql`SELECT COUNT(*) AS valid, COUNT(DISTINCT (${keys})) AS distinct FROM ${all}`,
  );
  const valid = Number(counts?.valid ?? 0);
  const distinct = Number(counts?.distinct ?? 0);
  const names = sql.join(table.columns.map((c) => sql.ident(c.name)));
  // De-duplicating costs a window over the whole table; only pay it when some key repeats.
  await staging.run(
    valid > distinct
      ? sql`CREATE OR REPLACE TEMP TABLE ${sql.ident(name)} AS SELECT ${names} FROM ${all} QUALIFY row_number() OVER (PARTITION BY ${keys} ORDER BY __file DESC, __row DESC) = 1`
      : sql`CREATE OR REPLACE TEMP VIEW ${sql.ident(name)} AS SELECT ${names} FROM ${all}`,
  );
  return { valid, distinct };
}

class RejectsWriter {
  private stream: ReturnType<typeof createWriteStream> | null = null;
  count = 0;
  readonly sample: Rejection[] = [];

  constructor(readonly path: string) {}

  async write(r: Rejection): Promise<void> {
    if (!this.stream) {
      this.stream = createWriteStream(this.path);
      this.stream.write(encodeCsvRow(REJECTS_HEADER));
    }
    this.count++;
    if (this.sample.length < SAMPLE_SIZE) this.sample.push(r);
    const ok = this.stream.write(
      encodeCsvRow(
        [r.table, r.file, String(r.line), r.column, r.reason, r.record],
        [true, true, false, true, true, true],
      ),
    );
    if (!ok) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    if (stream) {
      stream.end();
      await once(stream, 'finish');
    }
  }
}

async function lineMapFor(staging: Staging, s: StagedFile): Promise<LineMap> {
  let multiLine: { row: number; breaks: number }[] = [];
  if (s.file.format === 'csv' && !s.refusal) {
    // Line breaks inside quoted fields shift physical lines; only rows holding one matter.
    const whole = sql`CAST(${s.recordExpr} AS VARCHAR)`;
    multiLine = (
      await staging.run<{ row: number; breaks: number }>(
        sql`SELECT __row AS row, breaks FROM (SELECT rowid AS __row, length(${whole}) - length(replace(${whole}, chr(10), '')) AS breaks FROM ${sql.ident(s.rawTable)}) WHERE breaks > 0 ORDER BY __row`,
      )
    ).map((r) => ({ row: Number(r.row), breaks: Number(r.breaks) }));
  }
  const refused = s.refused.flatMap((r) =>
    r.record !== undefined ? [{ record: r.record, breaks: (r.text.match(/\n/g) ?? []).length }] : [],
  );
  return new LineMap({ headerLines: s.headerLines, refused, multiLine });
}

function recordText(value: unknown): string {
  if (Array.isArray(value))
    return encodeCsvRow(value.map((v) => (v === null || v === undefined ? null : String(v)))).replace(
      /\n$/,
      '',
    );
  return value === null || value === undefined ? '' : String(value);
}

async function writeRejects(staging: Staging, c: Checked, out: RejectsWriter): Promise<void> {
  const s = c.staged;
  const fileName = s.file.path;
  const table = c.table.name;
  const hasRows = c.rejected > s.refused.length;
  if (s.refused.length === 0 && !hasRows) return;
  const lines = await lineMapFor(staging, s);
  for (const r of s.refused) {
    const line = r.row !== undefined ? lines.lineOfRow(r.row) : lines.lineOfRecord(r.record ?? 0);
    await out.write({ table, file: fileName, line, column: r.column, reason: r.reason, record: r.text });
  }
  if (!hasRows) return;
  let after = -1;
  for (;;) {
    const page = await staging.run<{ row: number; errors: { column: string; reason: string }[] }>(sql`
      SELECT __row AS row, flatten(list(__errors)) AS errors FROM ${sql.ident(c.problemsTable)}
      WHERE __row > ${after} GROUP BY __row ORDER BY __row LIMIT ${PAGE}`);
    const last = page[page.length - 1]?.row ?? after;
    const records = new Map(
      (
        await staging.run<{ row: number; record: unknown }>(sql`
          SELECT rowid AS row, ${s.recordExpr} AS record FROM ${sql.ident(s.rawTable)}
          WHERE rowid IN (SELECT __row FROM ${sql.ident(c.problemsTable)} WHERE __row > ${after} AND __row <= ${last})`)
      ).map((r) => [Number(r.row), r.record]),
    );
    for (const r of page) {
      const line = lines.lineOfRow(Number(r.row));
      const record = recordText(records.get(Number(r.row)));
      for (const e of r.errors)
        await out.write({ table, file: fileName, line, column: e.column, reason: e.reason, record });
    }
    if (page.length < PAGE) break;
    after = Number(page[page.length - 1]?.row);
  }
}

export async function importFiles(db: Database, options: ImportOptions): Promise<ImportReport> {
  const progress = options.onProgress ?? (() => undefined);
  const { files, skipped } = await resolveImportFiles(options.paths, options.mapping);
  const staging = await db.openStaging();
  const rejects = new RejectsWriter(options.rejectsFile);
  try {
    // 1. Stage and type-check every file.
    const checked: Checked[] = [];
    const refusedFiles: ImportReport['refusedFiles'] = [];
    for (const [i, file] of files.entries()) {
      const table = tableSpec(file.table);
      const label = basename(file.path);
      progress(`reading ${label}`);
      const staged = await stageFile(staging, file, table, i, (p) =>
        progress(`reading ${label}: ${p.toFixed(0)}%`),
      );
      if (staged.refusal) {
        refusedFiles.push({ file: file.path, table: file.table, reason: staged.refusal });
        continue;
      }
      progress(`checking ${label} (${staged.read.toLocaleString('en-US')} rows)`);
      const checks = compileChecks(table, staged.source, staged.from);
      const typedView = `typed_${i}`;
      const problemsTable = `problems_${i}`;
      await staging.run(sql`CREATE OR REPLACE TEMP VIEW ${sql.ident(typedView)} AS ${checks.typed}`);
      await staging.run(
        sql`CREATE OR REPLACE TEMP TABLE ${sql.ident(problemsTable)} AS ${checks.problems}`,
        (p) => progress(`checking ${label}: ${p.toFixed(0)}%`),
      );
      checked.push({ staged, table, typedView, problemsTable, rejected: 0 });
    }

    // 2. Account references: the workspace's accounts plus this import's valid ones (parents checked first).
    const accountsSpec = tableSpec('accounts');
    await staging.snapshot(accountsSpec, ['id'], 'ws_accounts');
    const accountFiles = checked.filter((c) => c.table.name === 'accounts');
    await buildKnownAccounts(staging, 'known_accounts', accountFiles);
    for (const c of accountFiles) await addReferenceErrors(staging, c, 'known_accounts');
    await buildKnownAccounts(staging, 'known_accounts', accountFiles);
    for (const c of checked)
      if (c.table.name !== 'accounts') await addReferenceErrors(staging, c, 'known_accounts');

    // 3. Count and write rejections.
    for (const c of checked) {
      const [bad] = await staging.run<{ n: number }>(
        sql`SELECT COUNT(DISTINCT __row) AS n FROM ${sql.ident(c.problemsTable)}`,
      );
      c.rejected = Number(bad?.n ?? 0) + c.staged.refused.length;
      await writeRejects(staging, c, rejects);
    }
    await rejects.close();
    const anyRejected = checked.some((c) => c.rejected > 0);

    // 4. Publish every table in one transaction, unless --strict forbids it.
    const byTable = new Map<TableName, Checked[]>();
    for (const c of checked) byTable.set(c.table.name, [...(byTable.get(c.table.name) ?? []), c]);
    const commit = !(options.strict && (anyRejected || refusedFiles.length > 0));
    const plans: PublishPlan[] = [];
    const warnings: PlausibilityWarning[] = [];
    const validity = new Map<TableName, { valid: number; distinct: number }>();
    if (commit) {
      for (const [name, parts] of byTable) {
        progress(`preparing ${name}`);
        const stagedTable = `final_${name}`;
        validity.set(name, await finalTable(staging, parts[0]?.table ?? tableSpec(name), parts, stagedTable));
        plans.push({ table: tableSpec(name), stagedTable });
      }
      progress('checking plausibility');
      warnings.push(
        ...(await checkPlausibility(
          staging,
          plans.map((p) => ({ table: p.table.name, stagedTable: p.stagedTable, key: p.table.key })),
          options.now ?? new Date(),
        )),
      );
      progress(`writing ${plans.length} table(s) to ${db.description}`);
    }
    const published = commit ? await staging.publish(plans) : [];

    const tables: TableImport[] = [...byTable].map(([name, parts]) => {
      const read = parts.reduce((sum, p) => sum + p.staged.read, 0);
      const rejected = parts.reduce((sum, p) => sum + p.rejected, 0);
      const result = published.find((p) => p.table === name);
      const valid = validity.get(name)?.valid ?? 0;
      const inserted = result?.inserted ?? 0;
      return {
        table: name,
        files: parts.map((p) => p.staged.file.path),
        read,
        inserted,
        updated: commit ? valid - inserted : 0,
        rejected: commit ? rejected : read,
        unchanged: result?.unchanged ?? 0,
        ignoredColumns: [...new Set(parts.flatMap((p) => p.staged.ignoredColumns))],
      };
    });
    return {
      tables,
      refusedFiles,
      skippedFiles: skipped,
      rejectedRows: checked.reduce((sum, c) => sum + c.rejected, 0),
      sample: rejects.sample,
      rejectsFile: rejects.count > 0 ? options.rejectsFile : null,
      committed: commit,
      warnings,
    };
  } finally {
    await rejects.close().catch(() => undefined);
    await staging.close();
  }
}
