/**
 * W2 open-loop ingest: single events arrive on a fixed schedule (`rate` per second), each one
 * its own inbox commit, like webhooks. Latency runs from the *scheduled* send time to the
 * commit of the delivery, so a stalled producer cannot hide latency (no coordinated omission).
 * Events sent during the warm-up are not measured.
 */
import { Engine } from '../engine.js';
import type { Store } from '../../store/store.js';
import { NOOP_ENDPOINT, noopRegistry } from './burndown.js';
import { summarize, type LatencySummary } from './percentiles.js';

/** Result of one open-loop run. */
export interface IngestResult {
  readonly offeredPerSec: number;
  readonly achievedPerSec: number;
  /** Scheduled send → delivery committed. */
  readonly enqueueToDone: LatencySummary;
  /** Scheduled send → handler started (claim). */
  readonly enqueueToStart: LatencySummary;
  readonly errors: number;
}

/** Runs W2 on a migrated, empty store. */
export async function runIngestLatency(store: Store, options: { ratePerSec: number; warmupSeconds: number; seconds: number }): Promise<IngestResult> {
  // Default engine settings; the no-op endpoint takes any concurrency (a real endpoint would not).
  const engine = new Engine({ store, registry: noopRegistry(), endpoints: { noop: NOOP_ENDPOINT } });
  const scheduled = new Map<number, number>();
  const startedAt = new Map<number, number>();
  const doneAt = new Map<number, number>();
  engine.events.on('transitions', (events) => {
    const now = performance.now();
    for (const e of events) {
      if (e.to === 'in_flight') startedAt.set(e.id, now);
      else if (e.to === 'delivered') doneAt.set(e.id, now);
    }
  });
  await engine.start();
  const interval = 1000 / options.ratePerSec;
  const total = Math.round(options.ratePerSec * (options.warmupSeconds + options.seconds));
  const warm = Math.round(options.ratePerSec * options.warmupSeconds);
  const t0 = performance.now() + 20;
  let errors = 0;
  const sends: Promise<void>[] = [];
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (next < total && t0 + next * interval <= now) {
        const i = next++;
        const due = t0 + i * interval;
        sends.push(
          engine.ingest({ source: 'bench', dedupeKey: `w2-${i}`, type: 'bench.noop', payload: { i } }).then(
            (r) => {
              if (i >= warm && r.id !== null) scheduled.set(r.id, due);
            },
            () => {
              errors++;
            },
          ),
        );
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, t0 + next * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(sends);
  const deadline = performance.now() + 30_000;
  while ([...scheduled.keys()].some((id) => !doneAt.has(id)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await engine.stop();
  const done: number[] = [];
  const start: number[] = [];
  let last = 0;
  for (const [id, due] of scheduled) {
    const d = doneAt.get(id);
    const s = startedAt.get(id);
    if (d !== undefined) {
      done.push(d - due);
      last = Math.max(last, d);
    } else {
      done.push(Number.POSITIVE_INFINITY);
    }
    if (s !== undefined) start.push(s - due);
  }
  const measuredStart = t0 + warm * interval;
  return {
    offeredPerSec: options.ratePerSec,
    achievedPerSec: Math.round((scheduled.size / Math.max(1, last - measuredStart)) * 1000),
    enqueueToDone: summarize(done),
    enqueueToStart: summarize(start),
    errors,
  };
}
