/**
 * A circuit breaker per endpoint, per process:
 *
 * - **closed**: messages flow; `failureThreshold` consecutive failures (transient, in-doubt,
 *   unknown errors) open it. Any answer from the endpoint — success, a permanent rejection, a
 *   dependency or hold — resets the count.
 * - **open**: nothing of the endpoint is claimed for `openMs`: its messages wait in the store
 *   without using attempts.
 * - **half_open**: one probe message is claimed; its success closes the breaker, its failure
 *   opens it again for another `openMs`.
 */
import type { BreakerSettings } from './settings.js';

/** Breaker states. */
export type BreakerState = 'closed' | 'open' | 'half_open';

/** A breaker state change. */
export interface BreakerChange {
  readonly from: BreakerState;
  readonly to: BreakerState;
  readonly at: number;
}

export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openUntil = 0;
  private probeInFlight = false;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly onChange: (change: BreakerChange) => void = () => {},
  ) {}

  /** The state at `now` (an expired open period reads as half-open). */
  state(now: number): BreakerState {
    if (this.current === 'open' && now >= this.openUntil) this.move('half_open', now);
    return this.current;
  }

  /** How many messages may be claimed now: unlimited, none, or one probe. */
  allowance(now: number): number {
    const s = this.state(now);
    if (s === 'closed') return Number.POSITIVE_INFINITY;
    if (s === 'open') return 0;
    return this.probeInFlight ? 0 : 1;
  }

  /** When an open breaker lets a probe through. */
  reopensAt(): number {
    return this.openUntil;
  }

  /** Called with the number of messages just claimed. */
  claimed(n: number, now: number): void {
    if (n > 0 && this.state(now) === 'half_open') this.probeInFlight = true;
  }

  /** Records the outcome of one attempt. */
  record(outcome: 'success' | 'failure', now: number): void {
    const s = this.state(now);
    if (outcome === 'success') {
      this.failures = 0;
      if (s === 'half_open') {
        this.probeInFlight = false;
        this.move('closed', now);
      }
      return;
    }
    if (s === 'half_open') {
      this.probeInFlight = false;
      this.open(now);
      return;
    }
    if (s === 'closed' && ++this.failures >= this.settings.failureThreshold) this.open(now);
  }

  private open(now: number): void {
    this.failures = 0;
    this.openUntil = now + this.settings.openMs;
    this.move('open', now);
  }

  private move(to: BreakerState, at: number): void {
    if (to === this.current) return;
    const from = this.current;
    this.current = to;
    this.onChange({ from, to, at });
  }
}
