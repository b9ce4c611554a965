/** Where the engine reads the time (ms since epoch); tests may supply their own. */
export interface Clock {
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
