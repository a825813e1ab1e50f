import { describe, expect, it } from 'vitest';
import { birthdayFromPicker, formatBirthday } from './birthday';

describe('formatBirthday', () => {
  it.each([
    ['03-08', '3月8日'],
    ['1990-12-25', '12月25日'],
    ['02-29', '2月29日'],
  ])('shows %s as %s', (birthday, expected) => {
    expect(formatBirthday(birthday)).toBe(expected);
  });
});

describe('birthdayFromPicker', () => {
  it('keeps only month and day, so the year is never sent', () => {
    expect(birthdayFromPicker('1990-03-08')).toBe('03-08');
  });

  it('refuses values the date picker does not produce', () => {
    expect(() => birthdayFromPicker('03-08')).toThrow(RangeError);
  });
});
