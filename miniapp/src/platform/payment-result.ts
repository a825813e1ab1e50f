import type { PaymentOutcome } from './contract';

/**
 * How a wx.requestPayment answer ended, from its errMsg: 'requestPayment:ok' is paid;
 * 'requestPayment:fail cancel' is the buyer closing the sheet; any other failure is failed. The H5
 * payment sheet reads the emulator's answer, which has the same shape, the same way.
 */
export function paymentOutcomeOf(errMsg: unknown): PaymentOutcome {
  const message = typeof errMsg === 'string' ? errMsg : '';
  if (message === 'requestPayment:ok') return 'paid';
  if (/^requestPayment:fail cancel\b/.test(message)) return 'cancelled';
  return 'failed';
}

/** The prepay id in wx.requestPayment's `package` ('prepay_id=wx…'), or null when it has none. */
export function prepayIdOf(pkg: string): string | null {
  const match = /^prepay_id=(.+)$/.exec(pkg.trim());
  return match ? match[1]! : null;
}
