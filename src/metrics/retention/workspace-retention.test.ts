import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { importFiles } from '../../ingest/import-files.js';
import { describeEachBackend } from '../../test-support/backends.js';
import { parsePeriod } from '../period.js';
import { discountedExpectedResidualLifetime, fitShiftedBetaGeometric } from './shifted-beta-geometric.js';
import { computeWorkspaceRetention } from './workspace-retention.js';

describeEachBackend('sBG on workspace cohorts', (ctx) => {
  it('derives survivors from subscription lines and values the accounts still paying', async () => {
    // One January 2024 cohort of 20 accounts at $100, observed on the 1st of Feb … Jun:
    // 4 leave in January, 3 in February, 2 in March, 1 in April, 1 lapses in April and returns in May, 9 stay.
    const ends = [
      ...Array(4).fill('2024-01-20'),
      ...Array(3).fill('2024-02-15'),
      ...Array(2).fill('2024-03-10'),
      '2024-04-10',
      '2024-04-10', // the one that comes back
      ...Array(9).fill(''),
    ];
    const ids = ends.map((_, i) => `a${String(i).padStart(2, '0')}`);
    const dir = join(ctx.dir, 'in');
    await mkdir(dir);
    await writeFile(
      join(dir, 'accounts.csv'),
      ['id,name,created_at', ...ids.map((id) => `${id},${id},2024-01-01`)].join('\n') + '\n',
    );
    await writeFile(
      join(dir, 'subscriptions.csv'),
      [
        'id,account_id,mrr,started_at,ended_at',
        ...ids.map((id, i) => `s-${id},${id},100,2024-01-05,${ends[i]}`),
        `back-${ids[10]},${ids[10]},100,2024-05-15,`,
      ].join('\n') + '\n',
    );
    await importFiles(ctx.db, { paths: [dir], strict: true, rejectsFile: join(ctx.dir, 'r.csv') });

    const result = await computeWorkspaceRetention(ctx.db, {
      through: parsePeriod('2024-05')!,
      months: 5,
      annualDiscount: 0.1,
      grossMargin: 0.8,
    });
    // At least t renewals: all 20; 16 paid on 02-01; 13 on 03-01 too; 11 on 04-01; 9 on 05-01 (the lapse ends survival); 9 on 06-01.
    expect(result.cohorts.map((c) => [c.cohort, c.survivors])).toEqual([['2024-01', [20, 16, 13, 11, 9, 9]]]);
    const fit = fitShiftedBetaGeometric([20, 16, 13, 11, 9, 9]);
    expect(result.cohorts[0]?.fit?.alpha).toBeCloseTo(fit.alpha, 9);
    const monthly = 1.1 ** (1 / 12) - 1;
    expect(result.monthlyDiscount).toBeCloseTo(monthly, 12);
    // The nine that never left are valued; the returning account is not (its survival ended at the lapse).
    expect(result.accounts).toHaveLength(9);
    const derl = discountedExpectedResidualLifetime(fit.alpha, fit.beta, monthly, 5);
    for (const a of result.accounts) {
      expect(a).toMatchObject({ cohort: '2024-01', renewals: 5, mrr: 100, fitFrom: 'cohort' });
      expect(a.residualValue).toBeCloseTo(derl * 100 * 0.8, 6);
    }
  });
});
