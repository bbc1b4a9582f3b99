/**
 * The shifted-beta-geometric (sBG) model of contractual retention: fit to one cohort's survivor counts by
 * maximum likelihood, survival projection, retention rates, and discounted expected (residual) lifetimes.
 *
 * Model (Fader & Hardie 2007, "How to Project Customer Retention", J. Interactive Marketing 21(1), eqs 7–8):
 * each customer renews at the end of every period with a fixed probability 1 − θ, and θ ~ Beta(α, β)
 * across customers. T ≥ 1 is the period in which a customer churns.
 *   P(T=t) = B(α+1, β+t−1) / B(α,β):  P(1) = α/(α+β),  P(t) = P(t−1)·(β+t−2)/(α+β+t−1)
 *   S(t)   = B(α, β+t) / B(α,β):      S(0) = 1,        S(t) = S(t−1) − P(t) = S(t−1)·r_t
 *   r_t    = S(t)/S(t−1) = (β+t−1)/(α+β+t−1), rising with t as the likelier churners leave (sorting effect)
 * Single-cohort log-likelihood (Fader & Hardie, note 017 "sBG estimation", eq. 2), survivors n_0 ≥ n_1 ≥ …:
 *   LL(α,β) = Σ_{t=1..T} (n_{t−1} − n_t)·ln P(T=t) + n_T·ln S(T)
 * Lifetimes with per-period discount rate d, one payment per period paid at its start (Fader & Hardie 2010,
 * "Customer-Base Valuation in a Contractual Setting", Marketing Science 29(1); DERL is their eq. 6):
 *   DEL(d)          = Σ_{t≥0} S(t)/(1+d)^t = ₂F₁(1, β; α+β; 1/(1+d))                    (just acquired)
 *   DERL(d | m)     = Σ_{t>m} S(t)/S(m) /(1+d)^{t−m−1}
 *                   = (β+m)/(α+β+m) · ₂F₁(1, β+m+1; α+β+m+1; 1/(1+d))                   (m renewals made)
 * Fader & Hardie write DERL(d | α, β, n−1) for the customer who has made n−1 renewals and is about to make
 * the n-th renewal decision; `renewals` here is their n−1, so DERL(renewals = 0) = (DEL − 1)(1 + d).
 * E[CLV] = margin·DEL and E[RLV] = margin·DERL. Formulas restated in shared reference §C6.
 */
import { minimizeNelderMead } from './nelder-mead.js';

export interface ShiftedBetaGeometricFit {
  readonly alpha: number;
  readonly beta: number;
  readonly logLikelihood: number;
  readonly iterations: number;
  /** False when the optimiser stopped on its iteration limit; the estimates are then not a maximum. */
  readonly converged: boolean;
}

/** Survivor counts that cannot be fitted. Callers map it to their own usage error. */
export class InvalidSurvivalDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSurvivalDataError';
  }
}

function assertParameters(alpha: number, beta: number): void {
  if (!(Number.isFinite(alpha) && alpha > 0 && Number.isFinite(beta) && beta > 0))
    throw new RangeError(`sBG parameters must be finite and positive, got α=${alpha}, β=${beta}`);
}

function assertPeriodCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

function assertDiscount(d: number): void {
  // At d = 0 the series diverges whenever α ≤ 1 (expected lifetime is infinite), so it is not allowed.
  if (!(Number.isFinite(d) && d > 0)) throw new RangeError(`discount rate must be positive, got ${d}`);
}

/**
 * Checks survivor counts n_0, n_1, … (customers still active after 0, 1, … renewals). Two periods are the
 * minimum: one period's churn share fixes only α/(α+β), so any α on that ridge fits equally well.
 */
export function validateSurvivors(survivors: readonly number[]): void {
  if (survivors.length < 3)
    throw new InvalidSurvivalDataError(
      `need survivor counts for at least two periods after the start (3 numbers), got only ${survivors.length}`,
    );
  survivors.forEach((n, t) => {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new InvalidSurvivalDataError(`survivor count ${t} must be a non-negative integer, got ${n}`);
    const previous = survivors[t - 1];
    if (previous !== undefined && n > previous)
      throw new InvalidSurvivalDataError(
        `survivor counts must not increase: count ${t} (${n}) exceeds count ${t - 1} (${previous})`,
      );
  });
  const [first = 0, second = 0] = survivors;
  const last = survivors[survivors.length - 1] ?? 0;
  if (first === 0) throw new InvalidSurvivalDataError('the cohort is empty: the first survivor count is 0');
  // Both cases put the maximum at α → 0 or β → 0, outside the model, and say nothing about heterogeneity.
  if (last === first) throw new InvalidSurvivalDataError('no customer churned: there is no churn to model');
  if (second === 0)
    throw new InvalidSurvivalDataError(
      'every customer churned in the first period: nothing to fit beyond it',
    );
}

/** P(T = t) for t = 1 … horizon (index 0 is t = 1). */
export function churnProbabilities(alpha: number, beta: number, horizon: number): number[] {
  assertParameters(alpha, beta);
  assertPeriodCount('horizon', horizon);
  const p: number[] = [];
  let current = alpha / (alpha + beta);
  for (let t = 1; t <= horizon; t++) {
    if (t > 1) current *= (beta + t - 2) / (alpha + beta + t - 1);
    p.push(current);
  }
  return p;
}

/** r_t = P(renew at end of period t | active in period t) for t = 1 … horizon (index 0 is t = 1). */
export function retentionRates(alpha: number, beta: number, horizon: number): number[] {
  assertParameters(alpha, beta);
  assertPeriodCount('horizon', horizon);
  return Array.from({ length: horizon }, (_, i) => (beta + i) / (alpha + beta + i));
}

/**
 * S(t) for t = 0 … horizon (index = t). Multiplies by r_t instead of subtracting P(t): the two are equal,
 * but the product keeps full relative precision once S(t) is small, where the difference would cancel.
 */
export function projectSurvival(alpha: number, beta: number, horizon: number): number[] {
  const survival = [1];
  let current = 1;
  for (const r of retentionRates(alpha, beta, horizon)) survival.push((current *= r));
  return survival;
}

/** The single-cohort log-likelihood LL(α, β) of the header; terms with no customers contribute 0. */
export function sbgLogLikelihood(alpha: number, beta: number, survivors: readonly number[]): number {
  const periods = survivors.length - 1;
  const p = churnProbabilities(alpha, beta, periods);
  let ll = 0;
  for (let t = 1; t <= periods; t++) {
    const churned = (survivors[t - 1] ?? 0) - (survivors[t] ?? 0);
    if (churned > 0) ll += churned * Math.log(p[t - 1] ?? 0);
  }
  const remaining = survivors[periods] ?? 0;
  if (remaining > 0) ll += remaining * Math.log(projectSurvival(alpha, beta, periods)[periods] ?? 0);
  return ll;
}

/**
 * A start for the optimiser from the first two observed retention rates, which the model reproduces
 * exactly at α+β = (1−r₂)/(r₂−r₁), β = r₁(α+β). Falls back to α = β = 1 when retention does not rise.
 */
function startingPoint(survivors: readonly number[]): [number, number] {
  const [n0 = 0, n1 = 0, n2 = 0] = survivors;
  const r1 = n1 / n0;
  const r2 = n1 > 0 ? n2 / n1 : 0;
  if (r1 > 0 && r2 > r1 && r2 < 1) {
    const sum = (1 - r2) / (r2 - r1);
    const beta = r1 * sum;
    const alpha = sum - beta;
    if (alpha > 1e-3 && beta > 1e-3 && sum < 1e6) return [Math.log(alpha), Math.log(beta)];
  }
  return [0, 0];
}

/**
 * Maximum-likelihood α, β for one cohort's survivor counts (n_0 = cohort size, n_t = still active after t
 * renewals). Optimises over (ln α, ln β) so the parameters stay positive without constraints.
 * Deterministic: same counts, same estimates.
 */
export function fitShiftedBetaGeometric(survivors: readonly number[]): ShiftedBetaGeometricFit {
  validateSurvivors(survivors);
  const negativeLogLikelihood = ([logAlpha = 0, logBeta = 0]: readonly number[]) => {
    const alpha = Math.exp(logAlpha);
    const beta = Math.exp(logBeta);
    // Far out on the ridge α, β → ∞ (no heterogeneity) the parameters overflow; reject those points.
    if (!(alpha > 0 && beta > 0 && Number.isFinite(alpha) && Number.isFinite(beta))) return Infinity;
    return -sbgLogLikelihood(alpha, beta, survivors);
  };
  const result = minimizeNelderMead(negativeLogLikelihood, startingPoint(survivors), {
    initialStep: 0.5,
    xTolerance: 1e-10,
    fTolerance: 1e-14,
    maxIterations: 5000,
  });
  const [logAlpha = 0, logBeta = 0] = result.x;
  return {
    alpha: Math.exp(logAlpha),
    beta: Math.exp(logBeta),
    logLikelihood: -result.value,
    iterations: result.iterations,
    converged: result.converged,
  };
}

/**
 * Fader & Hardie's polarisation index φ = 1/(α+β+1): the spread of churn probabilities across customers,
 * 0 when all share one θ and 1 when each has θ = 0 or 1.
 */
export function polarizationIndex(alpha: number, beta: number): number {
  assertParameters(alpha, beta);
  return 1 / (alpha + beta + 1);
}

/**
 * True when the fit ran off to the edge α, β → ∞ with β/(α+β) fixed: the counts show no sign of retention
 * rising with tenure, so the best sBG is a constant-retention (geometric) model. Projections and lifetimes
 * are still sound; α and β on their own mean nothing.
 */
export function isConstantRetentionLimit(fit: { alpha: number; beta: number }): boolean {
  return polarizationIndex(fit.alpha, fit.beta) < 1e-6;
}

/**
 * ₂F₁(1, b; c; z) = Σ_{k≥0} (b)_k/(c)_k · z^k for 0 < b < c and 0 ≤ z < 1. Each term is at most z times
 * the one before, so the tail after term k is below term_k·z/(1−z): summing stops once that bound is
 * negligible, which makes the result accurate to about 1e-15 relative however close z is to 1.
 */
export function hypergeometric2F1WithAOne(b: number, c: number, z: number): number {
  if (!(b > 0 && c > b && Number.isFinite(c)))
    throw new RangeError(`₂F₁(1, b; c; z) needs 0 < b < c, got b=${b}, c=${c}`);
  if (!(z >= 0 && z < 1)) throw new RangeError(`₂F₁(1, b; c; z) needs 0 ≤ z < 1, got z=${z}`);
  const tailFactor = z / (1 - z);
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 100_000_000; k++) {
    if (term * tailFactor <= 1e-16 * sum) return sum;
    term *= ((b + k) / (c + k)) * z;
    sum += term;
  }
  throw new RangeError(`₂F₁(1, ${b}; ${c}; ${z}) did not converge: discount rate too close to 0`);
}

/** DEL: expected number of payments, discounted, of a just-acquired customer (first one undiscounted). */
export function discountedExpectedLifetime(alpha: number, beta: number, discount: number): number {
  assertParameters(alpha, beta);
  assertDiscount(discount);
  return hypergeometric2F1WithAOne(beta, alpha + beta, 1 / (1 + discount));
}

/**
 * DERL: expected discounted number of further payments from a customer who has made `renewals` renewals
 * and has not yet made the next decision; the payment that the next renewal brings is undiscounted.
 */
export function discountedExpectedResidualLifetime(
  alpha: number,
  beta: number,
  discount: number,
  renewals: number,
): number {
  assertParameters(alpha, beta);
  assertDiscount(discount);
  assertPeriodCount('renewals', renewals);
  const m = renewals;
  const nextRetention = (beta + m) / (alpha + beta + m);
  return nextRetention * hypergeometric2F1WithAOne(beta + m + 1, alpha + beta + m + 1, 1 / (1 + discount));
}
