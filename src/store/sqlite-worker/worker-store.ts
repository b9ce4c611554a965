/**
 * The SQLite store on its own thread. better-sqlite3 is synchronous: in the owning thread every
 * statement and every COMMIT (with its fsync under `synchronous=FULL`) stops the event loop —
 * HTTP intake, handlers and connectors wait. `WorkerStore` runs a {@link SqliteStore} in a
 * worker thread and forwards each Store call to it, so the store's work runs on another core
 * while the event loop goes on. Semantics are the SqliteStore's: the same transactions, applied
 * in call order, each call resolving after its commit.
 */
import { Worker } from 'node:worker_threads';
import { KfaxError } from '../../errors/kfax-error.js';
import type { Store } from '../store.js';
import type { LeaderLease, XrefRecord } from '../types.js';
import type { SqliteStoreOptions } from '../sqlite/sqlite-store.js';
import { subscribeSqlite } from '../sqlite/notify.js';
import { fromWireError, type WorkerAnswer, type WorkerCall } from './wire.js';
import { WIRE_CODECS } from './wire-codec.js';
import { XrefReader } from './xref-reader.js';

/** Options for {@link WorkerStore}. */
export interface WorkerStoreOptions extends SqliteStoreOptions {
  /**
   * The worker's entry module (default: `worker-main.js` next to this module). Tests running
   * the TypeScript sources pass a bundled entry.
   */
  readonly entry?: URL | string;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; decode: ((wire: unknown) => unknown) | undefined };

/** Store methods forwarded as they are (everything but leadership, close and subscribe). */
const FORWARDED = [
  'migrate', 'appliedMigrations', 'enqueue', 'claim', 'extendLeases', 'expireLeases', 'settle', 'recordXrefs',
  'findXrefByTarget', 'recheckParked', 'releaseHeld', 'getMessage', 'listMessages', 'retryMessages', 'editMessage',
  'discardMessages', 'resolveInDoubt', 'appendAudit', 'listAudit', 'getCursor', 'setCursor', 'getSnapshots', 'putSnapshots',
  'stats', 'prune',
] as const satisfies readonly (keyof Store)[];

type Forwarded = (typeof FORWARDED)[number];

/** Posts a call to the store thread; what each forwarded method does. */
abstract class ThreadCalls {
  protected abstract call(method: string, args: readonly unknown[]): Promise<unknown>;
}
for (const method of FORWARDED) {
  Object.defineProperty(ThreadCalls.prototype, method, {
    value(this: ThreadCalls, ...args: unknown[]) {
      return this.call(method, args);
    },
    writable: true, // like a class method: an instance may shadow it (test spies do)
    configurable: true,
  });
}
/** {@link ThreadCalls} typed with the Store methods its prototype forwards. */
const ForwardingStore = ThreadCalls as abstract new () => ThreadCalls & Pick<Store, Forwarded>;

/**
 * What a store thread's uncaught error says: its message, else its code — an error of a class
 * of its own (better-sqlite3's SqliteError) reaches this thread as `{ code }` alone.
 */
export function threadErrorText(err: unknown): string {
  const e = err as { message?: unknown; code?: unknown } | null | undefined;
  if (typeof e?.message === 'string' && e.message !== '') return e.message;
  if (typeof e?.code === 'string') return e.code;
  return String(err);
}

/** A {@link Store} whose SQLite work runs on a worker thread. */
export class WorkerStore extends ForwardingStore implements Store {
  readonly backend = 'sqlite' as const;
  readonly description: string;
  /**
   * The thread applies calls in arrival order and answers each after its commit, so the engine
   * may post the next batch while the previous one is being written.
   */
  readonly writePipelineDepth = 2;
  private readonly worker: Worker;
  private readonly xrefs: XrefReader;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: Error | undefined;

  constructor(options: WorkerStoreOptions) {
    super();
    this.description = `sqlite:${options.path}`;
    const { entry, ...storeOptions } = options;
    this.xrefs = new XrefReader(options.path);
    this.worker = new Worker(entry ?? new URL('./worker-main.js', import.meta.url), { workerData: storeOptions });
    this.worker.on('message', (answer: WorkerAnswer) => this.answered(answer));
    this.worker.on('error', (err) => this.fail(new KfaxError('KFAX_STORE_UNAVAILABLE', [this.description, `store thread failed: ${threadErrorText(err)}`], { cause: err })));
    this.worker.on('exit', (code) => this.fail(new KfaxError('KFAX_STORE_UNAVAILABLE', [this.description, `store thread exited (code ${code})`])));
    // An idle store must not keep the process alive; a call in flight does (see call()).
    this.worker.unref();
  }

  async tryAcquireLeadership(name: string, holder: string, ttlMs: number): Promise<LeaderLease | null> {
    const lease = (await this.call('tryAcquireLeadership', [name, holder, ttlMs])) as { id: number; name: string; holder: string } | null;
    if (!lease) return null;
    return {
      name: lease.name,
      holder: lease.holder,
      renew: async () => (this.exited ? false : ((await this.call('lease.renew', [lease.id])) as boolean)),
      release: async () => {
        if (!this.exited) await this.call('lease.release', [lease.id]);
      },
    };
  }

  /** Read on this thread (see {@link XrefReader}); the store thread answers when that cannot. */
  async getXref(system: string, entity: string, sourceId: string): Promise<XrefRecord | null> {
    if (this.exited) throw this.exited;
    const found = this.xrefs.get(system, entity, sourceId);
    if (found !== undefined) return found;
    return (await this.call('getXref', [system, entity, sourceId])) as XrefRecord | null;
  }

  /** Like {@link getXref}: read on this thread, or answered by the store thread when that cannot. */
  getXrefTarget(system: string, entity: string, sourceId: string): Promise<string | null> {
    if (this.exited) return Promise.reject(this.exited);
    const found = this.xrefs.target(system, entity, sourceId);
    if (found !== undefined) return Promise.resolve(found);
    return this.call('getXrefTarget', [system, entity, sourceId]) as Promise<string | null>;
  }

  async subscribe(listener: (endpoint: string) => void): Promise<() => Promise<void>> {
    return subscribeSqlite(listener);
  }

  async close(): Promise<void> {
    if (this.exited) return;
    this.xrefs.close();
    await this.call('close', []);
    await this.worker.terminate();
  }

  protected call(method: string, args: readonly unknown[]): Promise<unknown> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // The hot calls cross in compact form (see wire-codec.ts); an encoding error rejects the call.
      const codec = WIRE_CODECS.get(method);
      const wireArgs = codec ? codec.encodeArgs(args) : args;
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject, decode: codec?.decodeResult });
      this.worker.postMessage({ id, method, args: wireArgs } satisfies WorkerCall);
    });
  }

  private answered(answer: WorkerAnswer): void {
    const p = this.pending.get(answer.id);
    if (!p) return;
    this.pending.delete(answer.id);
    if (this.pending.size === 0) this.worker.unref();
    if (!answer.ok) p.reject(fromWireError(answer.error));
    else if (!p.decode) p.resolve(answer.value);
    else {
      try {
        p.resolve(p.decode(answer.value));
      } catch (err) {
        p.reject(err);
      }
    }
  }

  private fail(err: Error): void {
    this.exited ??= err;
    this.xrefs.close();
    for (const p of this.pending.values()) p.reject(this.exited);
    this.pending.clear();
  }
}
