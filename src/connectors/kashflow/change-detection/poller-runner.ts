/**
 * Schedules the KashFlow sweeps on the one process that holds the `kashflow-poller` leadership.
 *
 * While leading, one loop runs the sweep that is due — customers, full, hot, in that order of
 * preference — then schedules its next run an interval after it finished. Sweeps run one at a
 * time (also those started by {@link PollerRunner.sweepNow}), so no sweep ever overlaps itself
 * or races another over the same snapshots, and the request count of each report is its own.
 * A full sweep covers the hot one, so it pushes the next hot sweep back. The time of the last
 * complete full sweep is a store cursor, so a restart or a fail-over does not start with an
 * hour-long full sweep again.
 *
 * A sweep that fails is reported and runs again at its next interval (later if KashFlow asked
 * for a longer pause). A locked account or a refused login stops the runner with an alert: each
 * further login would count towards (or prolong) a KashFlow lock-out. `start()` again after
 * the account is fixed. Losing leadership or `stop()` aborts the running sweep at its next page
 * or chunk; what it committed stays committed.
 */
import type { Clock } from '../../../engine/clock.js';
import type { Engine } from '../../../engine/engine.js';
import type { LeaderHandle, LeaderOptions } from '../../../engine/leader.js';
import type { KashflowSession } from '../client/session.js';
import { KfaxError } from '../../../errors/kfax-error.js';
import type { ChangeDetectionContext } from './context.js';
import { DocumentSweeper } from './document-sweep.js';
import { PartySweeper } from './party-sweep.js';
import type { PollerSettings } from './settings.js';
import type { SweepError, SweepReport } from './sweep-report.js';

/** The scheduled jobs, in order of preference when several are due. */
export const POLLER_JOBS = ['customers', 'full', 'hot'] as const;
export type PollerJob = (typeof POLLER_JOBS)[number];

/** How a runner is built. */
export interface PollerRunnerOptions {
  /** The poller's KashFlow connection; its `session` (when given) is cleared on a restart after a halt. */
  readonly connection: ChangeDetectionContext['connection'] & { readonly session?: Pick<KashflowSession, 'reset'> };
  readonly engine: Pick<Engine, 'ingestMany' | 'store' | 'runAsLeader' | 'events'>;
  readonly settings: PollerSettings;
  /** "Today" for the hot window and report times (default: the wall clock). Scheduling always uses the wall clock. */
  readonly clock?: Clock;
  /** Told every sweep report (metrics, logs). Must not throw; errors are ignored. */
  readonly onReport?: (report: SweepReport) => void;
  /** Leader election options (TTL, retry pause). */
  readonly leader?: Partial<LeaderOptions>;
}

/** `idle`: not started (or disabled); `standby`: waiting for leadership; `leading`: sweeping; `halted`: stopped by an alert. */
export type PollerState = 'idle' | 'standby' | 'leading' | 'halted';

/** Runs the sweeps at their intervals on the leader. */
export class PollerRunner {
  readonly invoices: DocumentSweeper;
  readonly purchases: DocumentSweeper | undefined;
  readonly customers: PartySweeper;
  private handle: LeaderHandle | undefined;
  private leading = false;
  private halted: SweepError | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly settings: PollerSettings;

  constructor(private readonly options: PollerRunnerOptions) {
    this.settings = options.settings;
    const ctx: ChangeDetectionContext = { connection: options.connection, engine: options.engine, settings: options.settings, ...(options.clock ? { clock: options.clock } : {}) };
    this.invoices = new DocumentSweeper(ctx, 'invoice');
    this.purchases = options.settings.purchases ? new DocumentSweeper(ctx, 'purchase') : undefined;
    this.customers = new PartySweeper(ctx, 'customer');
  }

  /** Where the runner is. */
  get state(): PollerState {
    if (this.halted) return 'halted';
    if (!this.handle) return 'idle';
    return this.leading ? 'leading' : 'standby';
  }

  /** The error that halted the runner (locked account, refused login), if any. */
  get alert(): SweepError | undefined {
    return this.halted;
  }

  /**
   * Starts competing for leadership and sweeping while leader. Does nothing when polling is
   * disabled or the runner already runs. After a halt (the operator fixed the account) it
   * clears the alert and the session's remembered login failure, and starts again.
   */
  start(): void {
    if (!this.settings.enabled || (this.handle && !this.halted)) return;
    if (this.halted) this.options.connection.session?.reset();
    this.halted = undefined;
    const handle: LeaderHandle = this.options.engine.runAsLeader(this.settings.leaderName, (signal) => this.lead(signal, handle), this.options.leader ?? {});
    this.handle = handle;
  }

  /** Stops sweeping (aborting a running sweep at its next page or chunk) and gives up leadership. */
  async stop(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.stop();
    await this.queue;
  }

  /**
   * Runs one job now, after any sweep already running (never two at once), whether or not
   * this process leads: for operators and tests. Returns its reports (invoices, then purchases).
   */
  sweepNow(job: PollerJob, signal?: AbortSignal): Promise<SweepReport[]> {
    const run = this.queue.then(() => this.runJob(job, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runJob(job: PollerJob, signal: AbortSignal | undefined): Promise<SweepReport[]> {
    if (this.halted) return [];
    const reports: SweepReport[] = [];
    if (job === 'customers') reports.push(await this.customers.sweep(signal));
    else {
      reports.push(await this.invoices[job](signal));
      if (this.purchases && !reports[0]!.alert) reports.push(await this.purchases[job](signal));
    }
    for (const r of reports) {
      try {
        this.options.onReport?.(r);
      } catch {
        // a reporting problem must not stop polling
      }
      if (r.alert && !this.halted) this.halt(r.alert);
    }
    return reports;
  }

  private halt(alert: SweepError): void {
    this.halted = alert;
    this.options.engine.events.emit('problem', { message: `KashFlow poller stopped: ${alert.message}`, error: new KfaxError('KFAX_POLLER_STOPPED', [`${alert.code}: ${alert.message}`]) });
  }

  /** The leader's loop. */
  private async lead(signal: AbortSignal, handle: LeaderHandle): Promise<void> {
    this.leading = true;
    let halted = false;
    try {
      const start = Date.now();
      const next: Record<PollerJob, number> = { customers: start, hot: start, full: await this.fullDueAt(start) };
      while (!signal.aborted && !this.halted) {
        const now = Date.now();
        const job = POLLER_JOBS.find((j) => next[j] <= now);
        if (job === undefined) {
          await sleep(Math.min(...Object.values(next)) - now, signal);
          continue;
        }
        const reports = await this.sweepNow(job, signal);
        const after = Date.now();
        const waitMs = Math.max(this.intervalMs(job), ...reports.flatMap((r) => r.errors.map((e) => e.retryAfterMs ?? 0)));
        next[job] = after + waitMs;
        if (job === 'full') next.hot = Math.max(next.hot, after + this.intervalMs('hot'));
      }
      halted = this.halted !== undefined;
    } finally {
      this.leading = false;
    }
    // Halted: stop competing, so no other attempt logs in against a locked account from here.
    // Not awaited: stopping waits for this function to return.
    if (halted) void handle.stop();
  }

  private intervalMs(job: PollerJob): number {
    const s = this.settings;
    return 1000 * (job === 'customers' ? s.customersIntervalSeconds : job === 'full' ? s.fullIntervalSeconds : s.hotIntervalSeconds);
  }

  /** When the next full sweep is due: an interval after the last complete one (stored), or now. */
  private async fullDueAt(now: number): Promise<number> {
    const last = Number(await this.options.engine.store.getCursor(this.invoices.fullSweepCursor));
    return Number.isFinite(last) && last > 0 ? Math.min(now + this.intervalMs('full'), last + this.intervalMs('full')) : now;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
