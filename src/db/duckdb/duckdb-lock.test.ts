import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { openDuckDb } from './duckdb-database.js';

const run = promisify(execFile);
const MAIN = new URL('../../cli/main.ts', import.meta.url).pathname;

it('a second process on a held DuckDB file is told who holds it and what to do', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keel-lock-'));
  const path = join(dir, 'keel.duckdb');
  const held = await openDuckDb({ path });
  try {
    await held.migrate();
    const failure = await run(process.execPath, ['--import', 'tsx', MAIN, '--db', path, 'init']).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(`is in use by another process`);
    expect(failure?.stderr).toContain(`PID ${process.pid}`);
  } finally {
    await held.close();
    await rm(dir, { recursive: true, force: true });
  }
});
