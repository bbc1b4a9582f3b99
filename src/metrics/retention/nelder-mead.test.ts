import { describe, expect, it } from 'vitest';
import { minimizeNelderMead } from './nelder-mead.js';

const rosenbrock = ([x = 0, y = 0]: readonly number[]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;

describe('minimizeNelderMead', () => {
  it('finds the minimum of the Rosenbrock valley from the classic start', () => {
    const result = minimizeNelderMead(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
    expect(result.x[1]).toBeCloseTo(1, 8);
    expect(result.value).toBeLessThan(1e-16);
  });

  it('minimises a shifted quadratic in one and three dimensions', () => {
    const one = minimizeNelderMead(([x = 0]) => (x - 3) ** 2 + 7, [0]);
    expect(one.x[0]).toBeCloseTo(3, 9);
    expect(one.value).toBeCloseTo(7, 12);
    const target = [1, -2, 0.5];
    const three = minimizeNelderMead(
      (x) => x.reduce((s, v, i) => s + (i + 1) * (v - (target[i] ?? 0)) ** 2, 0),
      [0, 0, 0],
    );
    expect(three.converged).toBe(true);
    three.x.forEach((v, i) => expect(v).toBeCloseTo(target[i] ?? 0, 8));
  });

  it('treats Infinity and NaN as rejected points and stays in the feasible region', () => {
    // Minimum of (x+1)² restricted to x ≥ 0 is at the wall x = 0.
    const result = minimizeNelderMead(
      ([x = 0]) => (x < 0 ? Infinity : x > 0.5 && x < 1 ? NaN : (x + 1) ** 2),
      [2],
    );
    expect(result.x[0]).toBeGreaterThanOrEqual(0);
    expect(result.x[0]).toBeCloseTo(0, 8);
  });

  it('reports non-convergence when the iteration limit is reached', () => {
    const result = minimizeNelderMead(rosenbrock, [-1.2, 1], { maxIterations: 5 });
    expect(result).toMatchObject({ iterations: 5, converged: false });
  });

  it('is deterministic', () => {
    expect(minimizeNelderMead(rosenbrock, [-1.2, 1])).toEqual(minimizeNelderMead(rosenbrock, [-1.2, 1]));
  });

  it('refuses an empty parameter vector and a start outside the domain', () => {
    expect(() => minimizeNelderMead(() => 0, [])).toThrow(/at least one parameter/);
    expect(() => minimizeNelderMead(() => Infinity, [0])).toThrow(/not finite at start/);
  });
});
