import type { Store } from '../store.js';
import { newSettleAccumulator, settleResult } from '../settle-accumulator.js';
import type {
  AuditEntry,
  AuditWrite,
  BulkActionResult,
  ClaimRequest,
  ClaimedMessage,
  DeliveredSettlement,
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
} from '../types.js';
import { insertAudit, listAudit } from './audit.js';
import { claimMessages } from './claim.js';
import { completeMessages } from './complete.js';
import { immediate, mapSqliteError, openSqliteDatabase, retryWhileBusy, type SqliteDatabase } from './connection.js';
import { getCursor, getSnapshots, setCursor, writeCursors, writeSnapshots } from './cursors.js';
import { discardMessages, editMessage, resolveInDoubt, retryMessages } from './dead-letters.js';
import { insertMessages } from './enqueue.js';
import { failMessages } from './fail.js';
import { releaseHeld } from './hold.js';
import { tryAcquireLeadership } from './leader.js';
import { expireLeases, extendLeases } from './leases.js';
import { getMessage, listMessages, prune, stats } from './messages.js';
import { appliedSqliteMigrations, migrateSqlite } from './migrate.js';
import { subscribeSqlite } from './notify.js';
import { recheckParked, successorEndpoints } from './park.js';
import { findXrefByTarget, getXref, getXrefTarget, recordXrefsInTx } from './xref.js';

/** Options for {@link SqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file path (`:memory:` for throwaway tests). */
  readonly path: string;
  /**
   * Wait for another process's write lock this long before failing (default 5000 ms). The wait
   * is asynchronous: the event loop keeps running while this process waits for the lock.
   */
  readonly busyTimeoutMs?: number;
}

/**
 * The embedded store: one SQLite file, WAL, `synchronous=FULL`. better-sqlite3 is synchronous,
 * so every method runs to completion inside one IMMEDIATE transaction before it resolves.
 * Several processes may share the file on one host; scale-out across machines needs PostgreSQL.
 */
export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  readonly description: string;
  readonly db: SqliteDatabase;

  private readonly busyTimeoutMs: number;

  constructor(options: SqliteStoreOptions) {
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    // SQLite's own busy wait would block the event loop; writes wait for the lock with timers.
    this.db = openSqliteDatabase(options.path, { busyTimeoutMs: 0 });
    this.description = `sqlite:${options.path}`;
  }

  private write<T>(fn: () => T): Promise<T> {
    return this.locked(() => immediate(this.db, fn));
  }

  /**
   * Runs a synchronous operation that takes the write lock, waiting for the lock without
   * blocking. The first attempt runs synchronously: with no other process writing, no timer.
   */
  private locked<T>(op: () => T): Promise<T> {
    return retryWhileBusy(op, this.busyTimeoutMs);
  }

  private read<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(mapSqliteError(err, this.db.name));
    }
  }

  migrate(now: number): Promise<MigrationResult> {
    return this.locked(() => migrateSqlite(this.db, now)).catch((err: unknown) => Promise.reject(mapSqliteError(err, this.db.name)));
  }

  appliedMigrations(): Promise<MigrationRecord[]> {
    return this.read(() => appliedSqliteMigrations(this.db));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  enqueue(messages: readonly NewMessage[], options: EnqueueOptions): Promise<EnqueueResult[]> {
    return this.write(() => {
      const results = insertMessages(this.db, messages, options.now);
      writeCursors(this.db, options.cursors ?? [], options.now);
      writeSnapshots(this.db, options.snapshots ?? [], options.now);
      return results;
    });
  }

  claim(request: ClaimRequest): Promise<ClaimedMessage[]> {
    return this.write(() => claimMessages(this.db, request));
  }

  extendLeases(workerId: string, ids: readonly number[], until: number): Promise<number[]> {
    return this.write(() => extendLeases(this.db, workerId, ids, until));
  }

  expireLeases(now: number, limit: number): Promise<{ id: number; endpoint: string }[]> {
    return this.write(() => expireLeases(this.db, now, limit));
  }

  settle(workerId: string, settlements: readonly Settlement[], now: number): Promise<SettleResult> {
    return this.write(() => {
      const out = newSettleAccumulator();
      const delivered = settlements.filter((s): s is DeliveredSettlement => s.kind === 'delivered');
      const others = settlements.filter((s): s is Exclude<Settlement, DeliveredSettlement> => s.kind !== 'delivered');
      // Deliveries first: a parked settlement in the same batch then sees their xrefs.
      completeMessages(this.db, workerId, delivered, now, out);
      failMessages(this.db, workerId, others, now, out);
      out.unblocked.push(...successorEndpoints(this.db, out.finishedAggregates));
      return settleResult(out);
    });
  }

  recordXrefs(xrefs: readonly XrefWrite[], now: number, messageId: number | null = null): Promise<{ id: number; endpoint: string }[]> {
    return this.write(() => recordXrefsInTx(this.db, xrefs, now, messageId));
  }

  getXref(system: string, entity: string, sourceId: string): Promise<XrefRecord | null> {
    return this.read(() => getXref(this.db, system, entity, sourceId));
  }

  getXrefTarget(system: string, entity: string, sourceId: string): Promise<string | null> {
    return this.read(() => getXrefTarget(this.db, system, entity, sourceId));
  }

  findXrefByTarget(system: string, entity: string, targetId: string): Promise<XrefRecord[]> {
    return this.read(() => findXrefByTarget(this.db, system, entity, targetId));
  }

  recheckParked(now: number, limit: number): Promise<{ id: number; endpoint: string }[]> {
    return this.write(() => recheckParked(this.db, now, limit));
  }

  releaseHeld(selector: { ids?: readonly number[]; holdKey?: string }, action: OperatorAction): Promise<BulkActionResult> {
    return this.write(() => releaseHeld(this.db, selector, action));
  }

  getMessage(id: number): Promise<MessageRecord | null> {
    return this.read(() => getMessage(this.db, id));
  }

  listMessages(filter: MessageFilter): Promise<MessageSummary[]> {
    return this.read(() => listMessages(this.db, filter));
  }

  retryMessages(ids: readonly number[], action: OperatorAction, fromStates: readonly ('dead' | 'parked')[]): Promise<BulkActionResult> {
    return this.write(() => retryMessages(this.db, ids, action, fromStates));
  }

  editMessage(id: number, edit: { payload: string; expectedPayload: string; details: Record<string, unknown> }, action: OperatorAction): Promise<BulkActionResult> {
    return this.write(() => editMessage(this.db, id, edit, action));
  }

  discardMessages(ids: readonly number[], action: OperatorAction & { note: string }): Promise<BulkActionResult> {
    return this.write(() => discardMessages(this.db, ids, action));
  }

  resolveInDoubt(id: number, resolution: { outcome: 'delivered' | 'resend'; xrefs?: readonly XrefWrite[] }, action: OperatorAction): Promise<BulkActionResult> {
    return this.write(() => resolveInDoubt(this.db, id, resolution, action));
  }

  appendAudit(entries: readonly AuditWrite[], now: number): Promise<void> {
    return this.write(() => insertAudit(this.db, entries, now));
  }

  listAudit(filter: { messageId?: number; limit: number }): Promise<AuditEntry[]> {
    return this.read(() => listAudit(this.db, filter));
  }

  getCursor(name: string): Promise<string | null> {
    return this.read(() => getCursor(this.db, name));
  }

  setCursor(name: string, value: string, now: number, expected?: string | null): Promise<boolean> {
    return this.write(() => setCursor(this.db, name, value, now, expected));
  }

  getSnapshots(scope: string, keys?: readonly string[]): Promise<Map<string, string>> {
    return this.read(() => getSnapshots(this.db, scope, keys));
  }

  putSnapshots(entries: readonly SnapshotWrite[], now: number): Promise<void> {
    return this.write(() => writeSnapshots(this.db, entries, now));
  }

  tryAcquireLeadership(name: string, holder: string, ttlMs: number): Promise<LeaderLease | null> {
    return this.locked(() => tryAcquireLeadership(this.db, name, holder, ttlMs, this.busyTimeoutMs)).catch((err: unknown) => Promise.reject(mapSqliteError(err, this.db.name)));
  }

  stats(now: number): Promise<StoreStats> {
    return this.read(() => stats(this.db, now));
  }

  prune(before: number, limit: number): Promise<number> {
    return this.write(() => prune(this.db, before, limit));
  }

  async subscribe(listener: (endpoint: string) => void): Promise<() => Promise<void>> {
    return subscribeSqlite(listener);
  }
}
