import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { sql } from '../db/sql.js';
import { exportTables } from '../export/export-tables.js';
import { describeEachBackend, type BackendContext } from '../test-support/backends.js';
import { importFiles, type ImportReport } from './import-files.js';

async function write(dir: string, name: string, content: string | Buffer): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

function run(ctx: BackendContext, paths: string[], strict = false): Promise<ImportReport> {
  return importFiles(ctx.db, { paths, strict, rejectsFile: join(ctx.dir, 'rejects.csv') });
}

function table(report: ImportReport, name: string) {
  const t = report.tables.find((x) => x.table === name);
  if (!t) throw new Error(`no ${name} in report`);
  return t;
}

/** Every table's rows add up: nothing silently dropped. */
function expectBalanced(report: ImportReport) {
  for (const t of report.tables) expect(t.read, t.table).toBe(t.inserted + t.updated + t.rejected);
}

const ACCOUNTS = [
  'id,name,segment,touch_model,created_at,licensed_seats',
  'acc-1,Acme,enterprise,,2024-01-05T10:00:00Z,50',
  'acc-2,"Beta, Inc",smb,tech,2024-02-01,10',
  'acc-3,Gamma,mid_market,,2024-03-01 08:00:00+02:00,',
].join('\n');

describeEachBackend('import', (ctx) => {
  it('loads valid files, types values and fills defaults', async () => {
    const dir = join(ctx.dir, 'in');
    await write(dir, 'accounts.csv', ACCOUNTS + '\n');
    await write(
      dir,
      'subscriptions.csv',
      'id,account_id,mrr,started_at,ended_at\nsub-1,acc-1,1000.50,2024-01-05,\nsub-2,acc-2,49,2024-02-01,2024-06-01\n',
    );
    const report = await run(ctx, [dir]);
    expect(report.committed).toBe(true);
    expect(table(report, 'accounts')).toMatchObject({ read: 3, inserted: 3, updated: 0, rejected: 0 });
    expect(table(report, 'subscriptions')).toMatchObject({ read: 2, inserted: 2, rejected: 0 });
    const rows = await ctx.db.query<{
      id: string;
      touch_model: string;
      created: string;
      seats: number | null;
    }>(
      sql`SELECT id, touch_model, ${ctx.db.dialect.timestampText(sql`created_at`)} AS created, licensed_seats AS seats FROM accounts ORDER BY id`,
    );
    // touch_model defaults from segment (enterprise→high, mid_market→low); explicit 'tech' kept; +02:00 converted to UTC.
    expect(rows).toEqual([
      { id: 'acc-1', touch_model: 'high', created: '2024-01-05T10:00:00Z', seats: 50 },
      { id: 'acc-2', touch_model: 'tech', created: '2024-02-01T00:00:00Z', seats: 10 },
      { id: 'acc-3', touch_model: 'low', created: '2024-03-01T06:00:00Z', seats: null },
    ]);
    const [mrr] = await ctx.db.query<{ total: string }>(
      sql`SELECT CAST(SUM(mrr) AS TEXT) AS total FROM subscriptions`,
    );
    expect(Number(mrr?.total)).toBeCloseTo(1049.5, 6);
  });

  it('is idempotent, and a later file updates rows', async () => {
    const dir = join(ctx.dir, 'in');
    await write(dir, 'accounts.csv', ACCOUNTS + '\n');
    await run(ctx, [dir]);
    const again = await run(ctx, [dir]);
    expect(table(again, 'accounts')).toMatchObject({
      read: 3,
      inserted: 0,
      updated: 3,
      unchanged: 3,
      rejected: 0,
    });
    const later = await write(
      join(ctx.dir, 'later'),
      'accounts.csv',
      'id,name,created_at\nacc-2,Beta Renamed,2024-02-01\nacc-4,Delta,2024-05-01\n',
    );
    const third = await run(ctx, [later]);
    expect(table(third, 'accounts')).toMatchObject({ read: 2, inserted: 1, updated: 1, unchanged: 0 });
    const names = await ctx.db.query<{ id: string; name: string }>(
      sql`SELECT id, name FROM accounts ORDER BY id`,
    );
    expect(names.map((r) => r.name)).toEqual(['Acme', 'Beta Renamed', 'Gamma', 'Delta']);
    // Duplicates inside one import: the last row wins and the earlier one counts as updated.
    const dup = await write(
      join(ctx.dir, 'dup'),
      'accounts.csv',
      'id,name,created_at\nacc-9,First,2024-01-01\nacc-9,Second,2024-01-01\n',
    );
    const fourth = await run(ctx, [dup]);
    expect(table(fourth, 'accounts')).toMatchObject({ read: 2, inserted: 1, updated: 1 });
    expectBalanced(fourth);
    const [nine] = await ctx.db.query<{ name: string; n: number }>(
      sql`SELECT MIN(name) AS name, COUNT(*) AS n FROM accounts WHERE id = 'acc-9'`,
    );
    expect(nine).toEqual({ name: 'Second', n: 1 });
  });

  it('refuses a file that lacks a required column, naming it, and still loads the others', async () => {
    const dir = join(ctx.dir, 'in');
    await write(dir, 'accounts.csv', ACCOUNTS + '\n');
    await write(dir, 'contacts.csv', 'id,email\nc-1,a@example.com\n');
    const report = await run(ctx, [dir]);
    expect(report.refusedFiles).toEqual([
      {
        file: join(dir, 'contacts.csv'),
        table: 'contacts',
        reason: 'required column "account_id" is missing',
      },
    ]);
    expect(table(report, 'accounts').inserted).toBe(3);
  });

  it('rejects bad values with file, line, column and reason, keeps valid rows, and writes the raw record', async () => {
    const dir = join(ctx.dir, 'in');
    const accounts = await write(
      dir,
      'accounts.csv',
      [
        'id,name,segment,created_at,licensed_seats',
        'acc-1,Acme,enterprise,2024-01-05,50', // line 2 ok
        'acc-2,"Beta\nwith a line break",smb,2024-02-01,10', // lines 3-4 ok
        'acc-3,Gamma,galactic,2024-03-01,5', // line 5: enum
        'acc-4,Delta,smb,2024-02-30,5', // line 6: impossible date
        'acc-5,Epsilon,smb,2024-02-01,-3', // line 7: below minimum
        'acc-6,Zeta,smb,2024-02-01,many', // line 8: not a number
        ',NoId,smb,2024-02-01,1', // line 9: required missing
      ].join('\n') + '\n',
    );
    await write(
      dir,
      'subscriptions.csv',
      'id,account_id,mrr,started_at\nsub-1,acc-1,10,2024-01-05\nsub-2,acc-404,10,2024-01-05\nsub-3,acc-2,ten,2024-01-05\n',
    );
    const report = await run(ctx, [dir]);
    expectBalanced(report);
    expect(table(report, 'accounts')).toMatchObject({ read: 7, inserted: 2, rejected: 5 });
    expect(table(report, 'subscriptions')).toMatchObject({ read: 3, inserted: 1, rejected: 2 });
    const got = report.sample.map((r) => [r.table, r.line, r.column]);
    expect(got).toEqual([
      ['accounts', 5, 'segment'],
      ['accounts', 6, 'created_at'],
      ['accounts', 7, 'licensed_seats'],
      ['accounts', 8, 'licensed_seats'],
      ['accounts', 9, 'id'],
      ['subscriptions', 3, 'account_id'],
      ['subscriptions', 4, 'mrr'],
    ]);
    expect(report.sample[0]?.reason).toBe("not one of enterprise, mid_market, smb: 'galactic'");
    expect(report.sample[0]?.file).toBe(accounts);
    expect(report.sample[2]?.reason).toBe("below the minimum 0: '-3'");
    expect(report.sample[5]?.reason).toBe("account 'acc-404' is neither in the workspace nor in this import");
    const rejects = await readFile(report.rejectsFile ?? '', 'utf8');
    expect(rejects.split('\n')[0]).toBe('table,file,line,column,reason,record');
    expect(rejects).toContain('acc-3,Gamma,galactic,2024-03-01,5');
    const ids = await ctx.db.query<{ id: string }>(sql`SELECT id FROM accounts ORDER BY id`);
    expect(ids.map((r) => r.id)).toEqual(['acc-1', 'acc-2']);
  });

  it('accepts references to accounts already in the workspace', async () => {
    await run(ctx, [await write(join(ctx.dir, 'a'), 'accounts.csv', ACCOUNTS + '\n')]);
    const report = await run(ctx, [
      await write(join(ctx.dir, 'b'), 'contacts.csv', 'id,account_id\nc-1,acc-3\nc-2,acc-7\n'),
    ]);
    expect(table(report, 'contacts')).toMatchObject({ read: 2, inserted: 1, rejected: 1 });
  });

  it('reports malformed records, bad UTF-8 and oversized fields by line', async () => {
    const dir = join(ctx.dir, 'in');
    const big = 'x'.repeat(1024 * 1024 + 1);
    const content = Buffer.concat([
      Buffer.from('\ufeffid,name,created_at\r\n'), // BOM and CRLF
      Buffer.from('acc-1,"Comma, ""quoted""",2024-01-01\r\n'), // line 2 ok
      Buffer.from('acc-2,Caf'),
      Buffer.from([0xe9]), // Latin-1 é: invalid UTF-8, line 3
      Buffer.from(',2024-01-01\r\n'),
      Buffer.from('acc-3,too,many,fields\r\n'), // line 4
      Buffer.from(`acc-4,${big},2024-01-01\r\n`), // line 5: 1 MB + 1 byte
      Buffer.from('acc-5,Fine,2024-01-01\r\n'), // line 6 ok
    ]);
    await write(dir, 'accounts.csv', content);
    const report = await run(ctx, [dir]);
    expectBalanced(report);
    expect(table(report, 'accounts')).toMatchObject({ read: 5, inserted: 2, rejected: 3 });
    const byLine = new Map(report.sample.map((r) => [r.line, r.reason]));
    expect(byLine.get(3)).toMatch(/UTF-8/);
    expect(byLine.get(4)).toMatch(/number of fields/);
    expect(byLine.get(5)).toBe('field is 1048577 bytes; the limit is 1 MB');
    const [acme] = await ctx.db.query<{ name: string }>(sql`SELECT name FROM accounts WHERE id = 'acc-1'`);
    expect(acme?.name).toBe('Comma, "quoted"');
  });

  it('stores formulas and SQL verbatim and exports them so spreadsheets do not run them', async () => {
    const dir = join(ctx.dir, 'in');
    const hostile = [
      '=HYPERLINK("http://evil","x")',
      "Robert'); DROP TABLE accounts;--",
      '+1',
      '@SUM(A1)',
      '-2+3',
    ];
    const lines = hostile.map((name, i) => `acc-${i},"${name.replaceAll('"', '""')}",2024-01-01`);
    await write(dir, 'accounts.csv', ['id,name,created_at', ...lines].join('\n') + '\n');
    await run(ctx, [dir]);
    const stored = await ctx.db.query<{ name: string }>(sql`SELECT name FROM accounts ORDER BY id`);
    expect(stored.map((r) => r.name)).toEqual(hostile);
    const out = join(ctx.dir, 'out');
    await exportTables(ctx.db, { dir: out, format: 'csv', tables: ['accounts'] });
    const exported = await readFile(join(out, 'accounts.csv'), 'utf8');
    // No cell may start with a formula trigger; the apostrophe guard is there instead.
    for (const line of exported.trim().split('\n').slice(1))
      expect(line.split(',')[1]?.replace(/^"/, '')).toMatch(/^[^=+\-@]/);
    expect(exported).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    // Keel's own export re-imports to the same values.
    const again = await run(ctx, [out]);
    expect(table(again, 'accounts')).toMatchObject({ unchanged: 5, inserted: 0 });
  });

  it('--strict writes nothing when anything is rejected', async () => {
    const dir = join(ctx.dir, 'in');
    await write(dir, 'accounts.csv', ACCOUNTS + '\nacc-x,Bad,smb,,yesterday,\n');
    const report = await run(ctx, [dir], true);
    expect(report.committed).toBe(false);
    expect(report.rejectedRows).toBe(1);
    const [count] = await ctx.db.query<{ n: number }>(sql`SELECT COUNT(*) AS n FROM accounts`);
    expect(Number(count?.n)).toBe(0);
  });

  it('reads JSONL (extra keys into properties, derived ids) and Parquet', async () => {
    const dir = join(ctx.dir, 'in');
    await write(dir, 'accounts.csv', ACCOUNTS + '\n');
    await write(
      dir,
      'usage_events.jsonl',
      [
        '{"account_id":"acc-1","event":"login","occurred_at":"2024-05-01T00:00:00Z","properties":{"a":1},"browser":"ff"}',
        '',
        '{"account_id":"acc-1","event":"login"', // line 3: truncated
        '{"account_id":"acc-2","event":"export","occurred_at":"2024-05-02T00:00:00Z"}',
      ].join('\n') + '\n',
    );
    const report = await run(ctx, [dir]);
    expect(table(report, 'usage_events')).toMatchObject({ read: 3, inserted: 2, rejected: 1 });
    expect(report.sample.find((r) => r.table === 'usage_events')?.line).toBe(3);
    const events = await ctx.db.query<{ props: string | null }>(
      sql`SELECT CAST(properties AS TEXT) AS props FROM usage_events ORDER BY occurred_at`,
    );
    expect(events.map((e) => (e.props === null ? null : JSON.parse(e.props)))).toEqual([
      { a: 1, browser: 'ff' },
      null,
    ]);
    // Re-importing events without ids matches them by content.
    const again = await run(ctx, [join(dir, 'usage_events.jsonl')]);
    expect(table(again, 'usage_events')).toMatchObject({ inserted: 0, updated: 2, unchanged: 2 });

    const out = join(ctx.dir, 'parquet');
    await exportTables(ctx.db, { dir: out, format: 'parquet', tables: ['accounts', 'usage_events'] });
    await ctx.db.exec(sql`DELETE FROM usage_events`);
    const fromParquet = await run(ctx, [join(out, 'usage_events.parquet')]);
    expect(table(fromParquet, 'usage_events')).toMatchObject({ read: 2, inserted: 2, rejected: 0 });
  });

  it('loads valid but implausible rows and reports them with examples', async () => {
    const dir = join(ctx.dir, 'in');
    await write(
      dir,
      'tickets.csv',
      [
        'id,channel,status,created_at,first_response_at,resolved_at',
        't-1,email,solved,2024-01-02T10:00:00Z,2024-01-02T09:00:00Z,2024-01-02T08:00:00Z', // responded and resolved before created
        't-2,chat,solved,2024-01-02T10:00:00Z,2024-01-02T10:05:00Z,2024-01-02T11:00:00Z', // fine
        't-3,web,open,2031-01-01T00:00:00Z,,', // in the future
      ].join('\n') + '\n',
    );
    const report = await importFiles(ctx.db, {
      paths: [dir],
      rejectsFile: join(ctx.dir, 'r.csv'),
      now: new Date('2025-01-01T00:00:00Z'),
    });
    expect(table(report, 'tickets')).toMatchObject({ read: 3, inserted: 3, rejected: 0 });
    await write(dir, 'accounts.csv', 'id,name,created_at\nacc-1,A,2024-01-01\n');
    await write(
      dir,
      'subscriptions.csv',
      // Median MRR of 100, 120, 90, 80 and 50000 is 100: only the 50000 line is over 100× it.
      'id,account_id,mrr,started_at\ns-1,acc-1,100,2024-01-01\ns-2,acc-1,120,2024-01-01\ns-3,acc-1,90,2024-01-01\ns-4,acc-1,80,2024-01-01\ns-5,acc-1,50000,2024-01-01\n',
    );
    const mrr = await importFiles(ctx.db, {
      paths: [dir],
      rejectsFile: join(ctx.dir, 'r2.csv'),
      now: new Date('2025-01-01T00:00:00Z'),
    });
    expect(
      mrr.warnings.filter((w) => w.table === 'subscriptions').map((w) => [w.check, w.rows, w.examples]),
    ).toEqual([['mrr_outlier', 1, ['s-5']]]);
    const found = report.warnings.map((w) => [w.check, w.rows, w.examples]);
    expect(found).toEqual([
      ['resolved_before_created', 1, ['t-1']],
      ['responded_before_created', 1, ['t-1']],
      ['resolved_before_response', 1, ['t-1']], // 08:00 resolved, 09:00 first response
      ['created_at_in_future', 1, ['t-3']],
    ]);
  });

  it('treats hostile column names as data', async () => {
    const dir = join(ctx.dir, 'in');
    await write(
      dir,
      'accounts.csv',
      'id,name,created_at,"x""; DROP TABLE accounts; --"\nacc-1,Acme,2024-01-01,boom\n',
    );
    const report = await run(ctx, [dir]);
    expect(table(report, 'accounts')).toMatchObject({
      inserted: 1,
      ignoredColumns: ['x"; DROP TABLE accounts; --'],
    });
    const [count] = await ctx.db.query<{ n: number }>(sql`SELECT COUNT(*) AS n FROM accounts`);
    expect(Number(count?.n)).toBe(1);
  });
});
