/**
 * `keel retention accounts [--through YYYY-MM] [--months N] [--discount D] [--top N] [--json]`: sBG fits of the
 * workspace's monthly cohorts and each paying account's discounted expected residual lifetime value.
 */
import type { Context } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { defaultPeriod } from '../../metrics/compute-metrics.js';
import { parsePeriod } from '../../metrics/period.js';
import {
  isConstantRetentionLimit,
  type ShiftedBetaGeometricFit,
} from '../../metrics/retention/shifted-beta-geometric.js';
import { computeWorkspaceRetention } from '../../metrics/retention/workspace-retention.js';
import { EXIT_OK, formatTable, printJson, printLine } from '../output.js';

export interface RetentionAccountsOptions {
  readonly through?: string;
  readonly months?: string;
  readonly discount?: string;
  readonly top?: string;
  readonly json?: boolean;
}

function number(
  name: string,
  text: string | undefined,
  fallback: number,
  ok: (n: number) => boolean,
): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || !ok(n))
    throw new AppError('usage', `--${name} has an invalid value ${JSON.stringify(text)}`);
  return n;
}

/** α and β, or — when retention does not rise with tenure and they run off to infinity — the constant rate. */
function describeFit(fit: ShiftedBetaGeometricFit): { alpha: string; beta: string; note: string } {
  if (isConstantRetentionLimit(fit)) {
    const rate = (fit.beta / (fit.alpha + fit.beta)) * 100;
    return {
      alpha: '∞',
      beta: '∞',
      note: `constant retention ${rate.toFixed(2)}% a month (no rise with tenure)`,
    };
  }
  return { alpha: fit.alpha.toFixed(3), beta: fit.beta.toFixed(3), note: '' };
}

export async function retentionAccountsCommand(
  ctx: Context,
  options: RetentionAccountsOptions,
): Promise<number> {
  await ctx.db.migrate();
  const through = options.through ? parsePeriod(options.through) : await defaultPeriod(ctx.db);
  if (!through || (options.through && !/^\d{4}-\d{2}$/.test(options.through))) {
    throw new AppError('usage', `--through must be a month YYYY-MM, not ${JSON.stringify(options.through)}`);
  }
  const result = await computeWorkspaceRetention(ctx.db, {
    through,
    months: number('months', options.months, 24, (n) => Number.isInteger(n) && n >= 3 && n <= 240),
    annualDiscount: number('discount', options.discount, 0.1, (n) => n > 0 && n < 1),
    grossMargin: ctx.config.grossMargin,
  });
  if (options.json) {
    printJson(result);
    return EXIT_OK;
  }
  const top = number('top', options.top, 20, (n) => Number.isInteger(n) && n > 0);
  printLine(`Shifted-beta-geometric fits of monthly cohorts through ${result.through}\n`);
  printLine(
    formatTable(
      ['cohort', 'accounts', 'survivors (first 6)', 'alpha', 'beta', 'note'],
      result.cohorts.map((c) => {
        const d = c.fit
          ? describeFit(c.fit)
          : { alpha: '', beta: '', note: `${c.reason ?? ''}: pooled fit used` };
        return [c.cohort, c.survivors[0] ?? 0, c.survivors.slice(0, 6).join(', '), d.alpha, d.beta, d.note];
      }),
    ),
  );
  if (result.pooled) {
    const d = describeFit(result.pooled.fit);
    printLine(`\npooled fit: alpha ${d.alpha}, beta ${d.beta}${d.note ? ` (${d.note})` : ''}`);
  }
  const money = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  printLine(
    `\nTop ${Math.min(top, result.accounts.length)} of ${result.accounts.length} paying accounts by residual value (DERL × MRR × margin ${ctx.config.grossMargin}, monthly discount ${(result.monthlyDiscount * 100).toFixed(3)}%)\n`,
  );
  printLine(
    formatTable(
      ['account', 'cohort', 'renewals', 'mrr', 'DERL (months)', 'residual value', 'fit'],
      result.accounts
        .slice(0, top)
        .map((a) => [
          a.accountId,
          a.cohort,
          a.renewals,
          money(a.mrr),
          a.derl.toFixed(1),
          money(a.residualValue),
          a.fitFrom,
        ]),
    ),
  );
  return EXIT_OK;
}
