import { addDays } from '@linli/shared/time';
import { seededRandom } from './seeded-random.ts';
import type { Purchase } from '../functions/src/insight/purchase-history.ts';

/**
 * Purchases drawn from the BG/NBD story itself, seeded: each customer buys at a Poisson rate
 * λ ~ Gamma(r, α) per week and leaves for good after each purchase with probability p ~ Beta(a, b),
 * spending Gamma(pSpend, ν) yuan per occasion with ν ~ Gamma(q, v). A fit on them should give the
 * parameters back (the model tests); the nightly job's benchmark draws its shop from it, so the job
 * runs the models' path. Gamma draws by Marsaglia & Tsang (2000), normals by Box-Muller: a few lines
 * for test and benchmark data, where a sampling library would be a dependency for nothing else.
 */
export interface SimulatedShop {
  customers: number;
  /** The customers' first purchases spread evenly over these days from `firstDay`. */
  acquisitionDays: number;
  firstDay: string;
  /** Purchases up to and including this day. */
  lastDay: string;
  bgnbd: { r: number; alpha: number; a: number; b: number };
  spend: { p: number; q: number; v: number };
  seed: number;
}

export function simulatePurchases(shop: SimulatedShop): Purchase[] {
  const random = seededRandom(shop.seed);
  const uniform = () => {
    let u = random.next();
    while (u === 0) u = random.next();
    return u;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * random.next());
  const gamma = (shape: number, rate: number): number => {
    if (shape < 1) return gamma(shape + 1, rate) * uniform() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const z = normal();
      const v = (1 + c * z) ** 3;
      if (v > 0 && Math.log(uniform()) < z * z * 0.5 + d - d * v + d * Math.log(v)) return (d * v) / rate;
    }
  };
  const beta = (a: number, b: number) => {
    const x = gamma(a, 1);
    return x / (x + gamma(b, 1));
  };
  const span = (Date.parse(`${shop.lastDay}T00:00:00Z`) - Date.parse(`${shop.firstDay}T00:00:00Z`)) / 86_400_000;
  const purchases: Purchase[] = [];
  for (let index = 0; index < shop.customers; index++) {
    const customerId = `c${String(index).padStart(6, '0')}`;
    const firstDay = Math.floor((index * shop.acquisitionDays) / shop.customers);
    const lambda = gamma(shop.bgnbd.r, shop.bgnbd.alpha);
    const leaving = beta(shop.bgnbd.a, shop.bgnbd.b);
    const nu = gamma(shop.spend.q, shop.spend.v);
    const spendFen = () => Math.max(1, Math.round(gamma(shop.spend.p, nu) * 100));
    purchases.push({ customerId, day: addDays(shop.firstDay, firstDay), amountFen: spendFen() });
    let week = firstDay / 7;
    for (;;) {
      week += -Math.log(uniform()) / lambda;
      const day = Math.floor(week * 7);
      if (day > span) break;
      purchases.push({ customerId, day: addDays(shop.firstDay, day), amountFen: spendFen() });
      if (random.next() < leaving) break;
    }
  }
  return purchases;
}
