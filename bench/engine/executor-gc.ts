/**
 * Executor overhead per message, base build against this build in one process: runs messages
 * through `executeMessage` with a handler that reads its signal and awaits a 5–20 ms timer (so
 * what the executor keeps per message lives across scavenges, as while a handler awaits HTTP),
 * `concurrency` at a time, and reports process CPU time and GC work per message (medians).
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/engine/executor-gc.js <base-dist> <new-dist> [messages] [rounds] [concurrency]
 *
 * `<…-dist>`: a build's output folder (the one holding `src/engine/executor.js`).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { median, meter, type GcFigures } from '../lib/gc-meter.js';

interface ExecutorModule {
  executeMessage(msg: unknown, settings: unknown, ctx: unknown, interrupt: unknown): Promise<unknown>;
  Interrupter: new () => unknown;
}

const [baseDist, newDist, messagesArg, roundsArg, concurrencyArg] = process.argv.slice(2);
if (!baseDist || !newDist) throw new Error('usage: executor-gc.js <base-dist> <new-dist> [messages] [rounds] [concurrency]');
const MESSAGES = Number(messagesArg ?? 20_000);
const ROUNDS = Number(roundsArg ?? 7);
const CONCURRENCY = Number(concurrencyArg ?? 200);

async function load(dist: string): Promise<ExecutorModule> {
  return (await import(pathToFileURL(resolve(dist, 'src/engine/executor.js')).href)) as ExecutorModule;
}

const def = {
  type: 'shop.order',
  endpoint: 'kashflow',
  handle: async (d: { signal: AbortSignal; id: number }) => {
    const signal = d.signal; // as the connectors do: every HTTP call carries it
    await sleep(5 + (d.id % 16), undefined, { ref: true });
    if (signal.aborted) throw new Error('aborted');
    return { xrefs: [{ system: 'kashflow', entity: 'invoice', sourceId: String(d.id), targetId: String(d.id + 1) }], output: { invoice: d.id } };
  },
};
const ctx = {
  registry: { get: () => def, validate: (_type: string, value: unknown) => ({ ok: true, value }) },
  clock: { now: () => Date.now() },
  maxPayloadBytes: 1_000_000,
  workerId: 'bench',
  lookupXref: () => Promise.resolve(null),
};
const settings = { handlerTimeoutMs: 120_000, retry: { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 5, budgetMs: 3_600_000 } };

function message(id: number): unknown {
  return { id, type: 'shop.order', endpoint: 'kashflow', payload: `{"order":${id},"lines":[{"sku":"A-${id}","qty":1}]}`, attempt: 1, budgetUsed: 0, idempotencyKey: `00000000-0000-5000-8000-${String(id).padStart(12, '0')}`, resend: false, aggregateKey: null, previousState: 'pending' };
}

/** Runs `MESSAGES` messages, `CONCURRENCY` at a time. */
async function runMessages(m: ExecutorModule): Promise<void> {
  const interrupt = new m.Interrupter();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < MESSAGES) {
      const outcome = (await m.executeMessage(message(next++), settings, ctx, interrupt)) as { settlement: { kind: string } };
      if (outcome.settlement.kind !== 'delivered') throw new Error(`unexpected ${outcome.settlement.kind}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

function perMessage(f: GcFigures): Record<string, number> {
  return {
    cpuUs: f.cpuUs / MESSAGES,
    allocB: f.allocatedBytes / MESSAGES,
    promotedB: f.promotedBytes / MESSAGES,
    gcPauseUs: f.gcPauseUs / MESSAGES,
    scavenges: f.scavenges,
    majorGcs: f.majorGcs,
  };
}

const builds = { base: await load(baseDist), new: await load(newDist) };
const results: Record<string, Record<string, number>[]> = { base: [], new: [] };
// Warm both up (JIT), then alternate so drifting machine load falls on both alike.
for (const m of Object.values(builds)) await runMessages(m);
for (let r = 0; r < ROUNDS; r++) {
  const order: readonly ('base' | 'new')[] = r % 2 === 0 ? ['base', 'new'] : ['new', 'base'];
  for (const name of order) {
    results[name]!.push(perMessage(await meter(() => runMessages(builds[name]))));
  }
}
console.log(`executeMessage: ${MESSAGES} messages × ${ROUNDS} rounds, ${CONCURRENCY} in flight, handler awaits 5–20 ms; medians per message`);
for (const name of ['base', 'new'] as const) {
  const rows = results[name]!;
  const keys = Object.keys(rows[0]!);
  console.log(name.padEnd(5), keys.map((k) => `${k}=${median(rows.map((x) => x[k]!)).toFixed(k.endsWith('B') ? 0 : 2)}`).join('  '));
}
