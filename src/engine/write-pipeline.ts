/**
 * Shared pieces of the pipelined writers (the group committer and the inbox writer): with a
 * store that takes pipelined writes (`Store.writePipelineDepth` > 1) a writer keeps more than
 * one batch in flight, and while it has room for another batch but nothing queued it waits for
 * whichever comes first — the oldest batch's answer or new work.
 */

/** Resolves on the next turn of the event loop, after the I/O callbacks already due. */
export function nextTurn(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** A one-shot wake-up between a writer's loop (waiting) and the code that queues work. */
export class PipelineWake {
  private wakeWaiter: (() => void) | undefined;

  /** Wakes the waiting loop; false when it was not waiting (the caller starts it instead). */
  wake(): boolean {
    const wake = this.wakeWaiter;
    this.wakeWaiter = undefined;
    wake?.();
    return wake !== undefined;
  }

  /** True when new work arrived before `oldest` answered, false when `oldest` answered first. */
  async newWorkBefore(oldest: Promise<void>): Promise<boolean> {
    const woken = await Promise.race([oldest.then(() => false), new Promise<boolean>((r) => (this.wakeWaiter = () => r(true)))]);
    this.wakeWaiter = undefined;
    return woken;
  }
}
