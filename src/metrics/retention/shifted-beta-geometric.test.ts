import { describe, expect, it } from 'vitest';
import {
  InvalidSurvivalDataError,
  churnProbabilities,
  discountedExpectedLifetime,
  discountedExpectedResidualLifetime,
  fitShiftedBetaGeometric,
  hypergeometric2F1WithAOne,
  isConstantRetentionLimit,
  polarizationIndex,
  projectSurvival,
  retentionRates,
  sbgLogLikelihood,
} from './shifted-beta-geometric.js';

// Fader & Hardie (2007), "How to Project Customer Retention", years 0–7 of the two cohorts (the paper fits
// on these and holds out years 8–12); the appendix vector of the shared reference is the first five years
// of "regular".
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];
const APPENDIX = [1000, 631, 468, 382, 326];

const threeSignificant = (x: number) => Number(x.toPrecision(3));

// Lanczos (g = 7, 9 terms), only to check the recursions against the closed Beta-function forms.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0] ?? 0;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] ?? 0) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}
const lnBeta = (a: number, b: number) => lnGamma(a) + lnGamma(b) - lnGamma(a + b);

/** DEL and DERL by direct summation of discounted survival, stopped far past any visible contribution. */
function bruteForceResidual(alpha: number, beta: number, d: number, renewals: number): number {
  const terms = 20_000;
  const s = projectSurvival(alpha, beta, renewals + terms);
  let sum = 0;
  for (let t = renewals + 1; t <= renewals + terms; t++)
    sum += (s[t] ?? 0) / (s[renewals] ?? 1) / (1 + d) ** (t - renewals - 1);
  return sum;
}
function bruteForceLifetime(alpha: number, beta: number, d: number): number {
  const s = projectSurvival(alpha, beta, 20_000);
  return s.reduce((sum, v, t) => sum + v / (1 + d) ** t, 0);
}

describe('sBG distribution', () => {
  const alpha = 0.7;
  const beta = 2.3;

  it('recursions equal the Beta-function forms P(T=t) = B(α+1, β+t−1)/B(α,β), S(t) = B(α, β+t)/B(α,β)', () => {
    const p = churnProbabilities(alpha, beta, 40);
    const s = projectSurvival(alpha, beta, 40);
    expect(s).toHaveLength(41);
    expect(s[0]).toBe(1);
    for (let t = 1; t <= 40; t++) {
      expect(p[t - 1]).toBeCloseTo(Math.exp(lnBeta(alpha + 1, beta + t - 1) - lnBeta(alpha, beta)), 12);
      expect(s[t]).toBeCloseTo(Math.exp(lnBeta(alpha, beta + t) - lnBeta(alpha, beta)), 12);
      expect((s[t - 1] ?? 0) - (p[t - 1] ?? 0)).toBeCloseTo(s[t] ?? 0, 14);
    }
  });

  it('retention r_t = S(t)/S(t−1) = (β+t−1)/(α+β+t−1) rises with tenure', () => {
    const r = retentionRates(alpha, beta, 10);
    const s = projectSurvival(alpha, beta, 10);
    expect(r[0]).toBeCloseTo(beta / (alpha + beta), 15);
    r.forEach((rate, i) => {
      expect(rate).toBeCloseTo((s[i + 1] ?? 0) / (s[i] ?? 1), 14);
      if (i > 0) expect(rate).toBeGreaterThan(r[i - 1] ?? 1);
    });
  });

  it('horizon 0 gives S(0) alone, and parameters are checked', () => {
    expect(projectSurvival(1, 1, 0)).toEqual([1]);
    expect(retentionRates(1, 1, 0)).toEqual([]);
    expect(() => projectSurvival(0, 1, 3)).toThrow(RangeError);
    expect(() => projectSurvival(1, Number.NaN, 3)).toThrow(/finite and positive/);
    expect(() => projectSurvival(1, 1, 2.5)).toThrow(/horizon must be a non-negative integer/);
    expect(() => churnProbabilities(1, 1, -1)).toThrow(/horizon/);
  });

  it('polarisation index is 1/(α+β+1)', () => {
    expect(polarizationIndex(0.5, 1.5)).toBeCloseTo(1 / 3, 15);
  });
});

describe('fitShiftedBetaGeometric', () => {
  it('reproduces the reference appendix vector (survivors 1000, 631, 468, 382, 326)', () => {
    const fit = fitShiftedBetaGeometric(APPENDIX);
    expect(fit.converged).toBe(true);
    expect(fit.alpha).toBeCloseTo(0.7637, 4);
    expect(fit.beta).toBeCloseTo(1.2958, 4);
    expect(fit.logLikelihood).toBeCloseTo(-1401.56, 2);
    expect(retentionRates(fit.alpha, fit.beta, 5).map((r) => Number(r.toFixed(3)))).toEqual([
      0.629, 0.75, 0.812, 0.849, 0.874,
    ]);
  });

  it('reproduces Fader & Hardie (2007): regular α̂ = 0.704, β̂ = 1.182; high end α̂ = 0.668, β̂ = 3.806', () => {
    const regular = fitShiftedBetaGeometric(REGULAR);
    expect(regular.converged).toBe(true);
    expect([threeSignificant(regular.alpha), threeSignificant(regular.beta)]).toEqual([0.704, 1.18]);
    expect(regular.beta).toBeCloseTo(1.182, 3);
    const highEnd = fitShiftedBetaGeometric(HIGH_END);
    expect(highEnd.converged).toBe(true);
    expect([threeSignificant(highEnd.alpha), threeSignificant(highEnd.beta)]).toEqual([0.668, 3.81]);
    expect(highEnd.beta).toBeCloseTo(3.806, 3);
  });

  it('returns the maximum: LL matches the estimates and every nearby point is lower', () => {
    for (const survivors of [APPENDIX, REGULAR, HIGH_END]) {
      const fit = fitShiftedBetaGeometric(survivors);
      expect(sbgLogLikelihood(fit.alpha, fit.beta, survivors)).toBe(fit.logLikelihood);
      for (const [da, db] of [
        [1.001, 1],
        [0.999, 1],
        [1, 1.001],
        [1, 0.999],
        [1.001, 1.001],
        [0.999, 0.999],
      ] as const)
        expect(sbgLogLikelihood(fit.alpha * da, fit.beta * db, survivors)).toBeLessThan(fit.logLikelihood);
    }
  });

  it('log-likelihood is Σ n_t ln P(T=t) + n_T ln S(T), by hand for a three-period cohort', () => {
    const [a, b] = [1.5, 2];
    const p1 = a / (a + b);
    const p2 = (p1 * b) / (a + b + 1);
    expect(sbgLogLikelihood(a, b, [10, 6, 5])).toBeCloseTo(
      4 * Math.log(p1) + Math.log(p2) + 5 * Math.log(1 - p1 - p2),
      12,
    );
    // A period in which nobody churns and a cohort that ends empty add no log(0) terms.
    expect(Number.isFinite(sbgLogLikelihood(a, b, [10, 10, 0]))).toBe(true);
  });

  it('is deterministic and accepts a cohort that ends empty', () => {
    expect(fitShiftedBetaGeometric(HIGH_END)).toEqual(fitShiftedBetaGeometric(HIGH_END));
    const emptied = fitShiftedBetaGeometric([100, 40, 25, 18, 0]);
    expect(emptied.converged).toBe(true);
    expect(emptied.alpha).toBeGreaterThan(0);
  });

  it('a cohort with constant retention goes to the geometric limit, flagged, with the right projection', () => {
    const fit = fitShiftedBetaGeometric([1000, 500, 250, 125]);
    expect(isConstantRetentionLimit(fit)).toBe(true);
    expect(retentionRates(fit.alpha, fit.beta, 3)[2]).toBeCloseTo(0.5, 6);
    // Geometric DEL: Σ (0.5/1.1)^t = 1.1/0.6.
    expect(discountedExpectedLifetime(fit.alpha, fit.beta, 0.1)).toBeCloseTo(1.1 / 0.6, 6);
    expect(isConstantRetentionLimit(fitShiftedBetaGeometric(REGULAR))).toBe(false);
  });

  it('rejects unusable survivor counts with a clear message', () => {
    const cases: [number[], RegExp][] = [
      [[], /at least two periods/],
      [[1000, 600], /at least two periods.*got only 2/],
      [[1000, 600, 700], /must not increase: count 2 \(700\) exceeds count 1 \(600\)/],
      [[1000, 600.5, 300], /count 1 must be a non-negative integer, got 600.5/],
      [[1000, -1, -2], /non-negative integer, got -1/],
      [[1000, Number.NaN, 3], /non-negative integer, got NaN/],
      [[0, 0, 0], /cohort is empty/],
      [[1000, 1000, 1000], /no customer churned/],
      [[1000, 0, 0], /every customer churned in the first period/],
    ];
    for (const [survivors, message] of cases) {
      expect(() => fitShiftedBetaGeometric(survivors)).toThrow(InvalidSurvivalDataError);
      expect(() => fitShiftedBetaGeometric(survivors)).toThrow(message);
    }
  });
});

describe('discounted expected (residual) lifetime', () => {
  it('matches the reference appendix: DEL(0.10) 3.6211; DERL for n = 1, 2, 3, 5 (renewals made = n − 1)', () => {
    const { alpha, beta } = fitShiftedBetaGeometric(APPENDIX);
    expect(discountedExpectedLifetime(alpha, beta, 0.1)).toBeCloseTo(3.6211, 4);
    const derl = (renewals: number) => discountedExpectedResidualLifetime(alpha, beta, 0.1, renewals);
    expect(derl(0)).toBeCloseTo(2.8833, 4);
    expect(derl(1)).toBeCloseTo(3.9407, 4);
    expect(derl(2)).toBeCloseTo(4.6766, 4);
    expect(derl(4)).toBeCloseTo(5.6838, 4);
  });

  it('equals brute-force sums of discounted survival', () => {
    const cases: [number, number, number][] = [
      [0.7637, 1.2958, 0.1],
      [0.668, 3.806, 0.1],
      [0.3, 0.4, 0.25],
      [2.5, 8, 0.05],
      [1, 1, 0.01],
      [50, 2000, 0.008],
    ];
    for (const [alpha, beta, d] of cases) {
      const del = discountedExpectedLifetime(alpha, beta, d);
      expect(del).toBeCloseTo(bruteForceLifetime(alpha, beta, d), 9);
      // Just-acquired identity: after the first (undiscounted) payment, DERL(0) is what remains, one period on.
      expect(discountedExpectedResidualLifetime(alpha, beta, d, 0)).toBeCloseTo((del - 1) * (1 + d), 10);
      for (const renewals of [0, 1, 2, 5, 12])
        expect(discountedExpectedResidualLifetime(alpha, beta, d, renewals)).toBeCloseTo(
          bruteForceResidual(alpha, beta, d, renewals),
          9,
        );
    }
  });

  it('residual lifetime grows with tenure (sorting effect)', () => {
    const values = [0, 1, 2, 3, 10].map((m) => discountedExpectedResidualLifetime(0.704, 1.182, 0.1, m));
    values.slice(1).forEach((v, i) => expect(v).toBeGreaterThan(values[i] ?? Infinity));
  });

  it('₂F₁(1, b; c; z) matches closed forms', () => {
    // ₂F₁(1,1;2;z) = Σ z^k/(k+1) = −ln(1−z)/z;  ₂F₁(1,1;3;z) = Σ 2z^k/((k+1)(k+2)) = 2(z + (1−z)ln(1−z))/z².
    for (const z of [0, 0.3, 0.9, 0.999]) {
      expect(hypergeometric2F1WithAOne(1, 2, z)).toBeCloseTo(z === 0 ? 1 : -Math.log(1 - z) / z, 11);
      if (z > 0)
        expect(hypergeometric2F1WithAOne(1, 3, z)).toBeCloseTo(
          (2 * (z + (1 - z) * Math.log(1 - z))) / z ** 2,
          10,
        );
    }
    expect(() => hypergeometric2F1WithAOne(2, 1, 0.5)).toThrow(/0 < b < c/);
    expect(() => hypergeometric2F1WithAOne(1, 2, 1)).toThrow(/0 ≤ z < 1/);
  });

  it('rejects a non-positive discount and a fractional renewal count', () => {
    expect(() => discountedExpectedLifetime(1, 1, 0)).toThrow(/discount rate must be positive/);
    expect(() => discountedExpectedLifetime(1, 1, -0.1)).toThrow(RangeError);
    expect(() => discountedExpectedResidualLifetime(1, 1, 0.1, 1.5)).toThrow(
      /renewals must be a non-negative/,
    );
  });
});
