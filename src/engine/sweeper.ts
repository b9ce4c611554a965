/**
 * Housekeeping every worker runs (all statements are safe to run concurrently from several
 * processes): expire leases of dead workers, re-check parked messages against the xref table,
 * and prune old delivered messages and inbox entries.
 */
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { EngineSettings } from './settings.js';

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;
const BATCH = 1_000;

export class Sweeper {
  private timers: NodeJS.Timeout[] = [];
  private busy = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly settings: EngineSettings,
    private readonly clock: Clock,
    private readonly wake: (endpoint: string) => void,
    private readonly problem: (message: string, error: unknown) => void,
  ) {}

  start(): void {
    this.every(this.settings.sweepIntervalMs, 'leases', () => this.expireLeases());
    this.every(this.settings.parkedRecheckMs, 'parked', () => this.recheckParked());
    if (this.settings.retentionDays > 0) this.every(PRUNE_EVERY_MS, 'prune', () => this.prune());
    void this.run('leases', () => this.expireLeases());
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  /** Moves expired leases to in-doubt now (also used by tests and after a restart). */
  async expireLeases(): Promise<number> {
    const expired = await this.store.expireLeases(this.clock.now(), BATCH);
    for (const e of expired) this.wake(e.endpoint);
    return expired.length;
  }

  async recheckParked(): Promise<number> {
    const released = await this.store.recheckParked(this.clock.now(), BATCH);
    for (const r of released) this.wake(r.endpoint);
    return released.length;
  }

  async prune(): Promise<number> {
    return this.store.prune(this.clock.now() - this.settings.retentionDays * DAY_MS, BATCH * 10);
  }

  private every(ms: number, name: string, fn: () => Promise<unknown>): void {
    const t = setInterval(() => void this.run(name, fn), ms);
    t.unref();
    this.timers.push(t);
  }

  private async run(name: string, fn: () => Promise<unknown>): Promise<void> {
    if (this.busy.has(name)) return;
    this.busy.add(name);
    try {
      await fn();
    } catch (err) {
      this.problem(`housekeeping (${name}) failed; will retry`, err);
    } finally {
      this.busy.delete(name);
    }
  }
}
