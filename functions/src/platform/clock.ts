/** The one source of "now"; tests pass a fixed or stepping clock instead of sleeping. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/**
 * A clock that reads `start` now and runs on in real time from there: a job run by hand "as at"
 * another moment (`npm run job -- <name> --at <ISO time>`) sees that moment, and time still passes
 * inside the run (token expiries, durations).
 */
export function clockStartingAt(start: Date, real: Clock = systemClock): Clock {
  const offset = start.getTime() - real().getTime();
  return () => new Date(real().getTime() + offset);
}
