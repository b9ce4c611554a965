/**
 * Group commit. Settlements of finished messages are queued and written in batches: one store
 * transaction for everything that finished since the last commit (at most `commitBatchSize`).
 * With `commitDelayMs` 0 the batch is whatever finished before the next turn of the event loop,
 * so a busy worker commits large batches and an idle one commits at once.
 *
 * With a store that takes pipelined writes (`Store.writePipelineDepth` > 1: the SQLite store on
 * its own thread) the next batch is sent while the previous one is being written; results are
 * still reported in commit order.
 *
 * A failed commit (store unavailable) keeps the batch and retries with backoff; nothing is
 * dropped. If the process dies first, the leases expire and the messages are re-sent as in-doubt
 * with the same idempotency key.
 */
import type { Store } from '../store/store.js';
import type { Settlement, SettleResult } from '../store/types.js';
import type { Clock } from './clock.js';
import { PipelineWake, nextTurn } from './write-pipeline.js';

/** Called after each successful commit with the batch and the store's result. */
export type CommittedListener = (items: readonly Settlement[], result: SettleResult, at: number) => void;

export class GroupCommitter {
  private queue: Settlement[] = [];
  private running = false;
  /** Batches written and waiting for their result, oldest first. */
  private readonly inFlight: Promise<void>[] = [];
  private inFlightItems = 0;
  /** Failed batch writes so far: a failure stops new writes until the backoff has passed. */
  private failures = 0;
  /** Wakes a pipelined flush that waits with room for another batch. */
  private readonly wakeup = new PipelineWake();
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
    return this.queue.length + this.inFlightItems;
  }

  /** Queues one settlement for the next group commit. */
  push(settlement: Settlement): void {
    this.queue.push(settlement);
    if (!this.wakeup.wake()) this.schedule();
  }

  /** Resolves when everything queued so far is committed (or the store keeps failing until `timeoutMs`). */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.pending === 0 && !this.running) return true;
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
    const depth = Math.max(1, this.store.writePipelineDepth ?? 1);
    const failuresBefore = this.failures;
    try {
      while (this.queue.length > 0 || this.inFlight.length > 0) {
        const room = this.inFlight.length < depth && this.failures === failuresBefore;
        if (room && this.queue.length > 0) {
          this.inFlight.push(this.write(this.queue.splice(0, this.options.maxBatch)));
          // Give handlers finishing meanwhile a turn to join the next batch.
          if (depth > 1) await nextTurn();
          continue;
        }
        // Room for another batch but nothing queued: a new settlement may start it before the oldest answers.
        if (room && (await this.wakeup.newWorkBefore(this.inFlight[0]!))) {
          await nextTurn(); // let that turn's other settlements join
          continue;
        }
        try {
          await this.inFlight[0];
        } finally {
          this.inFlight.shift();
        }
        if (this.failures !== failuresBefore) {
          // A batch failed: let the others in flight finish, then retry after the backoff.
          await Promise.all(this.inFlight.splice(0));
          return;
        }
      }
    } finally {
      this.running = false;
      if (this.queue.length > 0) this.schedule();
      else if (this.pending === 0) this.notifyIdle();
    }
  }

  /** Writes one batch; on failure puts it back at the front of the queue. Never rejects. */
  private async write(batch: Settlement[]): Promise<void> {
    this.inFlightItems += batch.length;
    const now = this.clock.now();
    let result: SettleResult;
    try {
      result = await this.store.settle(this.workerId, batch, now);
    } catch (err) {
      this.inFlightItems -= batch.length;
      this.queue.unshift(...batch);
      this.failures++;
      this.retryDelayMs = Math.min(Math.max(this.retryDelayMs * 2, 50), 5_000);
      this.onError(err);
      return;
    }
    this.inFlightItems -= batch.length;
    this.retryDelayMs = 0;
    this.onCommitted(batch, result, now);
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
