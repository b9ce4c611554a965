/**
 * The live limits of one endpoint in this process: concurrency slots, the token bucket, the
 * circuit breaker and a pause requested by the remote (`Retry-After`). The dispatcher asks it
 * how many messages it may claim right now, so a limited or broken endpoint's messages stay in
 * the store — unclaimed, their attempts untouched — instead of waiting under a lease.
 */
import { CircuitBreaker, type BreakerChange, type BreakerState } from './circuit-breaker.js';
import type { EndpointSettings } from './settings.js';
import { TokenBucket } from './token-bucket.js';

/** How many may be claimed; when none, the time to look again (undefined: when a slot frees). */
export interface Capacity {
  readonly n: number;
  readonly retryAt?: number;
}

/** Observable state of an endpoint. */
export interface EndpointSnapshot {
  readonly endpoint: string;
  readonly inFlight: number;
  readonly concurrency: number;
  /** Messages claimed ahead of free slots and waiting in this process (prefetch). */
  readonly prefetched: number;
  readonly breaker: BreakerState | 'disabled';
  readonly pausedUntil: number | null;
}

export class EndpointRuntime {
  private inFlightCount = 0;
  private pausedUntil = 0;
  private readonly bucket: TokenBucket | undefined;
  private readonly breaker: CircuitBreaker | undefined;

  constructor(
    readonly name: string,
    readonly settings: EndpointSettings,
    now: number,
    onBreakerChange: (change: BreakerChange) => void = () => {},
  ) {
    this.bucket = settings.rateLimit ? new TokenBucket(settings.rateLimit.perSecond, settings.rateLimit.burst, now) : undefined;
    this.breaker = settings.breaker ? new CircuitBreaker(settings.breaker, onBreakerChange) : undefined;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  /** How many messages may be claimed now. */
  capacity(now: number): Capacity {
    if (now < this.pausedUntil) return { n: 0, retryAt: this.pausedUntil };
    let n = this.settings.concurrency - this.inFlightCount;
    if (n <= 0) return { n: 0 };
    if (this.breaker) {
      const allowed = this.breaker.allowance(now);
      if (allowed === 0) return { n: 0, ...(this.breaker.state(now) === 'open' ? { retryAt: this.breaker.reopensAt() } : {}) };
      n = Math.min(n, allowed);
    }
    if (this.bucket) {
      const tokens = this.bucket.available(now);
      if (tokens <= 0) return { n: 0, retryAt: now + this.bucket.msUntilNext(now) };
      n = Math.min(n, tokens);
    }
    return { n };
  }

  /**
   * How many messages may wait claimed ahead of free slots now: the configured prefetch while
   * the endpoint is unlimited (no token bucket), its breaker closed and no pause requested;
   * otherwise 0, so a limited or failing endpoint's work stays unclaimed in the store.
   */
  prefetchLimit(now: number): number {
    if (this.bucket || now < this.pausedUntil) return 0;
    if (this.breaker && this.breaker.allowance(now) !== Number.POSITIVE_INFINITY) return 0;
    return this.settings.prefetch ?? this.settings.concurrency;
  }

  /** Records `n` claimed messages: slots and tokens are taken. */
  claimed(n: number, now: number): void {
    if (n <= 0) return;
    this.inFlightCount += n;
    this.bucket?.take(n, now);
    this.breaker?.claimed(n, now);
  }

  /** Records one finished attempt. `none` (corrupt payload, shutdown) teaches the breaker nothing. */
  finished(outcome: 'success' | 'failure' | 'none', now: number, pauseUntil?: number): void {
    this.inFlightCount = Math.max(0, this.inFlightCount - 1);
    if (outcome !== 'none') this.breaker?.record(outcome, now);
    if (pauseUntil !== undefined && pauseUntil > this.pausedUntil) this.pausedUntil = pauseUntil;
  }

  snapshot(now: number, prefetched = 0): EndpointSnapshot {
    return {
      endpoint: this.name,
      inFlight: this.inFlightCount,
      concurrency: this.settings.concurrency,
      prefetched,
      breaker: this.breaker ? this.breaker.state(now) : 'disabled',
      pausedUntil: now < this.pausedUntil ? this.pausedUntil : null,
    };
  }
}
