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
import { plausibilityChecks, plausibilityExamples, type PlausibilityWarning } from './plausibility.js';
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
const REJECTS_HEADER = ['table', 'file', 'line', 'column', 'reason', 'record'];

interface Checked {
  readonly staged: StagedFile;
  readonly table: TableSpec;
  /** Every staged row typed, with `__errors` (NULL when valid). */
  readonly checkedTable: string;
  rejected: number;
}

/** The typed rows of a file that have no problem. */
function validRows(c: Checked): Sql {
  return sql`(SELECT * FROM ${sql.ident(c.checkedTable)} WHERE __errors IS NULL)`;
}

/**
 * The accounts a reference may point at: the workspace's plus this import's valid ones. An imported account's
 * parent must be among those too (one level deep: a rejected parent does not cascade further).
 */
async function resolveAccounts(staging: Staging, accounts: readonly Checked[]): Promise<string> {
  await staging.snapshot(tableSpec('accounts'), ['id'], 'ws_accounts');
  const build = async () => {
    const staged = accounts.map((c) => sql`UNION SELECT id FROM ${validRows(c)}`);
    await staging.run(
      sql`CREATE OR REPLACE TEMP TABLE known_accounts AS SELECT id FROM ws_accounts ${sql.join(staged, ' ')}`,
    );
  };
  await build();
  for (const c of accounts) {
    await staging.run(sql`
      UPDATE ${sql.ident(c.checkedTable)}
      SET __errors = list_append(COALESCE(__errors, []), {'column': 'parent_id', 'reason': 'account ''' || parent_id || ''' is neither in the workspace nor in this import'})
      WHERE parent_id IS NOT NULL AND parent_id NOT IN (SELECT id FROM known_accounts)`);
  }
  if (accounts.length > 0) await build();
  return 'known_accounts';
}

interface FinalTable {
  readonly valid: number;
  readonly distinct: number;
  readonly warnings: PlausibilityWarning[];
}

/**
 * Valid rows of every file of a table, the last occurrence of each key winning, with derived keys filled in.
 * One scan counts rows, distinct keys and every plausibility check.
 */
async function finalTable(
  staging: Staging,
  table: TableSpec,
  parts: readonly Checked[],
  name: string,
  now: Date,
): Promise<FinalTable> {
  const derivable = table.derivableKey;
  let missingKeys = false;
  if (derivable) {
    const checks = parts.map((p) => sql`SELECT 1 FROM ${validRows(p)} WHERE ${sql.ident(derivable)} IS NULL`);
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
  // A view, not a copy: on a clean single file the rows go straight from the checked table to the workspace.
  const all = sql.ident(`all_${name}`);
  await staging.run(sql`CREATE OR REPLACE TEMP VIEW ${all} AS ${union}`);
  const keys = sql.join(table.key.map((k) => sql.ident(k)));
  const checks = plausibilityChecks(table.name, all, now);
  const counted = checks.map((c, i) => sql`, COUNT(*) FILTER (WHERE ${c.when}) AS ${sql.ident(`w${i}`)}`);
  const [counts] = await staging.run<Record<string, number>>(
    sql`SELECT COUNT(*) AS valid, COUNT(DISTINCT (${keys})) AS distinct ${sql.join(counted, '')} FROM ${all}`,
  );
  const valid = Number(counts?.valid ?? 0);
  const distinct = Number(counts?.distinct ?? 0);
  const warnings: PlausibilityWarning[] = [];
  for (const [i, check] of checks.entries()) {
    const rows = Number(counts?.[`w${i}`] ?? 0);
    if (rows === 0) continue;
    const examples = await plausibilityExamples(staging, all, table.key, check);
    warnings.push({ table: table.name, check: check.id, message: check.message, rows, examples });
  }
  const names = sql.join(table.columns.map((c) => sql.ident(c.name)));
  // De-duplicating costs a window over the whole table; only pay it when some key repeats.
  await staging.run(
    valid > distinct
      ? sql`CREATE OR REPLACE TEMP TABLE ${sql.ident(name)} AS SELECT ${names} FROM ${all} QUALIFY row_number() OVER (PARTITION BY ${keys} ORDER BY __file DESC, __row DESC) = 1`
      : sql`CREATE OR REPLACE TEMP VIEW ${sql.ident(name)} AS SELECT ${names} FROM ${all}`,
  );
  return { valid, distinct, warnings };
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
      SELECT __row AS row, __errors AS errors FROM ${sql.ident(c.checkedTable)}
      WHERE __errors IS NOT NULL AND __row > ${after} ORDER BY __row LIMIT ${PAGE}`);
    const last = page[page.length - 1]?.row ?? after;
    const records = new Map(
      (
        await staging.run<{ row: number; record: unknown }>(sql`
          SELECT rowid AS row, ${s.recordExpr} AS record FROM ${sql.ident(s.rawTable)}
          WHERE rowid IN (SELECT __row FROM ${sql.ident(c.checkedTable)} WHERE __errors IS NOT NULL AND __row > ${after} AND __row <= ${last})`)
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
    // 1. Stage and type-check every file. Files come in load order, so every accounts file is checked before
    //    any table that references accounts; from then on the reference check is part of each file's query.
    const checked: Checked[] = [];
    const refusedFiles: ImportReport['refusedFiles'] = [];
    let knownAccounts: string | null = null;
    for (const [i, file] of files.entries()) {
      const table = tableSpec(file.table);
      if (
        !knownAccounts &&
        table.name !== 'accounts' &&
        table.columns.some((c) => c.references === 'accounts')
      ) {
        knownAccounts = await resolveAccounts(
          staging,
          checked.filter((c) => c.table.name === 'accounts'),
        );
      }
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
      const checks = compileChecks(
        table,
        staged.source,
        staged.from,
        table.name === 'accounts' ? null : knownAccounts,
      );
      const checkedTable = `checked_${i}`;
      await staging.run(sql`CREATE OR REPLACE TEMP TABLE ${sql.ident(checkedTable)} AS ${checks}`, (p) =>
        progress(`checking ${label}: ${p.toFixed(0)}%`),
      );
      checked.push({ staged, table, checkedTable, rejected: 0 });
    }
    if (!knownAccounts)
      await resolveAccounts(
        staging,
        checked.filter((c) => c.table.name === 'accounts'),
      );

    // 3. Count and write rejections.
    for (const c of checked) {
      const [bad] = await staging.run<{ n: number }>(
        sql`SELECT COUNT(*) AS n FROM ${sql.ident(c.checkedTable)} WHERE __errors IS NOT NULL`,
      );
      c.rejected = Number(bad?.n ?? 0) + c.staged.refused.length;
      await writeRejects(staging, c, rejects);
      // The raw text was kept only for the records of rejected rows; free it before publishing.
      await staging.run(sql`DROP TABLE IF EXISTS ${sql.ident(c.staged.rawTable)}`);
    }
    await rejects.close();
    const anyRejected = checked.some((c) => c.rejected > 0);

    // 4. Publish every table in one transaction, unless --strict forbids it.
    const byTable = new Map<TableName, Checked[]>();
    for (const c of checked) byTable.set(c.table.name, [...(byTable.get(c.table.name) ?? []), c]);
    const commit = !(options.strict && (anyRejected || refusedFiles.length > 0));
    const plans: PublishPlan[] = [];
    const warnings: PlausibilityWarning[] = [];
    const validity = new Map<TableName, FinalTable>();
    if (commit) {
      for (const [name, parts] of byTable) {
        progress(`preparing ${name}`);
        const stagedTable = `final_${name}`;
        const final = await finalTable(
          staging,
          tableSpec(name),
          parts,
          stagedTable,
          options.now ?? new Date(),
        );
        validity.set(name, final);
        warnings.push(...final.warnings);
        plans.push({ table: tableSpec(name), stagedTable });
      }
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
