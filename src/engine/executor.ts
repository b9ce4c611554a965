/**
 * Runs one claimed message: read and validate the stored payload, call the handler with a
 * timeout, and turn what happened into a settlement for the group commit. Nothing here throws;
 * every outcome, including a corrupt row, becomes a settlement, so one bad message never stops
 * the others.
 */
import { KfaxError, isKfaxError } from '../errors/kfax-error.js';
import type { ClaimedMessage, NewMessage, Settlement, XrefWrite } from '../store/types.js';
import type { Clock } from './clock.js';
import { Deadlines } from './deadline-queue.js';
import { decideFailure, errorRecord } from './decide.js';
import type { Delivery, FollowUp, HandlerFailure, HandlerResult } from './handler.js';
import { followUpIdempotencyKey, rootIdempotencyKey } from './idempotency.js';
import { joinPath, toJsonText } from './json-value.js';
import { MessageDelivery, MessageRun } from './message-run.js';
import type { MessageTypeRegistry } from './message-types.js';
import type { EndpointSettings } from './settings.js';

/** What the worker needs to run messages. */
export interface ExecutorContext {
  readonly registry: MessageTypeRegistry;
  readonly clock: Clock;
  readonly maxPayloadBytes: number;
  readonly workerId: string;
  lookupXref(system: string, entity: string, sourceId: string): Promise<string | null>;
  readonly random?: () => number;
}

/** A settlement and what the endpoint runtime should learn from the attempt. */
export interface ExecutionOutcome {
  readonly settlement: Settlement;
  readonly breaker: 'success' | 'failure' | 'none';
  readonly pauseUntil?: number;
}

/** Runs one message. `interrupt` aborts a running handler at shutdown. */
export async function executeMessage(msg: ClaimedMessage, settings: EndpointSettings, ctx: ExecutorContext, interrupt: Interrupter): Promise<ExecutionOutcome> {
  const def = ctx.registry.get(msg.type);
  if (!def) return dead(msg, new KfaxError('KFAX_MESSAGE_TYPE_UNKNOWN', [msg.type]));
  const run = new MessageRun(msg.type, settings.handlerTimeoutMs, ctx.workerId);
  const delivery = deliveryOf(msg, run, ctx);
  if (!(delivery instanceof MessageDelivery)) return delivery;
  handlerDeadlines.add(run, settings.handlerTimeoutMs);
  interrupt.add(run);
  try {
    await run.start(def, delivery);
    if (run.end === 'stopped') {
      const reason = run.value as KfaxError;
      if (reason.code === 'KFAX_SHUTDOWN_INTERRUPTED') {
        return { settlement: { kind: 'in_doubt', id: msg.id, attempt: msg.attempt, runAt: ctx.clock.now(), error: errorRecord(reason) }, breaker: 'none' };
      }
      return failed(msg, reason, settings, ctx);
    }
    if (run.end === 'threw') return failed(msg, run.value, settings, ctx);
    const result = run.value as HandlerResult | HandlerFailure | void;
    if (isFailure(result)) return failed(msg, result.failure, settings, ctx);
    try {
      return { settlement: completion(msg, result ?? {}, ctx), breaker: 'success' };
    } catch (err) {
      return dead(msg, err as KfaxError);
    }
  } finally {
    handlerDeadlines.remove(run);
    interrupt.delete(run);
  }
}

/**
 * The delivery of a stored message, or the dead outcome of a payload that does not read or
 * validate. Not inlined: V8 keeps an async function's locals until it returns, and the parsed
 * payload (when validation returns a copy) would then outlive the handler's await.
 */
function deliveryOf(msg: ClaimedMessage, run: MessageRun, ctx: ExecutorContext): MessageDelivery | ExecutionOutcome {
  let raw: unknown;
  try {
    raw = JSON.parse(msg.payload);
  } catch (err) {
    return dead(msg, new KfaxError('KFAX_PAYLOAD_CORRUPT', [msg.id, (err as Error).message]));
  }
  const valid = ctx.registry.validate(msg.type, raw);
  if (!valid.ok) return dead(msg, new KfaxError('KFAX_PAYLOAD_INVALID', [msg.type, valid.path || '(root)', valid.reason]));
  return new MessageDelivery(msg, valid.value, run, lookupXrefOf(ctx));
}

/** The handler timeouts of every message running in this thread, on one timer per timeout. */
const handlerDeadlines = new Deadlines();

/** The delivery's `lookupXref`, made once per context rather than once per message. */
const lookupXrefByContext = new WeakMap<ExecutorContext, Delivery['lookupXref']>();

function lookupXrefOf(ctx: ExecutorContext): Delivery['lookupXref'] {
  let lookup = lookupXrefByContext.get(ctx);
  if (!lookup) {
    lookup = (system, entity, sourceId) => ctx.lookupXref(system, entity, sourceId);
    lookupXrefByContext.set(ctx, lookup);
  }
  return lookup;
}

/** A running handler the {@link Interrupter} can stop. */
export interface Interruptible {
  interrupt(): void;
}

/**
 * Lets the worker interrupt every running handler at shutdown. Cheaper than one abort listener
 * per message on a shared signal.
 */
export class Interrupter {
  private readonly running = new Set<Interruptible>();
  private fired = false;

  /** Tracks a running handler; interrupts it at once if already fired. */
  add(target: Interruptible): void {
    if (this.fired) target.interrupt();
    else this.running.add(target);
  }

  /** Stops tracking a handler (it finished). */
  delete(target: Interruptible): void {
    this.running.delete(target);
  }

  /** Interrupts everything tracked now and added later. */
  fire(): void {
    this.fired = true;
    for (const target of [...this.running]) target.interrupt();
    this.running.clear();
  }
}

function isFailure(value: unknown): value is HandlerFailure {
  return typeof value === 'object' && value !== null && 'failure' in value && isKfaxError((value as HandlerFailure).failure);
}

function dead(msg: ClaimedMessage, err: KfaxError): ExecutionOutcome {
  return { settlement: { kind: 'dead', id: msg.id, attempt: msg.attempt, error: errorRecord(err) }, breaker: 'none' };
}

function failed(msg: ClaimedMessage, err: unknown, settings: EndpointSettings, ctx: ExecutorContext): ExecutionOutcome {
  const d = decideFailure({ id: msg.id, type: msg.type, attempt: msg.attempt, budgetUsed: msg.budgetUsed }, err, settings.retry, ctx.clock.now(), ctx.random);
  return { settlement: d.settlement, breaker: d.breaker, ...(d.pauseUntil === undefined ? {} : { pauseUntil: d.pauseUntil }) };
}

function invalidResult(msg: ClaimedMessage, path: string, reason: string): KfaxError {
  return new KfaxError('KFAX_RESULT_INVALID', [msg.type, path, reason]);
}

/** Validates a handler result and builds the delivered settlement (throws KFAX_RESULT_INVALID). */
function completion(msg: ClaimedMessage, result: HandlerResult, ctx: ExecutorContext): Settlement {
  const xrefs: XrefWrite[] = [];
  (result.xrefs ?? []).forEach((x, i) => {
    for (const field of ['system', 'entity', 'sourceId', 'targetId'] as const) {
      const v = (x as unknown as Record<string, unknown>)?.[field];
      if (typeof v !== 'string' || v === '') throw invalidResult(msg, `xrefs[${i}].${field}`, 'expected a non-empty string');
    }
    xrefs.push({ system: x.system, entity: x.entity, sourceId: x.sourceId, targetId: x.targetId });
  });
  const now = ctx.clock.now();
  const enqueue: NewMessage[] = (result.enqueue ?? []).map((f: FollowUp, i) => {
    const field = `enqueue[${i}]`;
    const def = ctx.registry.get(f?.type);
    if (!def) throw invalidResult(msg, `${field}.type`, `unknown message type "${String(f?.type)}"`);
    const valid = ctx.registry.validate(f.type, f.payload);
    if (!valid.ok) throw invalidResult(msg, joinPath(`${field}.payload`, valid.path), valid.reason);
    let payload: string;
    try {
      payload = toJsonText(f.payload, `${field}.payload`, ctx.maxPayloadBytes);
    } catch (err) {
      throw invalidResult(msg, `${field}.payload`, (err as Error).message);
    }
    if (f.global === true && (typeof f.key !== 'string' || f.key === '')) throw invalidResult(msg, `${field}.key`, 'a global follow-up needs a key');
    const key = f.key ?? String(i);
    return {
      type: f.type,
      endpoint: def.endpoint,
      payload,
      idempotencyKey: f.global === true ? rootIdempotencyKey(f.type, key) : followUpIdempotencyKey(msg.idempotencyKey, f.type, key),
      aggregateKey: f.aggregateKey ?? null,
      runAt: now + Math.max(0, f.delayMs ?? 0),
      parentId: msg.id,
    };
  });
  let output: string | null = null;
  if (result.output !== undefined) {
    try {
      output = toJsonText(result.output, 'output', ctx.maxPayloadBytes);
    } catch (err) {
      throw invalidResult(msg, 'output', (err as Error).message);
    }
  }
  return { kind: 'delivered', id: msg.id, attempt: msg.attempt, output, xrefs, enqueue };
}
