/**
 * A small, deterministic Nelder–Mead simplex minimiser for the few-parameter maximum-likelihood fits of
 * the retention models. Written here rather than taken from npm: fmin is a 0.0.4 release without types and
 * optimization-js ships untyped with build tools as runtime dependencies; a tested simplex is a few dozen lines.
 */

export interface NelderMeadOptions {
  /** Offset of each extra vertex of the starting simplex along its axis. */
  readonly initialStep?: number;
  /** Converged when every vertex lies within this distance (max-norm) of the best one... */
  readonly xTolerance?: number;
  /** ...and every vertex's value is within this of the best, relative to 1 + |best value|. */
  readonly fTolerance?: number;
  readonly maxIterations?: number;
}

export interface NelderMeadResult {
  readonly x: number[];
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
}

// Standard coefficients (Nelder & Mead 1965; Lagarias et al. 1998, SIAM J. Optim. 9(1)).
const REFLECT = 1;
const EXPAND = 2;
const CONTRACT = 0.5;
const SHRINK = 0.5;

interface Vertex {
  x: number[];
  value: number;
}

/**
 * Minimises `f` from `start`. `f` may return `Infinity` (or NaN, treated as `Infinity`) to reject a point,
 * which keeps the simplex inside the region where the objective is defined. Ties are broken by vertex
 * age, so the same inputs always take the same path.
 */
export function minimizeNelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = start.length;
  if (n === 0) throw new RangeError('Nelder–Mead needs at least one parameter');
  const step = options.initialStep ?? 0.5;
  const xTol = options.xTolerance ?? 1e-10;
  const fTol = options.fTolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 1000 * n;

  const evaluate = (x: number[]): Vertex => {
    const value = f(x);
    return { x, value: Number.isNaN(value) ? Infinity : value };
  };
  const simplex: Vertex[] = [evaluate([...start])];
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i] = (x[i] ?? 0) + step;
    simplex.push(evaluate(x));
  }
  if (!Number.isFinite(simplex[0]!.value))
    throw new RangeError('Nelder–Mead: objective is not finite at start');

  // A stable sort keeps older vertices first among equals: deterministic, and the best vertex only
  // changes on strict improvement.
  const order = () => simplex.sort((a, b) => a.value - b.value);
  const along = (from: readonly number[], to: readonly number[], t: number) =>
    from.map((v, i) => v + t * ((to[i] ?? 0) - v));

  let iterations = 0;
  order();
  while (iterations < maxIterations) {
    const best = simplex[0]!;
    const worst = simplex[n]!;
    const xSpread = Math.max(
      ...simplex.slice(1).map((v) => Math.max(...v.x.map((c, i) => Math.abs(c - (best.x[i] ?? 0))))),
    );
    const fSpread = worst.value - best.value;
    if (xSpread <= xTol && fSpread <= fTol * (1 + Math.abs(best.value))) {
      return { x: best.x, value: best.value, iterations, converged: true };
    }
    iterations++;

    const centroid = new Array<number>(n).fill(0);
    for (const v of simplex.slice(0, n)) v.x.forEach((c, i) => (centroid[i] = (centroid[i] ?? 0) + c / n));

    const secondWorst = simplex[n - 1]!;
    const reflected = evaluate(along(centroid, worst.x, -REFLECT));
    if (reflected.value < best.value) {
      const expanded = evaluate(along(centroid, worst.x, -EXPAND));
      simplex[n] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < secondWorst.value) {
      simplex[n] = reflected;
    } else {
      // Contract towards the better of the worst vertex and its reflection.
      const outside = reflected.value < worst.value;
      const contracted = evaluate(along(centroid, worst.x, outside ? -CONTRACT : CONTRACT));
      if (contracted.value < (outside ? reflected.value : worst.value)) {
        simplex[n] = contracted;
      } else {
        for (let i = 1; i <= n; i++) simplex[i] = evaluate(along(best.x, simplex[i]!.x, SHRINK));
      }
    }
    order();
  }
  const best = simplex[0]!;
  return { x: best.x, value: best.value, iterations, converged: false };
}
