/**
 * Records exchanged between the engine and a {@link Store}. The store is deliberately dumb:
 * payloads arrive as JSON text already validated by the engine, times are milliseconds since
 * the epoch supplied by the caller (one clock, testable), and every decision about what a
 * failure means is taken by the engine before it reaches the store.
 */
import type { FailureKind } from '../errors/kinds.js';

/** Every state a message can be in. See `src/engine/state-machine.ts` for the transitions. */
export const MESSAGE_STATES = ['pending', 'in_flight', 'delivered', 'retry_wait', 'parked', 'held', 'in_doubt', 'dead'] as const;

/** One of {@link MESSAGE_STATES}. */
export type MessageState = (typeof MESSAGE_STATES)[number];

/** States from which a message can be claimed once its `runAt` has passed. */
export const CLAIMABLE_STATES = ['pending', 'retry_wait', 'in_doubt'] as const satisfies readonly MessageState[];

/** States after which a message no longer blocks later messages of its aggregate. */
export const FINISHED_STATES = ['delivered', 'dead'] as const satisfies readonly MessageState[];

/** An error as stored on a message and in its history. */
export interface ErrorRecord {
  readonly code: string;
  readonly kind: FailureKind;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

/** One entry of a message's history: every transition, with time and cause. */
export interface TransitionEntry {
  /** When the transition happened (ms since epoch). */
  readonly at: number;
  /** State before; `null` when the message was created. */
  readonly from: MessageState | null;
  readonly to: MessageState;
  /** The attempt number the transition belongs to (0 before the first claim). */
  readonly attempt: number;
  /** The worker (for automatic transitions) or operator (for manual ones). */
  readonly by?: string;
  /** Why: the error that caused a failure transition, or an operator's note. */
  readonly error?: ErrorRecord;
  readonly note?: string;
  /** When the message becomes claimable again (retry_wait, in_doubt). */
  readonly runAt?: number;
}

/** Inbox identity of an event: a re-delivered event with the same pair is acknowledged, not re-processed. */
export interface InboxRef {
  readonly source: string;
  readonly dedupeKey: string;
}

/** A message ready to be written. */
export interface NewMessage {
  readonly type: string;
  readonly endpoint: string;
  /** JSON text. */
  readonly payload: string;
  /** UUIDv5; unique per message. A second message with the same key is a duplicate. */
  readonly idempotencyKey: string;
  /** Messages sharing an aggregate key are delivered one at a time, in id order. */
  readonly aggregateKey?: string | null;
  /** Not claimable before this time; default: now. */
  readonly runAt?: number;
  /** Present for events arriving through the inbox. */
  readonly inbox?: InboxRef;
  /** The message whose handler produced this one. */
  readonly parentId?: number;
}

/** The outcome of writing one {@link NewMessage}. */
export interface EnqueueResult {
  /** The message id (for a duplicate: the original's, or null when it was already pruned). */
  readonly id: number | null;
  /** True when the event or the idempotency key was already known; nothing was written. */
  readonly duplicate: boolean;
}

/** A poller cursor written atomically with the events it produced. */
export interface CursorWrite {
  readonly name: string;
  readonly value: string;
}

/** Content hashes of source records, for change detection. */
export interface SnapshotWrite {
  readonly scope: string;
  readonly key: string;
  readonly hash: string;
}

/** Extra writes committed in the same transaction as an enqueue. */
export interface EnqueueOptions {
  readonly now: number;
  readonly cursors?: readonly CursorWrite[];
  readonly snapshots?: readonly SnapshotWrite[];
}

/** Parameters of one batch claim. */
export interface ClaimRequest {
  readonly workerId: string;
  readonly endpoint: string;
  /** Only these message types (the ones this worker has handlers for). */
  readonly types: readonly string[];
  readonly limit: number;
  readonly now: number;
  readonly leaseMs: number;
}

/** A message leased to a worker. */
export interface ClaimedMessage {
  readonly id: number;
  readonly type: string;
  readonly endpoint: string;
  /** JSON text as stored; may be corrupt, the engine checks. */
  readonly payload: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Attempts counted against the retry budget since the last operator retry. */
  readonly budgetUsed: number;
  readonly idempotencyKey: string;
  readonly aggregateKey: string | null;
  /** True when an earlier attempt may have reached the target (after in-doubt). */
  readonly resend: boolean;
  readonly previousState: MessageState;
  readonly createdAt: number;
}

/** A cross-reference: the source record (system, entity, id) is `targetId` on the other side. */
export interface XrefWrite {
  readonly system: string;
  readonly entity: string;
  readonly sourceId: string;
  readonly targetId: string;
}

/** A stored cross-reference. */
export interface XrefRecord extends XrefWrite {
  readonly key: string;
  readonly messageId: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface SettlementBase {
  readonly id: number;
  /** The attempt the worker claimed; a settlement for an older attempt is ignored (lease lost). */
  readonly attempt: number;
}

/** Delivered: xrefs and follow-up messages are written in the same transaction. */
export interface DeliveredSettlement extends SettlementBase {
  readonly kind: 'delivered';
  /** JSON text summarising what the handler did. */
  readonly output: string | null;
  readonly xrefs: readonly XrefWrite[];
  readonly enqueue: readonly NewMessage[];
}

/** Retry later (transient or throttled). A throttled attempt is given back to the budget. */
export interface RetrySettlement extends SettlementBase {
  readonly kind: 'retry_wait';
  readonly runAt: number;
  readonly error: ErrorRecord;
  readonly throttled: boolean;
}

/** Maybe applied: re-send with the same key at `runAt`, or wait for an operator when null. */
export interface InDoubtSettlement extends SettlementBase {
  readonly kind: 'in_doubt';
  readonly runAt: number | null;
  readonly error: ErrorRecord;
}

/**
 * Waiting for a cross-reference. If the xref already exists when the settlement commits the
 * message is not parked: it goes to `retry_wait` at `fallbackRunAt`, or dead when that is null.
 */
export interface ParkedSettlement extends SettlementBase {
  readonly kind: 'parked';
  readonly parkedOn: string;
  readonly fallbackRunAt: number | null;
  readonly error: ErrorRecord;
}

/** Kept until released; `holdKey` lets a release call match a group (e.g. one AX period). */
export interface HeldSettlement extends SettlementBase {
  readonly kind: 'held';
  readonly holdKey: string | null;
  readonly error: ErrorRecord;
}

/** Permanent failure: dead letter. */
export interface DeadSettlement extends SettlementBase {
  readonly kind: 'dead';
  readonly error: ErrorRecord;
}

/** Never started (shutdown): back to its claimable state, the attempt is not consumed. */
export interface ReturnedSettlement extends SettlementBase {
  readonly kind: 'returned';
}

/** What a worker reports for one claimed message. */
export type Settlement =
  | DeliveredSettlement
  | RetrySettlement
  | InDoubtSettlement
  | ParkedSettlement
  | HeldSettlement
  | DeadSettlement
  | ReturnedSettlement;

/** The state a settled message ended in. */
export interface SettledMessage {
  readonly id: number;
  readonly to: MessageState;
}

/**
 * Result of a group commit. Partial success is normal: a settlement whose lease was lost
 * (expired and re-claimed elsewhere) is skipped, with its side writes, and listed in `lost`.
 */
export interface SettleResult {
  readonly settled: readonly SettledMessage[];
  readonly lost: readonly number[];
  /** Follow-up messages written (duplicates excluded). */
  readonly enqueued: readonly { readonly id: number; readonly endpoint: string }[];
  /** Parked messages released because an xref they waited for was recorded. */
  readonly released: readonly { readonly id: number; readonly endpoint: string }[];
  /** Endpoints with messages whose aggregate predecessor just finished (now claimable). */
  readonly unblocked: readonly string[];
}

/** A message as shown to operators. */
export interface MessageRecord {
  readonly id: number;
  readonly type: string;
  readonly endpoint: string;
  readonly state: MessageState;
  readonly payload: string;
  /** The payload before the first operator edit. */
  readonly originalPayload: string | null;
  readonly idempotencyKey: string;
  readonly aggregateKey: string | null;
  readonly attempts: number;
  readonly budgetUsed: number;
  readonly resend: boolean;
  readonly runAt: number | null;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: number | null;
  readonly parkedOn: string | null;
  readonly holdKey: string | null;
  readonly lastError: ErrorRecord | null;
  readonly output: string | null;
  readonly history: readonly TransitionEntry[];
  readonly inbox: InboxRef | null;
  readonly parentId: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly deliveredAt: number | null;
  readonly discardedAt: number | null;
  readonly discardReason: string | null;
}

/** A message in a list (no payload, no history). */
export type MessageSummary = Omit<MessageRecord, 'payload' | 'originalPayload' | 'history' | 'output'>;

/** Filter for listing messages. */
export interface MessageFilter {
  readonly states: readonly MessageState[];
  readonly type?: string;
  readonly endpoint?: string;
  readonly holdKey?: string;
  /** Dead letters that were discarded are hidden unless this is set. */
  readonly includeDiscarded?: boolean;
  /** Only ids greater than this (paging). */
  readonly afterId?: number;
  readonly limit: number;
}

/** Who did an operator action, when, and why. */
export interface OperatorAction {
  readonly actor: string;
  readonly now: number;
  readonly note?: string;
}

/** One entry of the audit log. */
export interface AuditEntry {
  readonly id: number;
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly messageId: number | null;
  readonly details: Record<string, unknown>;
}

/** An audit entry to write. */
export interface AuditWrite {
  readonly actor: string;
  readonly action: string;
  readonly messageId?: number | null;
  readonly details?: Record<string, unknown>;
}

/** The outcome of an operator action on several messages. */
export interface BulkActionResult {
  /** Messages that were changed. */
  readonly changed: readonly number[];
  /** Messages that were not in an allowed state (or do not exist), with their state. */
  readonly skipped: readonly { readonly id: number; readonly state: MessageState | null }[];
}

/** Counts per state and the age of the oldest waiting work. */
export interface StoreStats {
  readonly counts: Record<MessageState, number>;
  /** Age of the oldest message that is claimable now, or null when none is. */
  readonly oldestReadyAgeMs: number | null;
  /** Dead letters not yet discarded. */
  readonly deadOpen: number;
}

/** A held leadership; renew it well before `ttlMs` runs out. */
export interface LeaderLease {
  readonly name: string;
  readonly holder: string;
  /** Confirms leadership is still held; false (or a throw) means it was lost. */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

/** One applied migration. */
export interface MigrationRecord {
  readonly id: number;
  readonly name: string;
  readonly appliedAt: number;
}

/** Result of a migration run. */
export interface MigrationResult {
  readonly applied: readonly MigrationRecord[];
  /** Migrations that were already present. */
  readonly alreadyApplied: number;
}
