import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { keel } from '../test-support/run-cli.js';

describeEachBackend('keel CLI', (ctx) => {
  // A DuckDB file has one writer: let the spawned CLI have it.
  beforeEach(() => ctx.db.close());

  it('import --strict --json exits 3, reports every table and writes nothing', async () => {
    const dir = join(ctx.dir, 'in');
    await mkdir(dir);
    await writeFile(
      join(dir, 'accounts.csv'),
      'id,name,created_at\nacc-1,Acme,2024-01-01\nacc-2,Beta,not-a-date\n',
    );
    const rejects = join(ctx.dir, 'rejects.csv');
    const strict = await keel([...ctx.cliArgs, 'import', dir, '--strict', '--json', '--rejects', rejects]);
    expect(strict.code).toBe(3);
    const body = JSON.parse(strict.stdout) as { tables: Record<string, unknown>[]; rejectsFile: string };
    expect(
      body.tables.map(({ table, read, inserted, updated, rejected }) => ({
        table,
        read,
        inserted,
        updated,
        rejected,
      })),
    ).toEqual([{ table: 'accounts', read: 2, inserted: 0, updated: 0, rejected: 2 }]);
    expect(body.rejectsFile).toBe(rejects);
    expect(await readFile(rejects, 'utf8')).toContain(`${join(dir, 'accounts.csv')},3,created_at,`);

    const loose = await keel([...ctx.cliArgs, 'import', dir, '--json', '--rejects', rejects]);
    expect(loose.code).toBe(0);
    expect(JSON.parse(loose.stdout).tables[0]).toMatchObject({
      read: 2,
      inserted: 1,
      updated: 0,
      rejected: 1,
    });

    const human = await keel([...ctx.cliArgs, 'import', dir, '--rejects', rejects]);
    expect(human.stdout).toMatch(/accounts\s+2\s+0\s+1\s+1\s+1/);
    expect(human.stdout).toContain(`${join(dir, 'accounts.csv')}:3 created_at: not an ISO 8601 timestamp`);
  });

  it('init is idempotent', async () => {
    const first = await keel([...ctx.cliArgs, 'init', '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ migrationsApplied: [], rows: 0 });
  });
});

it('usage errors exit 2 with a message', async () => {
  expect((await keel(['import'])).code).toBe(2);
  expect((await keel(['frobnicate'])).code).toBe(2);
  const both = await keel(['--db', 'x.duckdb', '--database-url', 'postgres://h/db', 'init']);
  expect(both.code).toBe(2);
  expect(both.stderr).toContain('either --db or --database-url');
  const badFile = await keel(['--db', '/tmp/keel-unused.duckdb', 'import', '/tmp/no-such-keel-folder']);
  expect(badFile.code).toBe(2);
  expect(badFile.stderr).toContain('no such file or folder');
});
