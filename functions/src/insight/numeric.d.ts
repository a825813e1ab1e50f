// The part of `numeric` (1.2.6, CommonJS, no types) that maximum-likelihood.ts uses.
declare module 'numeric' {
  interface UncminResult {
    solution: number[];
    f: number;
    gradient: number[];
    invHessian: number[][];
    iterations: number;
    message: string;
  }

  const numeric: {
    /** BFGS minimisation of `f` from `x0`; stops when the Newton or line-search step is shorter than `tol`. */
    uncmin(
      f: (x: number[]) => number,
      x0: number[],
      tol?: number,
      gradient?: (x: number[]) => number[],
      maxit?: number,
      callback?: (iteration: number, x: number[], f: number, gradient: number[], inverseHessian: number[][]) => boolean | void,
      options?: { Hinv?: number[][] },
    ): UncminResult;
  };
  export default numeric;
}
