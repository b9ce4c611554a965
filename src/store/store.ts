/**
 * The durable store behind the engine. Two backends implement it with the same file set:
 * `sqlite/` (embedded default) and `postgres/` (scale-out). Every method is one transaction:
 * either all of its writes commit or none do. Times are supplied by the caller.
 */
import type {
  AuditEntry,
  AuditWrite,
  BulkActionResult,
  ClaimRequest,
  ClaimedMessage,
  EnqueueOptions,
  EnqueueResult,
  LeaderLease,
  MessageFilter,
  MessageRecord,
  MessageSummary,
  MigrationRecord,
  MigrationResult,
  NewMessage,
  OperatorAction,
  Settlement,
  SettleResult,
  SnapshotWrite,
  StoreStats,
  XrefRecord,
  XrefWrite,
} from './types.js';

export type * from './types.js';

/** Which backend a store runs on. */
export type StoreBackend = 'sqlite' | 'postgres';

/** The durable store. See the module comment for the guarantees. */
export interface Store {
  readonly backend: StoreBackend;
  /** A description safe to print (no password). */
  readonly description: string;
  /**
   * How many write calls one engine component (the group committer, the inbox writer) may have
   * outstanding at once; absent means 1 (each awaited before the next). A store may allow more
   * when it applies writes in call order and answers each after its commit — the SQLite store
   * on its own thread.
   */
  readonly writePipelineDepth?: number;

  /** Applies pending migrations (idempotent; serialised across processes). */
  migrate(now: number): Promise<MigrationResult>;
  /** Migrations recorded in the database. */
  appliedMigrations(): Promise<MigrationRecord[]>;
  /** Closes connections. In-flight calls finish first. */
  close(): Promise<void>;

  // --- enqueue (inbox dedupe + messages) ------------------------------------------------
  /**
   * Writes messages, dropping duplicates (same inbox source/dedupe key, or same idempotency
   * key), together with optional cursors and snapshots, in one transaction. Results are in
   * input order.
   */
  enqueue(messages: readonly NewMessage[], options: EnqueueOptions): Promise<EnqueueResult[]>;

  // --- claim / leases -----------------------------------------------------------------
  /** Leases up to `limit` claimable messages of one endpoint, oldest first, respecting aggregate order. */
  claim(request: ClaimRequest): Promise<ClaimedMessage[]>;
  /** Pushes the lease of messages this worker still holds to `until`. Returns the ids extended. */
  extendLeases(workerId: string, ids: readonly number[], until: number): Promise<number[]>;
  /** Moves in-flight messages whose lease ran out to `in_doubt` (re-send). Returns them. */
  expireLeases(now: number, limit: number): Promise<{ id: number; endpoint: string }[]>;

  // --- complete / fail (group commit) --------------------------------------------------
  /** Applies a batch of settlements from one worker in one transaction. */
  settle(workerId: string, settlements: readonly Settlement[], now: number): Promise<SettleResult>;

  // --- xref ---------------------------------------------------------------------------
  /** Records cross-references and releases messages parked on them, in one transaction. */
  recordXrefs(xrefs: readonly XrefWrite[], now: number, messageId?: number | null): Promise<{ id: number; endpoint: string }[]>;
  getXref(system: string, entity: string, sourceId: string): Promise<XrefRecord | null>;
  /**
   * The target id of one xref, or null: what a handler's look-up needs (`getXref(…)?.targetId`),
   * read without building the whole record. Handlers look xrefs up several times per message.
   */
  getXrefTarget(system: string, entity: string, sourceId: string): Promise<string | null>;
  findXrefByTarget(system: string, entity: string, targetId: string): Promise<XrefRecord[]>;

  // --- park / release -----------------------------------------------------------------
  /** Releases parked messages whose dependency now exists (safety net for races). */
  recheckParked(now: number, limit: number): Promise<{ id: number; endpoint: string }[]>;

  // --- hold ---------------------------------------------------------------------------
  /** Releases held messages by id or by hold key (e.g. "AX period reopened"). */
  releaseHeld(selector: { ids?: readonly number[]; holdKey?: string }, action: OperatorAction): Promise<BulkActionResult>;

  // --- messages and dead letters ------------------------------------------------------
  getMessage(id: number): Promise<MessageRecord | null>;
  listMessages(filter: MessageFilter): Promise<MessageSummary[]>;
  /** Sends dead (or parked) messages back to `pending` with a fresh retry budget. */
  retryMessages(ids: readonly number[], action: OperatorAction, fromStates: readonly ('dead' | 'parked')[]): Promise<BulkActionResult>;
  /**
   * Replaces the payload of a dead or held message and sends it back to `pending` with a fresh
   * budget, keeping its idempotency key. `expectedPayload` guards against concurrent edits.
   */
  editMessage(id: number, edit: { payload: string; expectedPayload: string; details: Record<string, unknown> }, action: OperatorAction): Promise<BulkActionResult>;
  /** Marks dead letters as discarded (kept for the record, hidden from the queue). */
  discardMessages(ids: readonly number[], action: OperatorAction & { note: string }): Promise<BulkActionResult>;
  /** Operator decision on an in-doubt message: it landed (delivered, with xrefs) or re-send it now. */
  resolveInDoubt(id: number, resolution: { outcome: 'delivered' | 'resend'; xrefs?: readonly XrefWrite[] }, action: OperatorAction): Promise<BulkActionResult>;

  // --- audit --------------------------------------------------------------------------
  appendAudit(entries: readonly AuditWrite[], now: number): Promise<void>;
  listAudit(filter: { messageId?: number; limit: number }): Promise<AuditEntry[]>;

  // --- cursors and snapshots ----------------------------------------------------------
  getCursor(name: string): Promise<string | null>;
  /** Writes a cursor; with `expected` only if the stored value still equals it (compare-and-set). */
  setCursor(name: string, value: string, now: number, expected?: string | null): Promise<boolean>;
  getSnapshots(scope: string, keys?: readonly string[]): Promise<Map<string, string>>;
  putSnapshots(entries: readonly SnapshotWrite[], now: number): Promise<void>;

  // --- leader -------------------------------------------------------------------------
  /** Tries to become the one holder of `name`; null when someone else holds it. */
  tryAcquireLeadership(name: string, holder: string, ttlMs: number): Promise<LeaderLease | null>;

  // --- observability and housekeeping -------------------------------------------------
  stats(now: number): Promise<StoreStats>;
  /** Deletes delivered messages, discarded dead letters and inbox entries older than `before`. */
  prune(before: number, limit: number): Promise<number>;
  /**
   * Subscribes to "work is available on endpoint X" signals from other processes (PostgreSQL
   * LISTEN/NOTIFY, debounced; a store never hears its own writes). SQLite has no such channel
   * and never calls back. A signal is only a hint: polling finds the work when one is lost.
   */
  subscribe(listener: (endpoint: string) => void): Promise<() => Promise<void>>;
}
