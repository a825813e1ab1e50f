import { describe, expect, it } from 'vitest';
import { customerOccasions, frequencyRows, purchasesFromOrders, summarizeCustomers } from './purchase-history.ts';

describe('purchase history in the models’ terms', () => {
  const occasions = customerOccasions([
    { customerId: 'a', day: '2026-01-15', amountFen: 3000 },
    { customerId: 'a', day: '2026-01-01', amountFen: 1000 },
    { customerId: 'a', day: '2026-01-01', amountFen: 500 }, // the same day: one occasion of ¥15
    { customerId: 'a', day: '2026-01-29', amountFen: 2000 },
    { customerId: 'a', day: '2026-03-01', amountFen: 9000 }, // after the calibration end
    { customerId: 'b', day: '2026-02-25', amountFen: 800 },
    { customerId: 'c', day: '2026-03-02', amountFen: 800 }, // not yet a customer at the end
  ]);

  it('makes one occasion of a customer’s purchases on one day, their amounts summed', () => {
    expect(occasions.get('a')).toEqual([
      { day: '2026-01-01', amountFen: 1500 },
      { day: '2026-01-15', amountFen: 3000 },
      { day: '2026-01-29', amountFen: 2000 },
      { day: '2026-03-01', amountFen: 9000 },
    ]);
  });

  it('counts repeat occasions and measures t_x and T in weeks from the first occasion, up to the calibration end', () => {
    const summaries = summarizeCustomers(occasions, '2026-02-26');
    expect(summaries.map((summary) => summary.customerId)).toEqual(['a', 'b']);
    expect(summaries[0]).toEqual({
      customerId: 'a',
      firstDay: '2026-01-01',
      lastDay: '2026-01-29',
      x: 2,
      txDays: 28,
      TDays: 56,
      tx: 4,
      T: 8,
      meanRepeatSpendFen: 2500,
      meanSpendFen: 6500 / 3,
    });
    expect(summaries[1]).toMatchObject({ x: 0, txDays: 0, TDays: 1, meanRepeatSpendFen: null, meanSpendFen: 800 });
  });

  it('groups customers with the same (x, t_x, T) into one weighted row', () => {
    const rows = frequencyRows([
      { x: 2, txDays: 28, TDays: 56 },
      { x: 0, txDays: 0, TDays: 7 },
      { x: 2, txDays: 28, TDays: 56 },
    ]);
    expect(rows).toEqual([
      { x: 2, tx: 4, T: 8, weight: 2 },
      { x: 0, tx: 0, T: 1, weight: 1 },
    ]);
  });

  it('reads orders as the RFM scores do: on their Shanghai day, net of refunds, fully refunded ones left out', () => {
    expect(
      purchasesFromOrders([
        { customerId: 'a', paidAt: '2026-01-01T16:30:00.000Z', paidFen: 1000, refundedFen: 200 },
        { customerId: 'a', paidAt: '2026-01-01T15:59:00.000Z', paidFen: 1000, refundedFen: 1000 },
      ]),
    ).toEqual([{ customerId: 'a', day: '2026-01-02', amountFen: 800 }]);
  });
});
