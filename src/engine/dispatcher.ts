/**
 * The claim loop of one endpoint. It claims what the endpoint may run now (free concurrency
 * slots, rate-limit tokens, breaker allowance) plus, while the endpoint is unlimited and
 * healthy, a prefetch that waits here; it hands each claimed message to the worker as slots
 * free, and claims again at once while batches come back full. Otherwise it sleeps until a
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
  /** Claimed ahead of free slots (leased, not started), oldest first. */
  private readonly ready: ClaimedMessage[] = [];
  /** The last claim came back full: more is claimable than was asked for. */
  private backlog = false;

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

  /** Stops claiming; resolves once a claim in progress has returned (its messages, and any prefetched, are given back). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.wakeTimes = [];
    await this.claimInProgress.catch(() => {});
    this.giveBackReady(0);
  }

  /** Messages claimed ahead of free slots and not started yet. */
  get prefetched(): number {
    return this.ready.length;
  }

  // Prefetch: behind a backlog the dispatcher claims for its free slots plus up to
  // `prefetchLimit` more, which wait here leased (their leases renewed like running ones). A
  // finished message starts the next waiting one without a store round trip; a claim happens
  // again only when the waiting ones fall to half the limit, so a busy endpoint claims in
  // batches of about half the limit instead of one transaction per finished message.
  private async pump(): Promise<void> {
    if (this.stopped || this.claiming) return;
    const now = this.host.now();
    this.startReady(now);
    const allowed = this.runtime.prefetchLimit(now);
    // Paused, limited or failing: what waits here goes back to the store unstarted.
    if (this.ready.length > allowed) this.giveBackReady(allowed);
    // Prefetch only behind a backlog (the last claim came back full): with little claimable
    // work, claiming ahead would only keep it from other processes.
    const ahead = this.backlog ? allowed : 0;
    const capacity = this.runtime.capacity(now);
    if (capacity.n <= 0 && capacity.retryAt !== undefined) {
      this.saturated = false;
      this.wakeAt(capacity.retryAt);
      return;
    }
    const free = Math.max(0, capacity.n);
    if (free === 0 && this.ready.length > Math.floor(ahead / 2)) {
      this.saturated = true;
      return;
    }
    const limit = Math.min(free + ahead - this.ready.length, this.host.batchSize);
    if (limit <= 0) {
      this.saturated = true;
      return;
    }
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
    this.backlog = claimed.length === limit;
    this.ready.push(...claimed);
    this.startReady(now);
    this.saturated = claimed.length === limit || this.ready.length > 0;
    if (claimed.length === limit || this.again) this.wake();
  }

  /** Starts waiting messages in the free slots. */
  private startReady(now: number): void {
    if (this.ready.length === 0) return;
    const n = Math.min(this.runtime.capacity(now).n, this.ready.length);
    if (n <= 0) return;
    this.runtime.claimed(n, now);
    for (const m of this.ready.splice(0, n)) this.host.run(m, this.runtime);
  }

  private giveBackReady(keep: number): void {
    if (this.ready.length <= keep) return;
    this.host.giveBack(this.ready.splice(keep));
  }
}
