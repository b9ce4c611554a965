/**
 * The part of `AbortSignal` that code waiting on a stop uses — whether it happened, why, and a
 * listener for it — so that a run can offer it without an `AbortController` (whose signal costs
 * a few microseconds to make and to listen on, per message). An `AbortSignal` is one.
 */
export interface StopSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { readonly once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * A {@link StopSignal} that {@link fire} stops, with `AbortSignal`'s rules: listeners run once,
 * in the order added, synchronously when it fires; a listener added twice runs once; one added
 * after it fired never runs; a listener that throws does not stop the others, and its error is
 * thrown on the next tick (as Node's `EventTarget` reports it).
 */
export class PlainStopSignal implements StopSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] | undefined = undefined;

  /** Adds a listener for the stop (type `abort`; every listener runs once, as with `{ once: true }`). */
  addEventListener(type: 'abort', listener: () => void): void {
    if (type !== 'abort' || this.aborted) return;
    const list = (this.listeners ??= []);
    if (!list.includes(listener)) list.push(listener);
  }

  /** Removes a listener that has not run. */
  removeEventListener(type: 'abort', listener: () => void): void {
    const list = this.listeners;
    if (type !== 'abort' || !list) return;
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  }

  /** Stops with `reason` (the first stop wins) and runs the listeners. */
  fire(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const list = this.listeners;
    this.listeners = undefined;
    if (!list) return;
    for (const listener of list) {
      try {
        listener();
      } catch (err) {
        process.nextTick(() => {
          throw err;
        });
      }
    }
  }
}
