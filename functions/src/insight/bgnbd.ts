import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import { maximizeLikelihood, type LikelihoodFit } from './maximum-likelihood.ts';
import type { FrequencyRow } from './purchase-history.ts';

/**
 * The BG/NBD model (Fader, Hardie & Lee, "Counting Your Customers the Easy Way", Marketing Science
 * 2005): while alive, a customer buys at a Poisson rate λ ~ Gamma(r, α); after each purchase they
 * leave for good with probability p ~ Beta(a, b). Time is in weeks; x, t_x and T as in
 * purchase-history.ts. Equation numbers below are the paper's.
 */
export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** A customer's history in the model's terms (weeks). */
export interface FrequencyHistory {
  x: number;
  tx: number;
  T: number;
}

export interface BgNbdFit extends Omit<LikelihoodFit, 'parameters'> {
  parameters: BgNbdParameters;
}

/** ln(1 + e^z) without overflow. */
const log1pExp = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/**
 * The mean negative log-likelihood per customer over weighted rows (the paper's likelihood, in the
 * stable form of its section 7), and its gradient
 * over (ln r, ln α, ln a, ln b). The terms that depend on x alone are computed once per distinct x:
 * a shop has thousands of rows but a few dozen distinct repeat counts.
 */
function meanNegativeLogLikelihood(rows: readonly FrequencyRow[]) {
  const distinctX = [...new Set(rows.map((row) => row.x))];
  const xIndex = new Map(distinctX.map((x, index) => [x, index]));
  const rowX = rows.map((row) => xIndex.get(row.x)!);
  const totalWeight = rows.reduce((sum, row) => sum + row.weight, 0);
  return (theta: readonly number[]) => {
    const [r, alpha, a, b] = theta.map(Math.exp) as [number, number, number, number];
    const perX = distinctX.map((x) => ({
      lnGammaRx: gammaln(r + x),
      lnGammaBx: gammaln(b + x),
      lnGammaABx: gammaln(a + b + x),
      psiRx: digamma(r + x),
      psiBx: digamma(b + x),
      psiABx: digamma(a + b + x),
    }));
    const lnGammaR = gammaln(r);
    const lnGammaB = gammaln(b);
    const lnGammaAB = gammaln(a + b);
    const psiR = digamma(r);
    const psiB = digamma(b);
    const psiAB = digamma(a + b);
    const lnAlpha = Math.log(alpha);
    let sum = 0;
    let dR = 0;
    let dAlpha = 0;
    let dA = 0;
    let dB = 0;
    for (let index = 0; index < rows.length; index++) {
      const { x, tx, T, weight } = rows[index]!;
      const terms = perX[rowX[index]!]!;
      const lnAlphaT = Math.log(alpha + T);
      const lnAlphaTx = Math.log(alpha + tx);
      // ln L = A1 + A2 + A3 + ln(1 + δ(x>0) e^(A4 − A3)), with A3 the "still alive at T" term and
      // A4 the "left right after the last purchase" term; w4 is the share of the second.
      const a1 = terms.lnGammaRx - lnGammaR + r * lnAlpha;
      const a2 = lnGammaAB + terms.lnGammaBx - lnGammaB - terms.lnGammaABx;
      const a3 = -(r + x) * lnAlphaT;
      let logLikelihood = a1 + a2 + a3;
      let w4 = 0;
      if (x > 0) {
        const d = Math.log(a) - Math.log(b + x - 1) - (r + x) * lnAlphaTx - a3;
        logLikelihood += log1pExp(d);
        w4 = 1 / (1 + Math.exp(-d));
      }
      const w3 = 1 - w4;
      sum += weight * logLikelihood;
      dR += weight * (terms.psiRx - psiR + lnAlpha - w3 * lnAlphaT - w4 * lnAlphaTx);
      dAlpha += weight * (r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + tx)));
      dA += weight * (psiAB - terms.psiABx + (x > 0 ? w4 / a : 0));
      dB += weight * (psiAB + terms.psiBx - psiB - terms.psiABx - (x > 0 ? w4 / (b + x - 1) : 0));
    }
    // d/d ln θ = θ · d/dθ; negated and divided by the customers for the mean negative log-likelihood.
    return {
      value: -sum / totalWeight,
      gradient: [(-r * dR) / totalWeight, (-alpha * dAlpha) / totalWeight, (-a * dA) / totalWeight, (-b * dB) / totalWeight],
    };
  };
}

/** The total log-likelihood of weighted rows (each row counted `weight` times). */
export function bgnbdLogLikelihood(parameters: BgNbdParameters, rows: readonly FrequencyRow[]): number {
  const { r, alpha, a, b } = parameters;
  const totalWeight = rows.reduce((sum, row) => sum + row.weight, 0);
  return -meanNegativeLogLikelihood(rows)([r, alpha, a, b].map(Math.log)).value * totalWeight;
}

/**
 * Fits r, α, a, b by maximum likelihood. The first start puts α at r over the shop's mean repeat
 * rate (the Gamma's mean rate then matches the data) with a = b = 1; a second, different start is
 * tried only when the first does not converge.
 */
export function fitBgNbd(rows: readonly FrequencyRow[]): BgNbdFit {
  const totalWeight = rows.reduce((sum, row) => sum + row.weight, 0);
  const repeats = rows.reduce((sum, row) => sum + row.weight * row.x, 0);
  const weeks = rows.reduce((sum, row) => sum + row.weight * row.T, 0);
  const meanRate = repeats > 0 && weeks > 0 ? repeats / weeks : 0.1;
  const fit = maximizeLikelihood(
    meanNegativeLogLikelihood(rows),
    [
      [1, 1 / meanRate, 1, 1],
      [0.5, 0.5 / meanRate, 0.5, 2],
    ],
    totalWeight,
  );
  const [r, alpha, a, b] = fit.parameters as [number, number, number, number];
  return { ...fit, parameters: { r, alpha, a, b } };
}

/**
 * ln of the odds that the customer left right after their last purchase against being alive at T:
 * a/(b+x−1) · ((α+T)/(α+t_x))^(r+x), in logs so that large x cannot overflow.
 */
function lnOddsLeft(parameters: BgNbdParameters, history: FrequencyHistory): number {
  const { r, alpha, a, b } = parameters;
  const { x, tx, T } = history;
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
}

/**
 * P(alive | x, t_x, T) (Fader, Hardie & Lee, "Computing P(alive) Using the BG/NBD Model", 2008). The model lets
 * nobody leave before their first repeat purchase, so it is 1 for x = 0.
 */
export function pAlive(parameters: BgNbdParameters, history: FrequencyHistory): number {
  if (history.x === 0) return 1;
  return 1 / (1 + Math.exp(lnOddsLeft(parameters, history)));
}

/** E[Y(t) | x, t_x, T]: the expected purchases in the next t weeks of a customer with this history (equation 10). */
export function expectedPurchases(parameters: BgNbdParameters, history: FrequencyHistory, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = parameters;
  const { x, T } = history;
  // No overflow to guard against: occasions are days, so x ≤ 7T, and the ₂F₁ term grows like
  // ((α+T+t)/(α+T))^x ≤ e^(7t), far inside a double for t of a year (a caller still checks finiteness).
  const power = Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)));
  const hypergeometric = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const ifAlive = ((a + b + x - 1) / (a - 1)) * (1 - power * hypergeometric);
  return ifAlive * pAlive(parameters, history);
}

/** E[X(t)]: the expected repeat purchases in the first t weeks after a new customer's first purchase (equation 9). */
export function expectedRepeatPurchasesOfNewCustomer(parameters: BgNbdParameters, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = parameters;
  const power = Math.exp(r * (Math.log(alpha) - Math.log(alpha + t)));
  return ((a + b - 1) / (a - 1)) * (1 - power * hyp2f1(r, b, a + b - 1, t / (alpha + t)));
}
