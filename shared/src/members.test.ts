import { describe, expect, it } from 'vitest';
import { Birthday, UpdateProfileRequest } from './members.ts';

describe('Birthday', () => {
  it.each(['03-14', '1990-03-14', '02-29', '2000-02-29', '12-31'])('accepts %s', (value) => {
    expect(Birthday.safeParse(value).success).toBe(true);
  });
  it.each(['02-30', '13-01', '00-10', '1990-02-29', '3-14', '1990/03/14', ''])('rejects %s', (value) => {
    expect(Birthday.safeParse(value).success).toBe(false);
  });
  it('requires at least one field in a profile update', () => {
    expect(UpdateProfileRequest.safeParse({}).success).toBe(false);
  });
});
