/** A clock tests move by hand: time is injected, never slept on. */
export interface TestClock {
  (): Date;
  set(at: string | Date): void;
  advance(ms: number): void;
}

export function testClock(start: string | Date): TestClock {
  let now = new Date(start).getTime();
  const clock = (() => new Date(now)) as TestClock;
  clock.set = (at) => {
    now = new Date(at).getTime();
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}
