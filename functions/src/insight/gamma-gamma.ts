import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import { maximizeLikelihood, type LikelihoodFit } from './maximum-likelihood.ts';

/**
 * The Gamma-Gamma spend model (Fader, Hardie & Lee, "RFM and CLV: Using Iso-Value Curves for
 * Customer Base Analysis", Journal of Marketing Research 2005; Fader & Hardie's note "The
 * Gamma-Gamma Model of Monetary Value", 2013): a customer's spends per occasion are Gamma(p, ν),
 * and ν ~ Gamma(q, v) across customers. It is fitted on the repeat buyers, each by the mean m̄ of
 * their x repeat occasions' spends; v is in the unit of the spends (yuan here). It assumes spend
 * does not depend on how often a customer buys.
 */
export interface GammaGammaParameters {
  p: number;
  q: number;
  v: number;
}

/** Repeat buyers with the same repeat occasions x and mean spend per repeat occasion, counted once. */
export interface SpendRow {
  x: number;
  meanSpend: number;
  weight: number;
}

export interface GammaGammaFit extends Omit<LikelihoodFit, 'parameters'> {
  parameters: GammaGammaParameters;
}

/** The spend rows of customers (x > 0 and a positive mean spend: a zero mean has no density), identical rows counted once. */
export function spendRows(customers: ReadonlyArray<{ x: number; meanSpend: number | null }>): SpendRow[] {
  const rows = new Map<string, SpendRow>();
  for (const { x, meanSpend } of customers) {
    if (x <= 0 || meanSpend === null || !(meanSpend > 0)) continue;
    const key = `${x}:${meanSpend}`;
    const row = rows.get(key);
    if (row) row.weight += 1;
    else rows.set(key, { x, meanSpend, weight: 1 });
  }
  return [...rows.values()];
}

/**
 * The mean negative log-likelihood per repeat buyer and its gradient over (ln p, ln q, ln v). The
 * density of m̄ given x: Γ(px+q) / (Γ(px) Γ(q)) · v^q m̄^(px−1) x^(px) / (v + x m̄)^(px+q).
 */
function meanNegativeLogLikelihood(rows: readonly SpendRow[]) {
  const totalWeight = rows.reduce((sum, row) => sum + row.weight, 0);
  // The Gamma-function terms depend on x alone: computed once per distinct x in each evaluation.
  const distinctX = [...new Set(rows.map((row) => row.x))];
  const xIndex = new Map(distinctX.map((x, index) => [x, index]));
  const rowX = rows.map((row) => xIndex.get(row.x)!);
  const lnM = rows.map((row) => Math.log(row.meanSpend));
  const lnX = rows.map((row) => Math.log(row.x));
  return (theta: readonly number[]) => {
    const [p, q, v] = theta.map(Math.exp) as [number, number, number];
    const perX = distinctX.map((x) => ({
      lnGammas: gammaln(p * x + q) - gammaln(p * x),
      psiPxQ: digamma(p * x + q),
      psiPx: digamma(p * x),
    }));
    const lnGammaQ = gammaln(q);
    const psiQ = digamma(q);
    const lnV = Math.log(v);
    let sum = 0;
    let dP = 0;
    let dQ = 0;
    let dV = 0;
    for (let index = 0; index < rows.length; index++) {
      const { x, meanSpend, weight } = rows[index]!;
      const terms = perX[rowX[index]!]!;
      const px = p * x;
      const lnTotal = Math.log(v + x * meanSpend);
      sum += weight * (terms.lnGammas - lnGammaQ + q * lnV + (px - 1) * lnM[index]! + px * lnX[index]! - (px + q) * lnTotal);
      dP += weight * x * (terms.psiPxQ - terms.psiPx + lnM[index]! + lnX[index]! - lnTotal);
      dQ += weight * (terms.psiPxQ - psiQ + lnV - lnTotal);
      dV += weight * (q / v - (px + q) / (v + x * meanSpend));
    }
    return {
      value: -sum / totalWeight,
      gradient: [(-p * dP) / totalWeight, (-q * dQ) / totalWeight, (-v * dV) / totalWeight],
    };
  };
}

/** The total log-likelihood of weighted spend rows. */
export function gammaGammaLogLikelihood(parameters: GammaGammaParameters, rows: readonly SpendRow[]): number {
  const totalWeight = rows.reduce((sum, row) => sum + row.weight, 0);
  return -meanNegativeLogLikelihood(rows)([parameters.p, parameters.q, parameters.v].map(Math.log)).value * totalWeight;
}

/**
 * Fits p, q, v by maximum likelihood. The starts put the model's mean spend p·v/(q−1) at the
 * repeat buyers' mean spend, so the fit starts in the data's unit whatever it is.
 */
export function fitGammaGamma(rows: readonly SpendRow[]): GammaGammaFit {
  const totalWeight = rows.reduce((sum, row) => sum + row.weight, 0);
  const meanSpend = rows.reduce((sum, row) => sum + row.weight * row.meanSpend, 0) / totalWeight;
  const fit = maximizeLikelihood(
    meanNegativeLogLikelihood(rows),
    [
      [1, 2, meanSpend],
      [4, 3, meanSpend / 2],
    ],
    totalWeight,
  );
  const [p, q, v] = fit.parameters as [number, number, number];
  return { ...fit, parameters: { p, q, v } };
}

/**
 * E[spend per occasion | x, m̄]: a weighted mean of the population's mean p·v/(q−1) and the
 * customer's own mean m̄, the weight on m̄ growing with x: (p·v + p·x·m̄) / (p·x + q − 1). For a
 * customer without a repeat occasion (x = 0) it is the population's mean; null when the fitted
 * q ≤ 1 leaves that mean infinite.
 */
export function expectedSpend(parameters: GammaGammaParameters, customer: { x: number; meanSpend: number | null }): number | null {
  const { p, q, v } = parameters;
  const x = customer.meanSpend === null ? 0 : customer.x;
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) return null;
  return (p * v + p * x * (customer.meanSpend ?? 0)) / denominator;
}
