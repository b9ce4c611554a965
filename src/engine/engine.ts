/**
 * The engine facade: the inbox (validated, deduplicated ingest), direct enqueue, the worker,
 * operator actions, cross-references, leader election and observability. It knows nothing of
 * KashFlow or AX; flows register message types and handlers in a {@link MessageTypeRegistry}.
 */
import { KfaxError } from '../errors/kfax-error.js';
import type { Store } from '../store/store.js';
import type { CursorWrite, EnqueueResult, NewMessage, SnapshotWrite, StoreStats, XrefWrite } from '../store/types.js';
import { systemClock, type Clock } from './clock.js';
import { DeadLetterQueue } from './dead-letters.js';
import type { EndpointSnapshot } from './endpoint-runtime.js';
import { EngineEvents } from './events.js';
import { GroupWriter } from './group-writer.js';
import { prepareEvent, prepareMessage } from './inbox.js';
import { runAsLeader, type LeaderHandle, type LeaderOptions } from './leader.js';
import type { MessageTypeRegistry } from './message-types.js';
import { DEFAULT_ENGINE_SETTINGS, type EndpointSettingsInput, type EngineSettings } from './settings.js';
import { Worker, newWorkerId, type ShutdownReport } from './worker.js';

/** How an engine is built. */
export interface EngineOptions {
  readonly store: Store;
  readonly registry: MessageTypeRegistry;
  readonly settings?: Partial<EngineSettings>;
  /** Endpoint settings by name; `default` applies to every endpoint. */
  readonly endpoints?: Readonly<Record<string, EndpointSettingsInput>>;
  readonly clock?: Clock;
  readonly workerId?: string;
  /** Random source for backoff jitter (tests pin it). */
  readonly random?: () => number;
  /** Only claim these message types (default: all registered); see `kfax run --flows`. */
  readonly claimTypes?: readonly string[];
}

/** Extra writes committed atomically with an ingest (a poller's cursor and snapshots). */
export interface IngestExtras {
  readonly cursors?: readonly CursorWrite[];
  readonly snapshots?: readonly SnapshotWrite[];
}

/** Counts, oldest waiting work and per-endpoint state (all endpoint figures are per process). */
export interface EngineStats {
  readonly store: StoreStats;
  readonly endpoints: readonly EndpointSnapshot[];
  readonly workerId: string;
}

export class Engine {
  readonly events = new EngineEvents();
  readonly settings: EngineSettings;
  readonly deadLetters: DeadLetterQueue;
  readonly store: Store;
  readonly registry: MessageTypeRegistry;
  private readonly clock: Clock;
  private readonly worker: Worker;
  private readonly writer: GroupWriter;
  private readonly leaders = new Set<LeaderHandle>();

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.registry = options.registry;
    this.clock = options.clock ?? systemClock;
    this.settings = { ...DEFAULT_ENGINE_SETTINGS, ...options.settings };
    this.worker = new Worker({
      store: options.store,
      registry: options.registry,
      settings: this.settings,
      endpoints: options.endpoints ?? {},
      clock: this.clock,
      events: this.events,
      workerId: options.workerId ?? newWorkerId(),
      ...(options.random ? { random: options.random } : {}),
      ...(options.claimTypes ? { claimTypes: options.claimTypes } : {}),
    });
    this.deadLetters = new DeadLetterQueue(options.store, options.registry, this.clock, this.settings.maxPayloadBytes, () => this.worker.wake('*'));
    this.writer = new GroupWriter(options.store, this.clock, this.settings.commitBatchSize, (messages, results, now) => this.written(messages, results, now));
  }

  /** This process's worker id (appears as lease owner and in histories). */
  get workerId(): string {
    return this.worker.id;
  }

  /**
   * Accepts one event at the inbox. A malformed event is rejected with `KFAX_INPUT_INVALID`
   * naming the field, and nothing is stored; a repeated event (same source and dedupe key) is
   * acknowledged as a duplicate and not processed again. Resolves once the event is durable;
   * concurrent calls share commits (group commit).
   */
  async ingest(event: unknown): Promise<EnqueueResult> {
    return this.writer.write(prepareEvent(this.registry, event, '', this.settings.maxPayloadBytes, this.clock.now()));
  }

  /** Accepts a batch of events atomically (all validated first; all stored or none), with a poller's cursor and snapshots. */
  async ingestMany(events: readonly unknown[], extras: IngestExtras = {}): Promise<EnqueueResult[]> {
    const now = this.clock.now();
    const single = events.length === 1;
    const messages = events.map((e, i) => prepareEvent(this.registry, e, single ? '' : `events[${i}]`, this.settings.maxPayloadBytes, now));
    return this.write(messages, now, extras);
  }

  /** Enqueues one message directly (its idempotency key comes from type + key); shares commits like {@link ingest}. */
  async enqueue(request: unknown): Promise<EnqueueResult> {
    return this.writer.write(prepareMessage(this.registry, request, '', this.settings.maxPayloadBytes, this.clock.now()));
  }

  /** Enqueues several messages atomically. */
  async enqueueMany(requests: readonly unknown[]): Promise<EnqueueResult[]> {
    const now = this.clock.now();
    const single = requests.length === 1;
    const messages = requests.map((r, i) => prepareMessage(this.registry, r, single ? '' : `messages[${i}]`, this.settings.maxPayloadBytes, now));
    return this.write(messages, now, {});
  }

  private async write(messages: NewMessage[], now: number, extras: IngestExtras): Promise<EnqueueResult[]> {
    const results = await this.store.enqueue(messages, { now, ...extras });
    this.written(messages, results, now);
    return results;
  }

  /** After a commit: wake the worker for new work and report the new messages. */
  private written(messages: readonly NewMessage[], results: readonly EnqueueResult[], now: number): void {
    const woken = new Set<string>();
    results.forEach((r, i) => {
      if (!r.duplicate) woken.add(messages[i]!.endpoint);
    });
    for (const e of woken) this.worker.wake(e);
    if (this.events.has('transitions')) {
      const events = results.flatMap((r, i) => (r.duplicate || r.id === null ? [] : [{ id: r.id, type: messages[i]!.type, endpoint: messages[i]!.endpoint, from: null, to: 'pending' as const, attempt: 0, at: now }]));
      if (events.length > 0) this.events.emit('transitions', events);
    }
  }

  /** Starts the worker (claims and runs messages of every registered type). */
  start(): Promise<void> {
    return this.worker.start();
  }

  /** Graceful shutdown: stops leaders, drains in-flight work within the timeout, commits results. */
  async stop(timeoutMs?: number): Promise<ShutdownReport> {
    await Promise.all([...this.leaders].map((l) => l.stop()));
    this.leaders.clear();
    return this.worker.stop(timeoutMs);
  }

  /** The target id of a source record, or null. */
  lookupXref(system: string, entity: string, sourceId: string): Promise<string | null> {
    return this.store.getXrefTarget(system, entity, sourceId);
  }

  /** Records xrefs found outside a handler (e.g. a reconciliation); releases messages parked on them. */
  async recordXrefs(xrefs: readonly XrefWrite[]): Promise<number> {
    for (const x of xrefs) {
      for (const field of ['system', 'entity', 'sourceId', 'targetId'] as const) {
        if (typeof x[field] !== 'string' || x[field] === '') throw new KfaxError('KFAX_INPUT_INVALID', [`xrefs.${field}`, 'expected a non-empty string']);
      }
    }
    const released = await this.store.recordXrefs(xrefs, this.clock.now());
    for (const r of released) this.worker.wake(r.endpoint);
    return released.length;
  }

  /** Releases every message held under `holdKey` (e.g. `ax/period/kfuk/2026-11` when the period reopens). */
  async releaseHeld(holdKey: string, actor: string, note?: string): Promise<number> {
    return (await this.deadLetters.release({ holdKey }, actor, note)).changed.length;
  }

  /** Counts per state, oldest ready age, and this process's endpoint limits and breakers. */
  async stats(): Promise<EngineStats> {
    return { store: await this.store.stats(this.clock.now()), endpoints: this.worker.endpointSnapshots(), workerId: this.worker.id };
  }

  /** Runs `fn` while this process is the leader of `name` (see `leader.ts`); stopped with the engine. */
  runAsLeader(name: string, fn: (signal: AbortSignal) => Promise<void>, options: Partial<LeaderOptions> = {}): LeaderHandle {
    const handle = runAsLeader(this.store, name, fn, {
      holderId: this.worker.id,
      onProblem: (message, error) => this.events.emit('problem', { message, error }),
      ...options,
    });
    this.leaders.add(handle);
    return handle;
  }
}
