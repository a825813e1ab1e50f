/** The one source of "now"; tests pass a fixed or stepping clock instead of sleeping. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
