import { describe, expect, it } from 'vitest';
import { birthdayMessageData, birthdaysCelebratedOn } from './birthday-greetings.ts';

describe('birthdaysCelebratedOn', () => {
  it('adds 29 February to 28 February in common years only', () => {
    expect(birthdaysCelebratedOn({ year: 2027, monthDay: '02-28' })).toEqual(['02-28', '02-29']);
    expect(birthdaysCelebratedOn({ year: 2028, monthDay: '02-28' })).toEqual(['02-28']);
    expect(birthdaysCelebratedOn({ year: 2028, monthDay: '02-29' })).toEqual(['02-29']);
  });
  it("keeps template thing values within WeChat's 20 characters", () => {
    const data = birthdayMessageData({ nickname: '一个非常非常非常非常长的昵称超过了二十个字' }, { year: 2026, month: 3, day: 14 });
    for (const { value } of Object.values(data)) expect([...value].length).toBeLessThanOrEqual(20);
  });
});
