/**
 * The handler contract. A handler receives one claimed message and either returns what to
 * commit with its completion — xrefs, follow-up messages, an output summary — or fails by
 * throwing a `KfaxError` (or returning `{ failure }`). The failure kind decides what happens:
 * see `src/errors/kinds.ts` and the state machine in `state-machine.ts`.
 *
 * A handler must be safe to run again for the same message: after a crash or a timeout the
 * engine re-sends with the same `idempotencyKey` and `resend: true`, and the handler should
 * then look the document up at the target before creating it.
 */
import { KfaxError } from '../errors/kfax-error.js';
import { xrefKey } from '../store/keys.js';
import type { XrefWrite } from '../store/types.js';
import type { StopSignal } from '../util/stop-signal.js';

/** What a handler is given. */
export interface Delivery<P = unknown> {
  readonly id: number;
  readonly type: string;
  readonly endpoint: string;
  /** The payload, validated by the type's schema. */
  readonly payload: P;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** UUIDv5, stable for the life of the message (use it as the AIF MessageId). */
  readonly idempotencyKey: string;
  /** True when an earlier attempt may have been applied: look up before creating. */
  readonly resend: boolean;
  readonly aggregateKey: string | null;
  /** Aborted when the handler timeout passes or the worker shuts down. */
  readonly signal: AbortSignal;
  /**
   * The same stops as {@link signal}, cheaper for code that only waits on it (no
   * `AbortController` behind it); absent on deliveries not made by the engine.
   */
  readonly stopSignal?: StopSignal;
  /** Reads a cross-reference: the target id of a source record, or null. */
  lookupXref(system: string, entity: string, sourceId: string): Promise<string | null>;
}

/** A message to enqueue when the handler's message completes (same transaction). */
export interface FollowUp {
  readonly type: string;
  readonly payload: unknown;
  /** Identity within the parent (default: position in the list); part of the idempotency key. */
  readonly key?: string;
  /**
   * When true, `key` is a global identity: the idempotency key is derived from type + key
   * alone (as for {@link Engine.enqueue} and ingested events), so the same logical message
   * enqueued from anywhere else (a poller, another flow) is a duplicate and runs once.
   */
  readonly global?: boolean;
  readonly aggregateKey?: string;
  /** Not before this many ms after completion. */
  readonly delayMs?: number;
}

/** What a successful handler returns (every field optional). */
export interface HandlerResult {
  readonly xrefs?: readonly XrefWrite[];
  readonly enqueue?: readonly FollowUp[];
  /** A JSON summary for operators (e.g. the AX document id). */
  readonly output?: unknown;
}

/** A failure returned instead of thrown. */
export interface HandlerFailure {
  readonly failure: KfaxError;
}

/** A message handler. */
export type Handler<P = unknown> = (delivery: Delivery<P>) => Promise<HandlerResult | HandlerFailure | void> | HandlerResult | HandlerFailure | void;

/** The dependency a `dependency` failure waits for (put in `details.dependency`). */
export interface DependencyRef {
  readonly system: string;
  readonly entity: string;
  readonly sourceId: string;
}

/**
 * A `dependency` failure: park the message until the xref `(system, entity, sourceId)` is
 * recorded. Connectors raising their own dependency codes put the same `details.dependency`.
 */
export function dependencyMissing(dependency: DependencyRef, details: Record<string, unknown> = {}): KfaxError {
  return new KfaxError('KFAX_DEPENDENCY_MISSING', [xrefKey(dependency.system, dependency.entity, dependency.sourceId)], { details: { ...details, dependency: { ...dependency } } });
}

/**
 * A `held` failure with a reason; `holdKey` (e.g. `ax/period/kfuk/2026-11`) groups messages
 * that one release call frees ("AX period reopened").
 */
export function heldFor(reason: string, holdKey?: string, details: Record<string, unknown> = {}): KfaxError {
  return new KfaxError('KFAX_MESSAGE_HELD', [reason], { details: { ...details, ...(holdKey === undefined ? {} : { holdKey }) } });
}
