/**
 * The claim loop of one endpoint. It claims only what the endpoint may run now (free
 * concurrency slots, rate-limit tokens, breaker allowance), hands each claimed message to the
 * worker, and claims again at once while batches come back full. Otherwise it sleeps until a
 * wake-up (an enqueue in this process, a NOTIFY from another, a slot freed while saturated), a
 * timer it set (retry due, breaker probe, rate-limit token) or the poll interval.
 */
import type { ClaimedMessage } from '../store/types.js';
import type { EndpointRuntime } from './endpoint-runtime.js';

const MAX_WAKE_TIMES = 1_000;

/** What a dispatcher needs from its worker. */
export interface DispatchHost {
  now(): number;
  readonly batchSize: number;
  claim(endpoint: string, limit: number, now: number): Promise<ClaimedMessage[]>;
  /** Starts running a claimed message (does not wait for it). */
  run(message: ClaimedMessage, runtime: EndpointRuntime): void;
  /** Gives back messages claimed while stopping. */
  giveBack(messages: readonly ClaimedMessage[]): void;
  problem(message: string, error: unknown): void;
}

export class EndpointDispatcher {
  private claiming = false;
  private again = false;
  private wakeQueued = false;
  private saturated = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  /** Future wake-up times (sorted, 5 ms granularity, bounded): each scheduled retry gets its own. */
  private wakeTimes: number[] = [];
  private errorDelayMs = 0;
  private claimInProgress: Promise<unknown> = Promise.resolve();

  constructor(
    readonly runtime: EndpointRuntime,
    private readonly host: DispatchHost,
  ) {}

  /** Looks for work soon (coalesced: many wake-ups in one tick cause one claim). */
  wake(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    if (this.wakeQueued) return;
    this.wakeQueued = true;
    setImmediate(() => {
      this.wakeQueued = false;
      void this.pump();
    });
  }

  /** A message of this endpoint finished: claim more only if the endpoint was saturated. */
  slotFreed(): void {
    if (this.saturated) this.wake();
  }

  /** Looks for work at `at`; every requested time is kept until it passes. */
  wakeAt(at: number): void {
    if (this.stopped) return;
    const t = Math.ceil(at / 5) * 5;
    const i = this.wakeTimes.findIndex((w) => w >= t);
    if (this.wakeTimes[i] === t) return;
    if (i === -1) this.wakeTimes.push(t);
    else this.wakeTimes.splice(i, 0, t);
    if (this.wakeTimes.length > MAX_WAKE_TIMES) this.wakeTimes.length = MAX_WAKE_TIMES; // the poll interval covers the rest
    this.arm();
  }

  private arm(): void {
    const next = this.wakeTimes[0];
    if (next === undefined || next >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      const now = this.host.now();
      while (this.wakeTimes.length > 0 && this.wakeTimes[0]! <= now) this.wakeTimes.shift();
      this.wake();
      this.arm();
    }, Math.max(0, next - this.host.now()));
    this.timer.unref();
  }

  /** Stops claiming; resolves once a claim in progress has returned (its messages are given back). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.wakeTimes = [];
    await this.claimInProgress.catch(() => {});
  }

  private async pump(): Promise<void> {
    if (this.stopped || this.claiming) return;
    const now = this.host.now();
    const capacity = this.runtime.capacity(now);
    if (capacity.n <= 0) {
      this.saturated = capacity.retryAt === undefined;
      if (capacity.retryAt !== undefined) this.wakeAt(capacity.retryAt);
      return;
    }
    const limit = Math.min(capacity.n, this.host.batchSize);
    this.claiming = true;
    this.again = false;
    let claimed: ClaimedMessage[];
    try {
      const claiming = this.host.claim(this.runtime.name, limit, now);
      this.claimInProgress = claiming;
      claimed = await claiming;
      this.errorDelayMs = 0;
    } catch (err) {
      this.claiming = false;
      this.errorDelayMs = Math.min(Math.max(this.errorDelayMs * 2, 100), 5_000);
      this.host.problem(`claim on endpoint ${this.runtime.name} failed; retrying in ${this.errorDelayMs} ms`, err);
      this.wakeAt(this.host.now() + this.errorDelayMs);
      return;
    }
    this.claiming = false;
    if (this.stopped) {
      this.host.giveBack(claimed);
      return;
    }
    this.runtime.claimed(claimed.length, now);
    for (const m of claimed) this.host.run(m, this.runtime);
    this.saturated = claimed.length === limit;
    if (claimed.length === limit || this.again) this.wake();
  }
}
