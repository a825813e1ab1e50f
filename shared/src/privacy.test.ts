import { describe, expect, it } from 'vitest';
import { maskPhone } from './privacy.ts';

describe('maskPhone', () => {
  it('keeps the first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('masks a short value entirely', () => {
    expect(maskPhone('12345')).toBe('*****');
  });
});
