/**
 * Memory under sustained flow: `messages` no-op messages pass through one engine (enqueued in
 * chunks while the worker drains, the backlog kept under a bound) and the process RSS is
 * sampled throughout. A leak shows as RSS growing with the message count; a healthy engine
 * levels off after warm-up.
 */
import { Engine } from '../engine.js';
import type { Store } from '../../store/store.js';
import { BURNDOWN_SETTINGS, NOOP_ENDPOINT, enqueueNoops, noopRegistry } from './burndown.js';

/** RSS observed during the run (MB). */
export interface MemoryResult {
  readonly messages: number;
  readonly seconds: number;
  readonly rssStartMb: number;
  /** RSS after the first tenth of the messages (warm). */
  readonly rssWarmMb: number;
  readonly rssMaxMb: number;
  readonly rssEndMb: number;
}

const mb = (): number => Math.round((process.memoryUsage.rss() / 1_048_576) * 10) / 10;

/** Runs the memory workload on a migrated, empty store. */
export async function runMemory(store: Store, messages: number, options: { maxBacklog?: number } = {}): Promise<MemoryResult> {
  const engine = new Engine({ store, registry: noopRegistry(), settings: BURNDOWN_SETTINGS, endpoints: { noop: NOOP_ENDPOINT } });
  let delivered = 0;
  engine.events.on('transitions', (events) => {
    for (const e of events) if (e.to === 'delivered') delivered++;
  });
  const rssStartMb = mb();
  let rssMaxMb = rssStartMb;
  let rssWarmMb = 0;
  const sampler = setInterval(() => {
    const now = mb();
    rssMaxMb = Math.max(rssMaxMb, now);
    if (rssWarmMb === 0 && delivered >= messages / 10) rssWarmMb = now;
  }, 100);
  const start = performance.now();
  await engine.start();
  const chunk = 10_000;
  const maxBacklog = options.maxBacklog ?? 50_000;
  for (let sent = 0; sent < messages; sent += chunk) {
    while (sent - delivered > maxBacklog) await new Promise((r) => setTimeout(r, 10));
    await enqueueNoops(engine, Math.min(chunk, messages - sent), sent);
  }
  while (delivered < messages) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - start) / 1000;
  await engine.stop();
  clearInterval(sampler);
  const rssEndMb = mb();
  return { messages, seconds: Math.round(seconds * 10) / 10, rssStartMb, rssWarmMb: rssWarmMb || rssEndMb, rssMaxMb: Math.max(rssMaxMb, rssEndMb), rssEndMb };
}
