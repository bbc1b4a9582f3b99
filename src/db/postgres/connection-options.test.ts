import { expect, it } from 'vitest';
import { describeEachBackend } from '../../test-support/backends.js';
import { sql } from '../sql.js';
import { withJitOff } from './postgres-database.js';

it('appends jit=off to the options a URL already carries', () => {
  const url = new URL(withJitOff('postgres://u:p@h:5432/db?options=-c%20search_path%3Dws&sslmode=disable'));
  expect(url.searchParams.get('options')).toBe('-c search_path=ws -c jit=off');
  expect(url.searchParams.get('sslmode')).toBe('disable');
  expect(new URL(withJitOff('postgresql://h/db')).searchParams.get('options')).toBe('-c jit=off');
});

describeEachBackend(
  'PostgreSQL connection options',
  (ctx) => {
    it('runs every pooled connection with JIT off and the workspace schema first', async () => {
      const rows = await Promise.all(
        [1, 2, 3, 4, 5, 6].map(() =>
          ctx.db.query<{ jit: string; schema: string }>(
            sql`SELECT current_setting('jit') AS jit, current_schema() AS schema`,
          ),
        ),
      );
      const url = ctx.cliArgs[1] ?? '';
      const schema = /search_path=([^&\s]+)/.exec(decodeURIComponent(url))?.[1];
      expect(schema).toBeDefined();
      for (const [r] of rows) expect(r).toEqual({ jit: 'off', schema });
    });
  },
  ['postgres'],
);
