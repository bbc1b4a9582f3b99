import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { importFiles } from '../ingest/import-files.js';
import { describeEachBackend } from '../test-support/backends.js';
import { csmCapacity } from './csm-capacity.js';

describeEachBackend('CSM capacity', (ctx) => {
  it('measures each book against the touch-model ranges and lists unassigned accounts', async () => {
    // c1: 55 high-touch accounts (range 15–50) → load 55/50 = 1.1, overloaded.
    // c2: 10 low-touch accounts (range 50–100) → load 0.1; 10/50 < 1, underloaded.
    // c3: 20 high-touch + 100 tech-touch → load 20/50 + 100/250 = 0.8; 20/15 + 100/100 ≥ 1, within range.
    // 3 tech-touch accounts without a CSM, and 1 of c1's accounts stopped paying before the date.
    const accounts: string[] = [];
    const add = (n: number, csm: string, touch: string) => {
      for (let i = 0; i < n; i++) accounts.push(`${csm || 'none'}-${touch}-${i},${csm},${touch}`);
    };
    add(55, 'c1', 'high');
    add(10, 'c2', 'low');
    add(20, 'c3', 'high');
    add(100, 'c3', 'tech');
    add(3, '', 'tech');
    accounts.push('gone,c1,high');
    const dir = join(ctx.dir, 'in');
    await mkdir(dir);
    await writeFile(join(dir, 'agents.csv'), 'id,name,role\nc1,Cara,csm\nc2,Cole,csm\nc3,Cruz,csm\n');
    await writeFile(
      join(dir, 'accounts.csv'),
      ['id,csm_id,touch_model,name,created_at', ...accounts.map((a) => `${a},x,2024-01-01`)].join('\n') +
        '\n',
    );
    await writeFile(
      join(dir, 'subscriptions.csv'),
      [
        'id,account_id,mrr,started_at,ended_at',
        ...accounts.map((a) => {
          const id = a.split(',')[0];
          return `s-${id},${id},100,2024-01-01,${id === 'gone' ? '2025-01-01' : ''}`;
        }),
      ].join('\n') + '\n',
    );
    const report = await importFiles(ctx.db, {
      paths: [dir],
      strict: true,
      rejectsFile: join(ctx.dir, 'r.csv'),
    });
    expect(report.committed).toBe(true);

    const capacity = await csmCapacity(ctx.db, '2025-06-01');
    expect(capacity.books.map((b) => [b.csmId, b.status])).toEqual([
      ['c1', 'overloaded'],
      ['c2', 'underloaded'],
      ['c3', 'within range'],
    ]);
    expect(capacity.books[0]).toMatchObject({
      name: 'Cara',
      accounts: { high: 55, low: 0, tech: 0, unknown: 0 },
      arr: 55 * 1200,
    });
    expect(capacity.books[0]?.load).toBeCloseTo(1.1, 12);
    expect(capacity.books[2]?.load).toBeCloseTo(20 / 50 + 100 / 250, 12);
    expect(capacity.unassigned).toEqual({
      accounts: { high: 0, low: 0, tech: 3, unknown: 0 },
      arr: 3 * 1200,
    });
  });
});
