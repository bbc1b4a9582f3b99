import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { importFiles } from '../ingest/import-files.js';
import { describeEachBackend } from '../test-support/backends.js';
import { computeCohorts } from './cohorts.js';
import { parsePeriod } from './period.js';

describeEachBackend('cohorts', (ctx) => {
  it('follow each first-paid month’s accounts and MRR from the first day after it', async () => {
    const dir = join(ctx.dir, 'in');
    await mkdir(dir);
    await writeFile(
      join(dir, 'accounts.csv'),
      'id,name,created_at\nP,P,2025-01-01\nQ,Q,2025-01-01\nR,R,2025-01-01\nS,S,2025-01-01\n',
    );
    await writeFile(
      join(dir, 'subscriptions.csv'),
      [
        'id,account_id,mrr,started_at,ended_at',
        'p1,P,100,2025-01-10,2025-04-01', // January cohort, gone on 04-01
        'q1,Q,200,2025-01-20,', // January cohort
        'q2,Q,50,2025-03-15,', // … expands in March
        'r1,R,300,2025-02-05,2025-02-20', // February cohort, gone within its first month
        's1,S,80,2025-02-01,', // February cohort
      ].join('\n') + '\n',
    );
    await importFiles(ctx.db, { paths: [dir], strict: true, rejectsFile: join(ctx.dir, 'r.csv') });
    const cohorts = await computeCohorts(ctx.db, parsePeriod('2025-04')!, 4);
    // January: on 02-01 and 03-01 P 100 + Q 200; on 04-01 and 05-01 only Q, now 250.
    expect(cohorts[0]).toEqual({
      cohort: '2025-01',
      accounts: 2,
      months: [
        { k: 0, day: '2025-02-01', active: 2, mrr: 300, logoRetention: 1, mrrRetention: 1 },
        { k: 1, day: '2025-03-01', active: 2, mrr: 300, logoRetention: 1, mrrRetention: 1 },
        { k: 2, day: '2025-04-01', active: 1, mrr: 250, logoRetention: 0.5, mrrRetention: 250 / 300 },
        { k: 3, day: '2025-05-01', active: 1, mrr: 250, logoRetention: 0.5, mrrRetention: 250 / 300 },
      ],
    });
    // February: R left before month 0, so month 0 is S alone.
    expect(cohorts[1]?.accounts).toBe(2);
    expect(cohorts[1]?.months.map((m) => [m.day, m.active, m.mrr, m.logoRetention])).toEqual([
      ['2025-03-01', 1, 80, 1],
      ['2025-04-01', 1, 80, 1],
      ['2025-05-01', 1, 80, 1],
    ]);
    expect(cohorts).toHaveLength(2);
  });
});
