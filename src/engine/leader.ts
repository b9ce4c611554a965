/**
 * Leader election for work that must run on one process only (pollers). `runAsLeader` keeps
 * trying to take the named leadership; while it holds it, it runs `fn` with a signal that is
 * aborted when leadership is lost (renewal failed, connection gone) or on `stop()`. `fn` must
 * stop promptly when the signal aborts, and its effects should stay idempotent (inbox dedupe,
 * compare-and-set cursors): during a network partition an old leader may act briefly after a
 * new one took over.
 *
 * PostgreSQL: a session advisory lock; fail-over is immediate when the holder's connection
 * closes. SQLite: a lease row; fail-over after `ttlMs`.
 */
import type { Store } from '../store/store.js';
import type { LeaderLease } from '../store/types.js';

/** Options for {@link runAsLeader}. */
export interface LeaderOptions {
  /** Identity of this candidate (default: a random id). */
  readonly holderId: string;
  /** Lease time-to-live; renewed every third of it (default 15 s). */
  readonly ttlMs?: number;
  /** Pause between attempts to take leadership (default a third of the TTL). */
  readonly retryMs?: number;
  /** Told when this process gains or loses leadership. */
  readonly onChange?: (leader: boolean) => void;
  /** Told about errors (acquire failures, `fn` throwing). */
  readonly onProblem?: (message: string, error: unknown) => void;
}

/** A running candidate. */
export interface LeaderHandle {
  /** True while this process is the leader and `fn` runs. */
  readonly isLeader: boolean;
  /** Stops `fn` (aborting its signal), releases leadership and stops competing. */
  stop(): Promise<void>;
}

/** Competes for leadership of `name` and runs `fn` whenever this process holds it. */
export function runAsLeader(store: Store, name: string, fn: (signal: AbortSignal) => Promise<void>, options: LeaderOptions): LeaderHandle {
  const ttlMs = options.ttlMs ?? 15_000;
  const retryMs = options.retryMs ?? Math.max(50, Math.floor(ttlMs / 3));
  const stopping = new AbortController();
  let leader = false;

  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (stopping.signal.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        stopping.signal.removeEventListener('abort', done);
        resolve();
      }
      stopping.signal.addEventListener('abort', done, { once: true });
    });

  const lead = async (lease: LeaderLease): Promise<void> => {
    const lost = new AbortController();
    const onStop = (): void => lost.abort(new Error('stopping'));
    stopping.signal.addEventListener('abort', onStop, { once: true });
    const renewer = setInterval(() => {
      lease.renew().then(
        (ok) => ok || lost.abort(new Error(`leadership of ${name} lost`)),
        () => lost.abort(new Error(`leadership of ${name} lost`)),
      );
    }, Math.max(20, Math.floor(ttlMs / 3)));
    leader = true;
    options.onChange?.(true);
    try {
      await fn(lost.signal);
    } catch (err) {
      if (!lost.signal.aborted) options.onProblem?.(`leader task ${name} failed`, err);
    } finally {
      clearInterval(renewer);
      stopping.signal.removeEventListener('abort', onStop);
      leader = false;
      options.onChange?.(false);
      await lease.release().catch(() => {});
    }
  };

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      let lease: LeaderLease | null = null;
      try {
        lease = await store.tryAcquireLeadership(name, options.holderId, ttlMs);
      } catch (err) {
        options.onProblem?.(`could not compete for leadership of ${name}`, err);
      }
      if (lease && stopping.signal.aborted) {
        await lease.release().catch(() => {});
        break;
      }
      if (lease) await lead(lease);
      await pause(retryMs);
    }
  })();

  return {
    get isLeader() {
      return leader;
    },
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
