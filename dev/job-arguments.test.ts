import { describe, expect, it } from 'vitest';
import { parseJobArguments } from './job-arguments.ts';

describe('npm run job arguments', () => {
  it('runs the named job now when no --at is given', () => {
    expect(parseJobArguments(['insight-nightly'])).toEqual({ name: 'insight-nightly', at: null });
  });

  it('runs it as at an ISO instant with its offset, before or after the name', () => {
    expect(parseJobArguments(['birthday-greetings', '--at', '2027-02-05T09:00:00+08:00'])).toEqual({
      name: 'birthday-greetings',
      at: new Date('2027-02-05T01:00:00.000Z'),
    });
    expect(parseJobArguments(['--at=2026-12-31T16:00:00Z', 'insight-nightly'])).toEqual({
      name: 'insight-nightly',
      at: new Date('2026-12-31T16:00:00.000Z'),
    });
  });

  it('refuses a time without its offset, a date alone, nonsense, unknown flags and a missing name', () => {
    for (const at of ['2027-02-05T09:00:00', '2027-02-05', 'tomorrow', '2027-02-30T09:00:00Z']) {
      expect(parseJobArguments(['insight-nightly', '--at', at]), at).toMatchObject({ error: expect.stringContaining('--at') });
    }
    expect(parseJobArguments(['insight-nightly', '--when', 'now'])).toMatchObject({ error: expect.any(String) });
    expect(parseJobArguments(['--at', '2027-02-05T09:00:00Z'])).toEqual({ error: 'Name the job to run' });
    expect(parseJobArguments(['insight-nightly', 'extra'])).toEqual({ error: 'Unexpected arguments: extra' });
  });
});
