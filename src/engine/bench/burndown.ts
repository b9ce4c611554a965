/**
 * W1 burn-down: bulk-enqueue N no-op messages, then start the worker; throughput is N divided
 * by the time from the first claim to the last durable completion (the commit of the group
 * that delivered the last message — the engine reports it after the commit). Enqueue time is
 * excluded, as in graphile-worker's perfTest and `river bench`.
 */
import { Engine } from '../engine.js';
import { MessageTypeRegistry } from '../message-types.js';
import type { EngineSettings, EndpointSettingsInput } from '../settings.js';
import type { Store } from '../../store/store.js';

/** Tuned engine settings for throughput: big claims and big group commits. */
export const BURNDOWN_SETTINGS: Partial<EngineSettings> = { claimBatchSize: 1_000, commitBatchSize: 4_000, commitDelayMs: 0, pollIntervalMs: 1_000 };

/** The no-op endpoint: concurrency high enough for whole batches. */
export const NOOP_ENDPOINT: EndpointSettingsInput = { concurrency: 2_000, breaker: null };

/** The no-op message type. */
export function noopRegistry(): MessageTypeRegistry {
  return new MessageTypeRegistry().define({ type: 'bench.noop', endpoint: 'noop', handle: () => undefined });
}

/** Enqueues `n` no-op messages in bulk (chunks of 5,000), returning the seconds it took. */
export async function enqueueNoops(engine: Engine, n: number, offset = 0): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i += 5_000) {
    const size = Math.min(5_000, n - i);
    await engine.enqueueMany(Array.from({ length: size }, (_, j) => ({ type: 'bench.noop', payload: { i: offset + i + j }, key: String(offset + i + j) })));
  }
  return (performance.now() - start) / 1000;
}

/** Result of one burn-down. */
export interface BurndownResult {
  readonly messages: number;
  readonly seconds: number;
  readonly msgsPerSec: number;
  readonly enqueueSeconds: number;
}

/** Runs W1 on a migrated, empty store. */
export async function runBurndown(store: Store, messages: number, settings: Partial<EngineSettings> = BURNDOWN_SETTINGS): Promise<BurndownResult> {
  const engine = new Engine({ store, registry: noopRegistry(), settings, endpoints: { noop: NOOP_ENDPOINT } });
  const enqueueSeconds = await enqueueNoops(engine, messages);
  let firstClaim = 0;
  let delivered = 0;
  const done = new Promise<number>((resolve) => {
    engine.events.on('transitions', (events) => {
      for (const e of events) {
        if (e.to === 'in_flight' && firstClaim === 0) firstClaim = performance.now();
        else if (e.to === 'delivered' && ++delivered === messages) resolve(performance.now());
      }
    });
  });
  await engine.start();
  const end = await done;
  await engine.stop();
  const seconds = (end - firstClaim) / 1000;
  return { messages, seconds, msgsPerSec: Math.round(messages / seconds), enqueueSeconds };
}
