/**
 * The SQLite thread of {@link WorkerStore}: owns one {@link SqliteStore} and runs the calls the
 * owning thread posts, one at a time in arrival order — the same order a SqliteStore in the
 * owning thread would apply them. Started by `WorkerStore`; never imported by anything else.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LeaderLease } from '../types.js';
import { SqliteStore, type SqliteStoreOptions } from '../sqlite/sqlite-store.js';
import { toWireError, type WorkerAnswer, type WorkerCall } from './wire.js';
import { WIRE_CODECS } from './wire-codec.js';

const port = parentPort;
if (!port) throw new Error('worker-main.ts runs only as a worker thread');

const store = new SqliteStore(workerData as SqliteStoreOptions);
const leases = new Map<number, LeaderLease>();
let nextLease = 1;

/** Runs one call; lease objects stay here and are named by a number over there. */
async function run(call: WorkerCall): Promise<unknown> {
  switch (call.method) {
    case 'tryAcquireLeadership': {
      const [name, holder, ttlMs] = call.args as [string, string, number];
      const lease = await store.tryAcquireLeadership(name, holder, ttlMs);
      if (!lease) return null;
      const id = nextLease++;
      leases.set(id, lease);
      return { id, name: lease.name, holder: lease.holder };
    }
    case 'lease.renew':
      return (await leases.get(call.args[0] as number)?.renew()) ?? false;
    case 'lease.release': {
      const id = call.args[0] as number;
      await leases.get(id)?.release();
      leases.delete(id);
      return undefined;
    }
    case 'close':
      await store.close();
      return undefined;
    default: {
      const method = (store as unknown as Record<string, unknown>)[call.method];
      if (typeof method !== 'function') throw new Error(`unknown store method ${call.method}`);
      // The hot calls cross in compact form both ways (see wire-codec.ts).
      const codec = WIRE_CODECS.get(call.method);
      const args = codec ? codec.decodeArgs(call.args) : call.args;
      const value = await (method as (...a: unknown[]) => Promise<unknown>).apply(store, args as unknown[]);
      return codec ? codec.encodeResult(value) : value;
    }
  }
}

// Calls start in arrival order; SqliteStore runs each transaction synchronously when called,
// so their writes apply in that order even while an earlier answer is still being posted.
port.on('message', (call: WorkerCall) => {
  run(call).then(
    (value) => port.postMessage({ id: call.id, ok: true, value } satisfies WorkerAnswer),
    (err: unknown) => port.postMessage({ id: call.id, ok: false, error: toWireError(err) } satisfies WorkerAnswer),
  );
});
