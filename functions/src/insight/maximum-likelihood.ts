import numeric from 'numeric';

/**
 * Maximum likelihood for the customer models with `numeric`'s BFGS (`uncmin`), over the logarithms
 * of the parameters so that every step stays in the positive parameters the models need.
 *
 * The optimizer stops when its step gets shorter than a tolerance, which can also happen on a flat
 * ridge short of the optimum; a fit counts as converged only when the gradient of the mean
 * log-likelihood per customer (over the log-parameters) is small as well. Working with the mean
 * keeps the scale the same for a shop of 300 members and one of 300,000. A fit that runs off
 * towards 0 or infinity (data without the heterogeneity the model describes, e.g. every customer
 * alike) also ends with a vanishing gradient: it counts as converged only with every parameter
 * between 10⁻⁶ and 10⁶.
 */
export const GRADIENT_TOLERANCE = 1e-5;
const LARGEST_LOG_PARAMETER = Math.log(1e6);
const STEP_TOLERANCE = 1e-10;
const MAX_ITERATIONS = 1_000;

/** The mean negative log-likelihood per customer and its gradient, at log-parameters θ. */
export type MeanNegativeLogLikelihood = (theta: readonly number[]) => { value: number; gradient: number[] };

export interface LikelihoodFit {
  /** The fitted parameters (not their logarithms). */
  parameters: number[];
  /** The total log-likelihood: the sum over the customers. */
  logLikelihood: number;
  /** The Euclidean norm of the mean log-likelihood's gradient over the log-parameters, at the fit. */
  gradientNorm: number;
  iterations: number;
  /** The optimizer's own word on why it stopped. */
  message: string;
  /** Whether the gradient norm is within GRADIENT_TOLERANCE at parameters within 10⁻⁶…10⁶. */
  converged: boolean;
}

/**
 * Fits from each start in turn until one converges (the next start is tried only when the one
 * before did not); otherwise returns the attempt with the highest likelihood, not converged.
 * `totalWeight` is the number of customers, to turn the mean back into the total log-likelihood.
 */
export function maximizeLikelihood(
  objective: MeanNegativeLogLikelihood,
  starts: readonly (readonly number[])[],
  totalWeight: number,
): LikelihoodFit {
  let best: LikelihoodFit | null = null;
  for (const start of starts) {
    const fit = fitFrom(objective, start.map(Math.log), totalWeight);
    if (fit.converged) return fit;
    if (!best || !(best.logLikelihood >= fit.logLikelihood)) best = fit;
  }
  if (!best) throw new RangeError('maximizeLikelihood needs at least one start');
  return best;
}

function fitFrom(objective: MeanNegativeLogLikelihood, theta0: number[], totalWeight: number): LikelihoodFit {
  // uncmin asks for the value and then the gradient at the same point: compute both once.
  let cached: { theta: number[]; value: number; gradient: number[] } | null = null;
  const at = (theta: number[]) => {
    if (!cached || cached.theta.some((value, index) => value !== theta[index])) {
      const { value, gradient } = objective(theta);
      cached = { theta: [...theta], value, gradient };
    }
    return cached;
  };
  let result;
  try {
    result = numeric.uncmin(
      (theta) => at(theta).value,
      theta0,
      STEP_TOLERANCE,
      (theta) => at(theta).gradient,
      MAX_ITERATIONS,
    );
  } catch (error) {
    // uncmin throws when the start itself is not a number: a failed attempt, not a crash.
    const message = error instanceof Error ? error.message : String(error);
    return {
      parameters: theta0.map(Math.exp),
      logLikelihood: Number.NaN,
      gradientNorm: Number.NaN,
      iterations: 0,
      message,
      converged: false,
    };
  }
  const { value, gradient } = at(result.solution);
  const gradientNorm = Math.hypot(...gradient);
  return {
    parameters: result.solution.map(Math.exp),
    logLikelihood: -value * totalWeight,
    gradientNorm,
    iterations: result.iterations,
    message: result.message,
    converged:
      Number.isFinite(value) &&
      gradientNorm <= GRADIENT_TOLERANCE &&
      result.solution.every((theta) => Math.abs(theta) <= LARGEST_LOG_PARAMETER),
  };
}
