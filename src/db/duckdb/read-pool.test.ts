import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { sql } from '../sql.js';
import { openDuckDb } from './duckdb-database.js';

it('runs reads side by side, sees committed writes, and closes only after reads in flight finish', async () => {
  const db = await openDuckDb({ path: join(await mkdtemp(join(tmpdir(), 'keel-pool-')), 'keel.duckdb') });
  await db.exec(sql`CREATE TABLE t (n INTEGER)`);
  await db.exec(sql`INSERT INTO t VALUES (1), (2)`);
  // A write awaited on the main connection is visible to the next read on a pool connection.
  expect(await db.query<{ s: number }>(sql`SELECT SUM(n) AS s FROM t`)).toEqual([{ s: 3 }]);
  // Long reads left running when close() is called: closing waits for them (closing a busy DuckDB
  // connection would crash the process), and they finish with their results.
  const slow = [1, 2, 3, 4].map(() =>
    db.query<{ c: number }>(sql`SELECT COUNT(*) AS c FROM range(30000000)`),
  );
  await db.close();
  expect(await Promise.all(slow)).toEqual([
    [{ c: 30000000 }],
    [{ c: 30000000 }],
    [{ c: 30000000 }],
    [{ c: 30000000 }],
  ]);
});
