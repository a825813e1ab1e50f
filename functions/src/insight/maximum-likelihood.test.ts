import { describe, expect, it } from 'vitest';
import { GRADIENT_TOLERANCE, maximizeLikelihood } from './maximum-likelihood.ts';

describe('maximum likelihood over log-parameters', () => {
  it('finds the optimum of a smooth likelihood and reports the total log-likelihood', () => {
    // Mean negative log-likelihood (ln θ₁ − ln 2)² + (ln θ₂ − ln 5)² + 3: optimum θ = (2, 5).
    const fit = maximizeLikelihood(
      ([a, b]) => ({
        value: (a! - Math.log(2)) ** 2 + (b! - Math.log(5)) ** 2 + 3,
        gradient: [2 * (a! - Math.log(2)), 2 * (b! - Math.log(5))],
      }),
      [[1, 1]],
      100,
    );
    expect(fit.converged).toBe(true);
    expect(fit.parameters[0]).toBeCloseTo(2, 6);
    expect(fit.parameters[1]).toBeCloseTo(5, 6);
    expect(fit.logLikelihood).toBeCloseTo(-300, 8);
    expect(fit.gradientNorm).toBeLessThan(GRADIENT_TOLERANCE);
  });

  it('does not take the optimizer’s "step smaller than tol" for convergence while the gradient is large', () => {
    // A gradient that points the wrong way (as an inaccurate one can): no step along it lowers the
    // value, the line search shrinks its step below the tolerance, and uncmin stops there.
    const fit = maximizeLikelihood(([a]) => ({ value: (a! - 1) ** 2, gradient: [-2 * (a! - 1)] }), [[1]], 1);
    expect(fit.message).toBe('Line search step size smaller than tol');
    expect(fit.gradientNorm).toBeCloseTo(2, 12);
    expect(fit.converged).toBe(false);
  });

  it('does not call a fit converged that ran off towards infinity, where every gradient vanishes', () => {
    const fit = maximizeLikelihood(([a]) => ({ value: Math.exp(-a!), gradient: [-Math.exp(-a!)] }), [[1]], 1);
    expect(fit.gradientNorm).toBeLessThan(GRADIENT_TOLERANCE);
    expect(fit.parameters[0]).toBeGreaterThan(1e6);
    expect(fit.converged).toBe(false);
  });

  it('tries the next start only when one fails', () => {
    // Not a number below θ = 1: the first start cannot even be evaluated.
    const objective = ([a]: readonly number[]) =>
      a! < 0 ? { value: Number.NaN, gradient: [Number.NaN] } : { value: (a! - Math.log(4)) ** 2, gradient: [2 * (a! - Math.log(4))] };
    const fit = maximizeLikelihood(objective, [[0.5], [2]], 1);
    expect(fit.converged).toBe(true);
    expect(fit.parameters[0]).toBeCloseTo(4, 6);
  });
});
