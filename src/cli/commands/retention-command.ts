/**
 * `keel retention fit --survival N0,N1,… [--discount D] [--horizon H]` — fits the shifted-beta-geometric
 * model to one cohort's survivor counts and prints the projection with DEL/DERL. Needs no workspace.
 */
import { AppError } from '../../domain/errors.js';
import {
  InvalidSurvivalDataError,
  discountedExpectedLifetime,
  discountedExpectedResidualLifetime,
  fitShiftedBetaGeometric,
  isConstantRetentionLimit,
  projectSurvival,
  retentionRates,
  type ShiftedBetaGeometricFit,
} from '../../metrics/retention/shifted-beta-geometric.js';
import { EXIT_OK, formatTable, printJson, printLine } from '../output.js';

const DEFAULT_DISCOUNT = 0.1;
// Below this the ₂F₁ series needs tens of millions of terms; no real per-period discount rate is smaller.
const MIN_DISCOUNT = 0.0001;
// A century of monthly periods: more rows than anyone reads, and it bounds the output.
const MAX_HORIZON = 1200;

export interface RetentionFitOptions {
  survival: string;
  discount?: string;
  horizon?: string;
  json?: boolean;
}

function parseSurvival(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const bad = parts.find((p) => !/^\d+$/.test(p));
  if (bad !== undefined)
    throw new AppError(
      'usage',
      `--survival takes whole-number survivor counts separated by commas (e.g. 1000,631,468,382); ` +
        (bad === '' ? 'found an empty entry' : `"${bad}" is not one`),
    );
  const counts = parts.map(Number);
  if (counts.some((n) => !Number.isSafeInteger(n)))
    throw new AppError('usage', '--survival: a count is too large to represent exactly');
  return counts;
}

function parseDiscount(text: string | undefined): number {
  if (text === undefined) return DEFAULT_DISCOUNT;
  const d = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(d >= MIN_DISCOUNT && d < 1))
    throw new AppError(
      'usage',
      `--discount is a rate per period as a fraction from ${MIN_DISCOUNT} up to (not including) 1, e.g. 0.10 ` +
        `for 10%; got "${text}"`,
    );
  return d;
}

function parseHorizon(text: string | undefined, observedPeriods: number): number {
  if (text === undefined) return Math.max(12, 2 * observedPeriods);
  const h = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(Number.isSafeInteger(h) && h >= 1 && h <= MAX_HORIZON))
    throw new AppError(
      'usage',
      `--horizon is a whole number of periods from 1 to ${MAX_HORIZON}; got "${text}"`,
    );
  return h;
}

function fitOrExplain(survivors: readonly number[]): ShiftedBetaGeometricFit {
  try {
    return fitShiftedBetaGeometric(survivors);
  } catch (error) {
    if (error instanceof InvalidSurvivalDataError)
      throw new AppError('usage', `--survival: ${error.message}`);
    throw error;
  }
}

const fixed = (x: number, digits: number) =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Right-aligns text cells: formatTable right-aligns only all-number columns, and these carry fixed decimals. */
function alignRight(header: string, cells: readonly string[]): string[] {
  const width = Math.max(header.length, ...cells.map((c) => c.length));
  return cells.map((c) => (c === '' ? '' : c.padStart(width)));
}

export async function retentionFitCommand(options: RetentionFitOptions): Promise<number> {
  const survivors = parseSurvival(options.survival);
  const observedPeriods = survivors.length - 1;
  const discount = parseDiscount(options.discount);
  const horizon = parseHorizon(options.horizon, observedPeriods);

  const fit = fitOrExplain(survivors);
  const { alpha, beta } = fit;
  const cohort = survivors[0] ?? 0;
  // Observed rows are always shown, even past a shorter --horizon, so the fit can be judged against them.
  const lastPeriod = Math.max(horizon, observedPeriods);
  const survival = projectSurvival(alpha, beta, lastPeriod);
  const retention = retentionRates(alpha, beta, lastPeriod);
  const periods = survival.map((s, t) => ({
    t,
    observed: survivors[t] ?? null,
    fitted: cohort * s,
    survival: s,
    retention: t === 0 ? null : (retention[t - 1] ?? null),
  }));
  const del = discountedExpectedLifetime(alpha, beta, discount);
  // One DERL per tenure seen in the data: the customers counted in survivors[m] have made m renewals.
  const derl = survivors.map((_, renewals) => ({
    renewals,
    value: discountedExpectedResidualLifetime(alpha, beta, discount, renewals),
  }));

  if (options.json) {
    printJson({
      alpha,
      beta,
      logLikelihood: fit.logLikelihood,
      converged: fit.converged,
      periods,
      discount,
      del,
      derl,
    });
    return EXIT_OK;
  }

  printLine(
    `Shifted-beta-geometric fit to a cohort of ${cohort.toLocaleString('en-US')} over ${observedPeriods} periods`,
  );
  printLine(
    `α = ${alpha.toPrecision(5)}   β = ${beta.toPrecision(5)}   log-likelihood = ${fit.logLikelihood.toFixed(2)}`,
  );
  if (!fit.converged)
    printLine(
      `warning: the fit did not converge after ${fit.iterations} iterations; treat α and β as unreliable`,
    );
  if (isConstantRetentionLimit(fit))
    printLine(
      'note: retention does not rise with tenure in these counts, so the best fit is the constant-retention ' +
        'limit (α, β → ∞); the projection is sound but α and β on their own mean nothing',
    );
  printLine();
  const headers = ['period', 'observed', 'fitted', 'retention'];
  const fitted = alignRight(
    'fitted',
    periods.map((p) => fixed(p.fitted, 1)),
  );
  const rates = alignRight(
    'retention',
    periods.map((p) => (p.retention === null ? '' : `${fixed(p.retention * 100, 1)}%`)),
  );
  printLine(
    formatTable(
      headers,
      periods.map((p, i) => [p.t, p.observed, fitted[i], rates[i]]),
    ),
  );
  printLine();
  printLine(
    `DEL (discount ${discount} per period): ${del.toFixed(4)} discounted payments per new customer (× margin per period = expected CLV)`,
  );
  printLine();
  const derlCells = alignRight(
    'DERL',
    derl.map((d) => fixed(d.value, 4)),
  );
  printLine('DERL: further discounted payments expected from an active customer, by renewals made so far');
  printLine(
    formatTable(
      ['renewals', 'DERL'],
      derl.map((d, i) => [d.renewals, derlCells[i]]),
    ),
  );
  return EXIT_OK;
}
