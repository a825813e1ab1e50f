import { describe, expect, it } from 'vitest';
import { paymentOutcomeOf, prepayIdOf } from './payment-result';

describe('how a payment ended', () => {
  it('is paid only on requestPayment:ok', () => {
    expect(paymentOutcomeOf('requestPayment:ok')).toBe('paid');
  });

  it('is cancelled when the buyer closed the sheet', () => {
    expect(paymentOutcomeOf('requestPayment:fail cancel')).toBe('cancelled');
  });

  it('is failed on any other answer, or none', () => {
    expect(paymentOutcomeOf('requestPayment:fail prepay expired')).toBe('failed');
    expect(paymentOutcomeOf('requestPayment:fail cancelled by system')).toBe('failed');
    expect(paymentOutcomeOf('requestPayment:failcancel')).toBe('failed');
    expect(paymentOutcomeOf(undefined)).toBe('failed');
    expect(paymentOutcomeOf('')).toBe('failed');
  });
});

describe('the prepay id in requestPayment’s package', () => {
  it('reads what follows prepay_id=', () => {
    expect(prepayIdOf('prepay_id=wx201410272009395522657a690389285100')).toBe('wx201410272009395522657a690389285100');
  });

  it('finds none in anything else', () => {
    expect(prepayIdOf('prepay_id=')).toBeNull();
    expect(prepayIdOf('wx2014')).toBeNull();
  });
});
