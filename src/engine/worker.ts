/**
 * One worker process's runtime: a dispatcher per endpoint, the group committer, the lease
 * heartbeat and the sweeper. It runs the handlers of the message types registered in this
 * process; other processes may run the same or other types against the same store.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.js';
import type { ClaimedMessage, Settlement, SettleResult } from '../store/types.js';
import type { Clock } from './clock.js';
import { GroupCommitter } from './committer.js';
import { EndpointDispatcher, type DispatchHost } from './dispatcher.js';
import { EndpointRuntime, type EndpointSnapshot } from './endpoint-runtime.js';
import type { EngineEvents, TransitionEvent } from './events.js';
import { Interrupter, executeMessage, type ExecutorContext } from './executor.js';
import type { MessageTypeRegistry } from './message-types.js';
import { resolveEndpointSettings, type EndpointSettingsInput, type EngineSettings } from './settings.js';
import { Sweeper } from './sweeper.js';

/** A unique id for this worker: host, pid and a random suffix. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** What a worker is built from. */
export interface WorkerOptions {
  readonly store: Store;
  readonly registry: MessageTypeRegistry;
  readonly settings: EngineSettings;
  readonly endpoints: Readonly<Record<string, EndpointSettingsInput>>;
  readonly clock: Clock;
  readonly events: EngineEvents;
  readonly workerId: string;
  /** Random source for backoff jitter (tests pin it). */
  readonly random?: () => number;
  /**
   * Only claim these message types (default: every registered type). A process that runs a
   * subset of flows still registers every type, so its handlers may enqueue any of them.
   */
  readonly claimTypes?: readonly string[];
}

/** What a graceful stop did. */
export interface ShutdownReport {
  /** Handlers that finished within the timeout. */
  readonly finished: number;
  /** Handlers still running at the timeout: recorded as in-doubt for a re-send. */
  readonly interrupted: number;
  /** Settlements that could not be committed (the store was unavailable); their leases expire. */
  readonly uncommitted: number;
}

interface Leased {
  readonly type: string;
  readonly endpoint: string;
  readonly attempt: number;
}

export class Worker implements DispatchHost {
  readonly batchSize: number;
  private readonly dispatchers = new Map<string, EndpointDispatcher>();
  private readonly leased = new Map<number, Leased>();
  private readonly running = new Set<Promise<void>>();
  private readonly committer: GroupCommitter;
  private readonly interrupt = new Interrupter();
  private readonly executor: ExecutorContext;
  private readonly sweeper: Sweeper;
  private readonly typesByEndpoint = new Map<string, string[]>();
  private heartbeat: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;
  private started = false;
  private stopping = false;

  constructor(private readonly o: WorkerOptions) {
    this.batchSize = o.settings.claimBatchSize;
    const now = o.clock.now();
    const claimable = o.claimTypes ? new Set(o.claimTypes) : undefined;
    for (const endpoint of o.registry.endpoints()) {
      const types = o.registry.typesFor(endpoint).filter((t) => claimable === undefined || claimable.has(t));
      if (types.length === 0) continue;
      const runtime = new EndpointRuntime(endpoint, resolveEndpointSettings(endpoint, o.endpoints), now, (c) => o.events.emit('breaker', { endpoint, ...c }));
      this.dispatchers.set(endpoint, new EndpointDispatcher(runtime, this));
      this.typesByEndpoint.set(endpoint, types);
    }
    this.committer = new GroupCommitter(
      o.store,
      o.workerId,
      o.clock,
      { maxBatch: o.settings.commitBatchSize, delayMs: o.settings.commitDelayMs },
      (items, result, at) => this.committed(items, result, at),
      (err) => this.problem('group commit failed; retrying', err),
    );
    this.executor = {
      registry: o.registry,
      clock: o.clock,
      maxPayloadBytes: o.settings.maxPayloadBytes,
      workerId: o.workerId,
      lookupXref: (system, entity, sourceId) => o.store.getXrefTarget(system, entity, sourceId),
      ...(o.random ? { random: o.random } : {}),
    };
    this.sweeper = new Sweeper(o.store, o.settings, o.clock, (endpoint) => this.wake(endpoint), (m, e) => this.problem(m, e));
  }

  get id(): string {
    return this.o.workerId;
  }

  /** Starts claiming. Idempotent. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    try {
      this.unsubscribe = await this.o.store.subscribe((endpoint) => this.wake(endpoint));
    } catch (err) {
      // Wake-ups from other processes are a latency optimisation; polling still finds the work.
      this.problem('could not subscribe to wake-ups from other processes; relying on polling', err);
    }
    const leaseThird = Math.max(50, Math.floor(this.o.settings.leaseMs / 3));
    this.heartbeat = setInterval(() => void this.renewLeases(), leaseThird);
    // The poll timer stays referenced: a running worker keeps its process alive until stop().
    this.poll = setInterval(() => this.wake('*'), this.o.settings.pollIntervalMs);
    this.heartbeat.unref();
    this.sweeper.start();
    this.wake('*');
  }

  /** Looks for work on one endpoint (or all: `*`). */
  wake(endpoint: string): void {
    if (!this.started || this.stopping) return;
    if (endpoint === '*') for (const d of this.dispatchers.values()) d.wake();
    else this.dispatchers.get(endpoint)?.wake();
  }

  /** Per-endpoint limits and breaker state. */
  endpointSnapshots(): EndpointSnapshot[] {
    const now = this.o.clock.now();
    return [...this.dispatchers.values()].map((d) => d.runtime.snapshot(now, d.prefetched));
  }

  /**
   * Graceful stop: claim nothing more, let running handlers finish for up to `timeoutMs`, then
   * interrupt the rest (recorded in-doubt, re-sent by whoever claims them next), commit what can
   * be committed, and release resources. Leases of anything left uncommitted simply expire.
   */
  async stop(timeoutMs = this.o.settings.shutdownTimeoutMs): Promise<ShutdownReport> {
    if (this.stopping) return { finished: 0, interrupted: 0, uncommitted: this.committer.pending };
    this.stopping = true;
    clearInterval(this.poll);
    // Claims already sent finish first; what they bring back is given back unstarted.
    await Promise.all([...this.dispatchers.values()].map((d) => d.stop()));
    this.sweeper.stop();
    await this.unsubscribe?.().catch(() => {});
    const before = this.running.size;
    const allDone = Promise.allSettled([...this.running]).then(() => true);
    let timer: NodeJS.Timeout | undefined;
    const finishedInTime = await Promise.race([allDone, new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs)))]);
    clearTimeout(timer);
    let interrupted = 0;
    if (!finishedInTime) {
      interrupted = this.running.size;
      this.interrupt.fire();
      await Promise.allSettled([...this.running]);
    }
    await this.committer.drain(Math.max(1_000, timeoutMs));
    clearInterval(this.heartbeat);
    return { finished: before - interrupted, interrupted, uncommitted: this.committer.pending };
  }

  // --- DispatchHost -----------------------------------------------------------------------

  now(): number {
    return this.o.clock.now();
  }

  async claim(endpoint: string, limit: number, now: number): Promise<ClaimedMessage[]> {
    const claimed = await this.o.store.claim({ workerId: this.o.workerId, endpoint, types: this.typesByEndpoint.get(endpoint) ?? [], limit, now, leaseMs: this.o.settings.leaseMs });
    for (const m of claimed) this.leased.set(m.id, { type: m.type, endpoint: m.endpoint, attempt: m.attempt });
    if (claimed.length > 0 && this.o.events.has('transitions')) {
      this.o.events.emit('transitions', claimed.map((m) => ({ id: m.id, type: m.type, endpoint: m.endpoint, from: m.previousState, to: 'in_flight', attempt: m.attempt, at: now })));
    }
    return claimed;
  }

  run(message: ClaimedMessage, runtime: EndpointRuntime): void {
    const task = executeMessage(message, runtime.settings, this.executor, this.interrupt).then(
      (outcome) => {
        runtime.finished(outcome.breaker, this.o.clock.now(), outcome.pauseUntil);
        this.committer.push(outcome.settlement);
      },
      (err: unknown) => {
        // executeMessage does not throw; this is a bug guard. The lease will expire.
        runtime.finished('none', this.o.clock.now());
        this.problem(`message ${message.id} could not be settled`, err);
      },
    );
    const tracked = task.finally(() => {
      this.running.delete(tracked);
      this.dispatchers.get(runtime.name)?.slotFreed();
    });
    this.running.add(tracked);
  }

  giveBack(messages: readonly ClaimedMessage[]): void {
    for (const m of messages) this.committer.push({ kind: 'returned', id: m.id, attempt: m.attempt });
  }

  problem(message: string, error: unknown): void {
    this.o.events.emit('problem', { message, error });
  }

  // --- internals ---------------------------------------------------------------------------

  private async renewLeases(): Promise<void> {
    if (this.leased.size === 0) return;
    const now = this.o.clock.now();
    try {
      await this.o.store.extendLeases(this.o.workerId, [...this.leased.keys()], now + this.o.settings.leaseMs);
    } catch (err) {
      this.problem('lease renewal failed', err);
    }
  }

  private committed(items: readonly Settlement[], result: SettleResult, at: number): void {
    const wantEvents = this.o.events.has('transitions');
    const events: TransitionEvent[] = [];
    let byId: Map<number, Settlement> | undefined;
    const itemOf = (id: number): Settlement | undefined => (byId ??= new Map(items.map((s) => [s.id, s]))).get(id);
    for (const s of result.settled) {
      const lease = this.leased.get(s.id);
      this.leased.delete(s.id);
      if (wantEvents && lease) {
        const item = itemOf(s.id);
        const error = item && 'error' in item ? item.error : undefined;
        events.push({ id: s.id, type: lease.type, endpoint: lease.endpoint, from: 'in_flight', to: s.to, attempt: lease.attempt, at, ...(error ? { error } : {}) });
      }
      // Work that becomes claimable again later: look for it then, not at the next poll.
      if (lease && (s.to === 'retry_wait' || s.to === 'in_doubt' || s.to === 'pending')) {
        const item = itemOf(s.id);
        const runAt = item?.kind === 'parked' ? item.fallbackRunAt : item && 'runAt' in item ? item.runAt : item?.kind === 'returned' ? at : undefined;
        if (typeof runAt === 'number') this.dispatchers.get(lease.endpoint)?.wakeAt(runAt);
      }
    }
    for (const id of result.lost) {
      this.leased.delete(id);
      this.problem(`lease of message ${id} was lost before its result was committed; another worker re-sends it`, undefined);
    }
    for (const m of [...result.enqueued, ...result.released]) this.wake(m.endpoint);
    for (const endpoint of result.unblocked) this.wake(endpoint);
    if (wantEvents) {
      for (const m of result.enqueued) events.push({ id: m.id, endpoint: m.endpoint, from: null, to: 'pending', attempt: 0, at });
      for (const m of result.released) events.push({ id: m.id, endpoint: m.endpoint, from: 'parked', to: 'pending', attempt: 0, at });
      if (events.length > 0) this.o.events.emit('transitions', events);
    }
  }
}
