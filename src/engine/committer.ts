/**
 * Group commit. Settlements of finished messages are queued and written in batches: one store
 * transaction for everything that finished since the last commit (at most `commitBatchSize`).
 * With `commitDelayMs` 0 the batch is whatever finished before the next turn of the event loop,
 * so a busy worker commits large batches and an idle one commits at once.
 *
 * A failed commit (store unavailable) keeps the batch and retries with backoff; nothing is
 * dropped. If the process dies first, the leases expire and the messages are re-sent as in-doubt
 * with the same idempotency key.
 */
import type { Store } from '../store/store.js';
import type { Settlement, SettleResult } from '../store/types.js';
import type { Clock } from './clock.js';

/** Called after each successful commit with the batch and the store's result. */
export type CommittedListener = (items: readonly Settlement[], result: SettleResult, at: number) => void;

export class GroupCommitter {
  private queue: Settlement[] = [];
  private running = false;
  private scheduled = false;
  private retryDelayMs = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly workerId: string,
    private readonly clock: Clock,
    private readonly options: { readonly maxBatch: number; readonly delayMs: number },
    private readonly onCommitted: CommittedListener,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Settlements waiting or being written. */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues one settlement for the next group commit. */
  push(settlement: Settlement): void {
    this.queue.push(settlement);
    this.schedule();
  }

  /** Resolves when everything queued so far is committed (or the store keeps failing until `timeoutMs`). */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.queue.length === 0 && !this.running) return true;
    this.retryDelayMs = 0;
    this.schedule();
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true))),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return done;
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    const run = (): void => {
      this.scheduled = false;
      void this.flush();
    };
    if (this.retryDelayMs > 0) setTimeout(run, this.retryDelayMs);
    else if (this.options.delayMs > 0) setTimeout(run, this.options.delayMs);
    else setImmediate(run);
  }

  private async flush(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.slice(0, this.options.maxBatch);
        const now = this.clock.now();
        let result: SettleResult;
        try {
          result = await this.store.settle(this.workerId, batch, now);
        } catch (err) {
          this.retryDelayMs = Math.min(Math.max(this.retryDelayMs * 2, 50), 5_000);
          this.onError(err);
          return;
        }
        this.retryDelayMs = 0;
        this.queue.splice(0, batch.length);
        this.onCommitted(batch, result, now);
      }
    } finally {
      this.running = false;
      if (this.queue.length > 0) this.schedule();
      else this.notifyIdle();
    }
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
