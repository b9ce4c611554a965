import { isKfaxError, KfaxError } from '../../../errors/kfax-error.js';
import type { AifClient } from '../client/aif-client.js';
import type { EntityKey } from '../client/entity-keys.js';
import { BatchQueue } from './batch-queue.js';
import { envelopeDocument, envelopeOf, memberOf, recordCount, type AxWriteRequest, type AxWriteResult, type Envelope, type Member, type MemberOutcome } from './envelope.js';
import { DEFAULT_BATCH_SETTINGS, ServiceHealth, type AxBatchSettings, type ServiceWriteStats, type WriteMode } from './health.js';
import { AxLookups } from './lookups.js';
import { WriterMemory, type MemoryEntry } from './memory.js';
import { isMessageId } from './message-ids.js';
import { describeNaturalKey, lookUpNaturalKey } from './natural-key.js';
import { asKfaxError, failureEffect, forMember, isAnswered, isSplittable, isTimeoutLike } from './outcome.js';
import type { StopSignal } from '../../../util/stop-signal.js';

/** Something the writer did that operators and metrics may want to see. */
export type AxWriterEvent =
  | { readonly type: 'mode'; readonly service: string; readonly mode: WriteMode; readonly reason: string }
  | { readonly type: 'call'; readonly service: string; readonly messageId: string; readonly documents: number; readonly resent: boolean; readonly result: MemberOutcome['kind']; readonly error?: string }
  | { readonly type: 'split'; readonly service: string; readonly messageId: string; readonly documents: number; readonly error: string };

/** Options of {@link AxDocumentWriter}. */
export interface AxDocumentWriterOptions {
  readonly client: AifClient;
  /** Look-ups by natural key; default over the same client with the default service names. */
  readonly lookups?: AxLookups;
  /** `ax.batch` from the configuration. */
  readonly batch?: AxBatchSettings;
  /**
   * Batch a healthy service's documents while this many of its calls are already in flight
   * (documents that would only wait for a free connection travel together instead); 0 (the
   * default) batches only in batch mode. Needs `batch.enabled`.
   */
  readonly batchWhenBusyCalls?: number;
  /** How long to remember a document whose outcome is unknown (default one hour). */
  readonly memoryTtlMs?: number;
  readonly onEvent?: (event: AxWriterEvent) => void;
  readonly now?: () => number;
}

/**
 * Writes AX documents exactly once, one AIF `create` per document normally and several per
 * call ("batch mode") while a service keeps timing out — or, with `batchWhenBusyCalls`, while
 * its calls already fill the connections.
 *
 * Exactly-once rules (the why is in docs/ax-connector.md):
 * 1. Every create carries a MessageId: a document alone travels under its own (the engine's
 *    idempotency key), a batch under UUIDv5 of its sorted member ids.
 * 2. When a call's outcome is unknown (timeout, lost connection), its documents may travel
 *    again only in the same envelope (same MessageId, same members): AX's duplicate check then
 *    makes the re-send harmless. "Duplicate message" means applied: each document is found by
 *    its natural key.
 * 3. A document whose history this process does not know but the engine says may have landed
 *    (`resend`) is looked up by natural key first and, if absent, sent alone under its own id.
 * 4. A batch answered with an AifFault applied nothing; it is bisected until the bad documents
 *    are alone and get their own error, and the good ones land once.
 */
export class AxDocumentWriter {
  readonly lookups: AxLookups;
  private readonly client: AifClient;
  private readonly batch: AxBatchSettings;
  private readonly health = new Map<string, ServiceHealth>();
  private readonly memory: WriterMemory;
  private readonly queue: BatchQueue<Member>;
  private readonly waiting = new Map<string, (o: MemberOutcome) => void>();
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly options: AxDocumentWriterOptions) {
    this.client = options.client;
    this.lookups = options.lookups ?? new AxLookups(options.client);
    this.batch = options.batch ?? DEFAULT_BATCH_SETTINGS;
    this.now = options.now ?? Date.now;
    this.memory = new WriterMemory(options.memoryTtlMs ?? 3_600_000, this.now);
    this.queue = new BatchQueue<Member>(
      () => this.batch.maxDocuments,
      () => this.batch.lingerMs,
      (members) => this.dispatch(members, false),
    );
  }

  /** Creates the document (or finds it, when an earlier attempt landed) and returns its keys. */
  async create(request: AxWriteRequest): Promise<AxWriteResult> {
    if (this.closed) throw new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['the AX writer', 'that it is closed']);
    const member = validate(request);
    this.memory.prune();
    for (;;) {
      // Re-read the entry every turn: a concurrent call may have settled or replaced it.
      const entry = this.memory.entry(member);
      entry.touchedAt = this.now();
      if (entry.pending) return this.finish(entry, await this.wait(entry, entry.pending, request.signal), request);
      if (entry.result) return this.finish(entry, entry.result, request);
      if (entry.inDoubt) {
        this.dispatch(entry.inDoubt.members, true);
        continue;
      }
      if (request.resend) {
        const found = await lookUpNaturalKey(this.lookups, request.naturalKey, request.company);
        const now = this.memory.entry(member);
        if (now.pending || now.result || now.inDoubt) continue; // a concurrent call moved on
        if (found.length > 0) {
          this.memory.forget(now);
          this.healthOf(request.service).stats.foundByLookup++;
          return { outcome: 'found', keys: found };
        }
        this.dispatch([member], false);
        continue;
      }
      if (this.modeOf(request.service) === 'batch' || this.busy(request.service)) this.enqueue(member, entry);
      else this.dispatch([member], false);
    }
  }

  /** The current mode of a service. */
  modeOf(service: string): WriteMode {
    return this.health.get(service)?.mode ?? 'single';
  }

  /**
   * Switches a service by hand (an operator who knows AX is struggling, or a test). The automatic
   * switching continues from there.
   */
  forceMode(service: string, mode: WriteMode, reason = 'forced'): void {
    this.healthOf(service).force(mode, reason);
  }

  /** Counters per service (mode, switches, calls, batches, splits, in-doubt, look-ups). */
  stats(): ServiceWriteStats[] {
    return [...this.health.values()].map((h) => ({ ...h.stats }));
  }

  /** Documents waiting to be batched, and documents remembered (in flight or in doubt). */
  backlog(): { queued: number; remembered: number } {
    return { queued: this.queue.size, remembered: this.memory.size };
  }

  /** Sends what is queued and refuses new documents. */
  close(): void {
    this.closed = true;
    this.queue.flushAll();
  }

  private healthOf(service: string): ServiceHealth {
    let h = this.health.get(service);
    if (!h) {
      h = new ServiceHealth(service, this.batch, (mode, reason) => this.options.onEvent?.({ type: 'mode', service, mode, reason }));
      this.health.set(service, h);
    }
    return h;
  }

  private busy(service: string): boolean {
    const calls = this.options.batchWhenBusyCalls ?? 0;
    return calls > 0 && this.batch.enabled && (this.health.get(service)?.inFlight ?? 0) >= calls;
  }

  private enqueue(member: Member, entry: MemoryEntry): void {
    entry.pending = new Promise<MemberOutcome>((resolve) => this.waiting.set(member.id, resolve));
    this.queue.add(member);
  }

  /** Sends members as one envelope; every member's entry waits for its outcome. */
  private dispatch(members: readonly Member[], resent: boolean): void {
    const envelope = envelopeOf(members, this.now());
    const health = this.healthOf(envelope.service);
    health.inFlight++;
    const run = this.send(envelope, resent)
      .catch((err: unknown) => this.conclude(envelope, resent, () => ({ kind: 'unknown', error: asKfaxError(err, 'AX writer'), envelope })))
      .finally(() => health.inFlight--);
    for (const m of envelope.members) {
      const entry = this.memory.entry(m);
      entry.inDoubt = undefined;
      entry.pending = run.then((outcomes) => outcomes.get(m.id) ?? { kind: 'unknown', error: new KfaxError('KFAX_INTERNAL', ['AX writer lost the outcome of a document'], { kind: 'in_doubt' }), envelope });
      const resolve = this.waiting.get(m.id);
      if (resolve) {
        this.waiting.delete(m.id);
        void entry.pending.then(resolve);
      }
    }
  }

  /** One AIF create for the envelope; splits it when a document caused an AifFault. */
  private async send(envelope: Envelope, resent: boolean): Promise<Map<string, MemberOutcome>> {
    const health = this.healthOf(envelope.service);
    const n = envelope.members.length;
    const stats = health.stats;
    stats.calls++;
    if (n > 1) {
      stats.batchCalls++;
      stats.batchedDocuments += n;
    }
    if (resent) stats.resentCalls++;
    let keys: EntityKey[];
    try {
      keys = await this.client.create(envelope.service, envelopeDocument(envelope), envelope.company ? { messageId: envelope.id, company: envelope.company } : { messageId: envelope.id });
    } catch (err) {
      if (isKfaxError(err)) health.record(isTimeoutLike(err) ? 'timeout' : isAnswered(err) ? 'healthy' : 'other');
      const error = asKfaxError(err, `${envelope.service}/create`);
      if (n > 1 && isSplittable(err)) {
        stats.splits++;
        this.options.onEvent?.({ type: 'split', service: envelope.service, messageId: envelope.id, documents: n, error: error.message });
        const half = Math.ceil(n / 2);
        const parts = [envelope.members.slice(0, half), envelope.members.slice(half)].map((ms) => envelopeOf(ms, this.now()));
        const results = await Promise.all(parts.map((p) => this.send(p, false)));
        return new Map(results.flatMap((r) => [...r]));
      }
      const batch = n > 1 ? { batchMessageId: envelope.id, batchSize: n } : {};
      switch (failureEffect(err)) {
        case 'applied':
          return this.conclude(envelope, resent, () => ({ kind: 'applied', messageId: envelope.id, documents: n }));
        case 'rejected':
          stats.failed += n;
          return this.conclude(envelope, resent, () => ({ kind: 'rejected', error: n > 1 ? forMember(error, batch) : error }));
        case 'unknown':
          stats.inDoubtCalls++;
          return this.conclude(envelope, resent, () => ({ kind: 'unknown', error: forMember(error, { ...batch, envelopeMessageId: envelope.id }, 'in_doubt'), envelope }));
      }
    }
    health.record('healthy');
    if (keys.length !== recordCount(envelope)) {
      // Applied, but the answer cannot be mapped to the documents: find each by natural key.
      return this.conclude(envelope, resent, () => ({ kind: 'applied', messageId: envelope.id, documents: n }));
    }
    let at = 0;
    const slices = new Map<string, EntityKey[]>();
    for (const m of envelope.members) {
      slices.set(m.id, keys.slice(at, at + m.parts.records.length));
      at += m.parts.records.length;
    }
    return this.conclude(envelope, resent, (m) => ({ kind: 'created', keys: slices.get(m.id) ?? [], messageId: envelope.id, documents: n }));
  }

  /** Records the outcome of an envelope for each member and reports the call. */
  private conclude(envelope: Envelope, resent: boolean, outcomeOf: (m: Member) => MemberOutcome): Map<string, MemberOutcome> {
    const outcomes = new Map(envelope.members.map((m) => [m.id, outcomeOf(m)] as const));
    this.memory.settle(outcomes, envelope.members);
    const first = outcomes.values().next().value as MemberOutcome;
    this.options.onEvent?.({ type: 'call', service: envelope.service, messageId: envelope.id, documents: envelope.members.length, resent, result: first.kind, ...('error' in first ? { error: first.error.message } : {}) });
    return outcomes;
  }

  /** Turns a member's outcome into the caller's answer. */
  private async finish(entry: MemoryEntry, outcome: MemberOutcome, request: AxWriteRequest): Promise<AxWriteResult> {
    const stats = this.healthOf(request.service).stats;
    switch (outcome.kind) {
      case 'created':
        if (entry.result === outcome) entry.result = undefined;
        this.memory.forget(entry);
        stats.created++;
        return { outcome: 'created', keys: outcome.keys, sentAs: { messageId: outcome.messageId, documents: outcome.documents } };
      case 'applied': {
        entry.result = outcome;
        const found = await lookUpNaturalKey(this.lookups, request.naturalKey, request.company);
        if (found.length === 0) {
          throw new KfaxError('KFAX_AX_DUPLICATE_MESSAGE', [`${request.service}/create ${outcome.messageId}`], {
            details: { naturalKey: describeNaturalKey(request.naturalKey), envelopeMessageId: outcome.messageId, documents: outcome.documents, reason: 'AX processed the message but the document was not found by its natural key (yet); it is never sent again under another MessageId' },
          });
        }
        if (entry.result === outcome) entry.result = undefined;
        this.memory.forget(entry);
        stats.foundByLookup++;
        return { outcome: 'found', keys: found, sentAs: { messageId: outcome.messageId, documents: outcome.documents } };
      }
      case 'rejected':
        this.memory.forget(entry);
        throw outcome.error;
      case 'unknown':
        throw outcome.error;
    }
  }

  /** Waits for a pending outcome; on abort a document still queued is taken out of its batch. */
  private wait(entry: MemoryEntry, pending: Promise<MemberOutcome>, signal: StopSignal | undefined): Promise<MemberOutcome> {
    if (!signal) return pending;
    return new Promise<MemberOutcome>((resolve, reject) => {
      const onAbort = (): void => {
        if (this.queue.remove(entry.member)) {
          // Not sent: nothing can have landed. Anyone else waiting for it learns so and may retry.
          entry.pending = undefined;
          this.waiting.get(entry.member.id)?.({ kind: 'rejected', error: new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['the AX writer', 'that the document was withdrawn from its batch before it was sent']) });
          this.waiting.delete(entry.member.id);
        }
        reject(signal.reason ?? new Error('aborted'));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      pending.then(
        (o) => {
          signal.removeEventListener('abort', onAbort);
          resolve(o);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      );
    });
  }
}

function validate(request: AxWriteRequest): Member {
  if (typeof request.service !== 'string' || request.service.trim() === '') throw new KfaxError('KFAX_INPUT_INVALID', ['service', 'the AIF external service name is required']);
  if (typeof request.messageId !== 'string' || !isMessageId(request.messageId)) throw new KfaxError('KFAX_INPUT_INVALID', ['messageId', `expected a GUID (the engine's idempotency key), got ${JSON.stringify(request.messageId)}`]);
  if (!request.naturalKey || typeof request.naturalKey !== 'object') throw new KfaxError('KFAX_INPUT_INVALID', ['naturalKey', 'required: how to find the document again if a call times out']);
  return memberOf(request);
}
