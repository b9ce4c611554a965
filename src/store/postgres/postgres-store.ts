import type pg from 'pg';
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
import { completeMessages, completionHasSideWrites } from './complete.js';
import { randomBytes } from 'node:crypto';
import { createPool, mapPgError, wakeChannel, withTransaction, type PostgresConnectionOptions, type Queryable } from './connection.js';
import { getCursor, getSnapshots, setCursor, writeCursors, writeSnapshots } from './cursors.js';
import { discardMessages, editMessage, resolveInDoubt, retryMessages } from './dead-letters.js';
import { insertMessages } from './enqueue.js';
import { failMessages } from './fail.js';
import { releaseHeld } from './hold.js';
import { tryAcquirePostgresLeadership } from './leader.js';
import { expireLeases, extendLeases } from './leases.js';
import { getMessage, listMessages, prune, stats } from './messages.js';
import { appliedPostgresMigrations, migratePostgres } from './migrate.js';
import { WakeNotifier, subscribePostgres } from './notify.js';
import { recheckParked, successorEndpoints } from './park.js';
import { findXrefByTarget, getXref, recordXrefsInTx } from './xref.js';

/** Options for {@link PostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. */
  readonly url: string;
  /** Schema for the kfax tables (default `public`). */
  readonly schema?: string;
  /** Pool size (default 10). */
  readonly poolSize?: number;
}

/**
 * The scale-out store. Several worker processes, on several machines, share one schema: claims
 * use `FOR UPDATE SKIP LOCKED`, completions are checked against the lease, commits that make
 * work claimable wake the other processes (debounced NOTIFY), and leadership is a session
 * advisory lock.
 */
export class PostgresStore implements Store {
  readonly backend = 'postgres' as const;
  readonly description: string;
  readonly pool: pg.Pool;
  private readonly options: PostgresConnectionOptions;
  /** Tags this store's notifications so its own subscription ignores them. */
  private readonly origin = randomBytes(6).toString('hex');
  private readonly notifier: WakeNotifier;

  constructor(options: PostgresStoreOptions) {
    this.options = { url: options.url, schema: options.schema ?? 'public', poolSize: options.poolSize ?? 10 };
    this.pool = createPool(this.options);
    this.notifier = new WakeNotifier(this.pool, this.options.schema, this.origin);
    this.description = `postgres:${redactUrl(options.url)} (schema ${this.options.schema})`;
  }

  /** The NOTIFY channel other processes listen on. */
  get channel(): string {
    return wakeChannel(this.options.schema);
  }

  /** The schema this store uses. */
  get schema(): string {
    return this.options.schema;
  }

  private async run<T>(fn: (db: Queryable) => Promise<T>): Promise<T> {
    try {
      return await fn(this.pool);
    } catch (err) {
      throw mapPgError(err);
    }
  }

  private tx<T>(fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, fn);
  }

  migrate(now: number): Promise<MigrationResult> {
    return migratePostgres(this.pool, this.options.schema, now);
  }

  appliedMigrations(): Promise<MigrationRecord[]> {
    return this.run(() => appliedPostgresMigrations(this.pool));
  }

  async close(): Promise<void> {
    await this.notifier.close();
    await this.pool.end();
  }

  async enqueue(messages: readonly NewMessage[], options: EnqueueOptions): Promise<EnqueueResult[]> {
    const extra = (options.cursors?.length ?? 0) + (options.snapshots?.length ?? 0) > 0;
    const results = !extra
      ? await this.run((db) => insertMessages(db, messages, options.now))
      : await this.tx(async (db) => {
          const r = await insertMessages(db, messages, options.now);
          await writeCursors(db, options.cursors ?? [], options.now);
          await writeSnapshots(db, options.snapshots ?? [], options.now);
          return r;
        });
    this.notifier.add(messages.filter((_, i) => !results[i]!.duplicate).map((m) => m.endpoint));
    return results;
  }

  claim(request: ClaimRequest): Promise<ClaimedMessage[]> {
    return this.run((db) => claimMessages(db, request));
  }

  extendLeases(workerId: string, ids: readonly number[], until: number): Promise<number[]> {
    return this.run((db) => extendLeases(db, workerId, ids, until));
  }

  async expireLeases(now: number, limit: number): Promise<{ id: number; endpoint: string }[]> {
    const expired = await this.run((db) => expireLeases(db, now, limit));
    this.notifier.add(expired.map((e) => e.endpoint));
    return expired;
  }

  async settle(workerId: string, settlements: readonly Settlement[], now: number): Promise<SettleResult> {
    const delivered = settlements.filter((s): s is DeliveredSettlement => s.kind === 'delivered');
    const others = settlements.filter((s): s is Exclude<Settlement, DeliveredSettlement> => s.kind !== 'delivered');
    let wake: string[] = [];
    const work = async (db: Queryable): Promise<SettleResult> => {
      const out = newSettleAccumulator();
      // Deliveries first: a parked settlement in the same batch then sees their xrefs.
      await completeMessages(db, workerId, delivered, now, out);
      wake = await failMessages(db, workerId, others, now, out);
      out.unblocked.push(...(await successorEndpoints(db, out.finishedAggregates)));
      return settleResult(out);
    };
    // The common case — a batch of plain deliveries — is one statement, atomic without BEGIN/COMMIT.
    const result = others.length === 0 && !completionHasSideWrites(delivered) ? await this.run(work) : await this.tx(work);
    this.notifier.add([...wake, ...result.enqueued.map((e) => e.endpoint), ...result.released.map((r) => r.endpoint), ...result.unblocked]);
    return result;
  }

  async recordXrefs(xrefs: readonly XrefWrite[], now: number, messageId: number | null = null): Promise<{ id: number; endpoint: string }[]> {
    const released = await this.tx((db) => recordXrefsInTx(db, xrefs, now, messageId));
    this.notifier.add(released.map((r) => r.endpoint));
    return released;
  }

  getXref(system: string, entity: string, sourceId: string): Promise<XrefRecord | null> {
    return this.run((db) => getXref(db, system, entity, sourceId));
  }

  async getXrefTarget(system: string, entity: string, sourceId: string): Promise<string | null> {
    return (await this.getXref(system, entity, sourceId))?.targetId ?? null;
  }

  findXrefByTarget(system: string, entity: string, targetId: string): Promise<XrefRecord[]> {
    return this.run((db) => findXrefByTarget(db, system, entity, targetId));
  }

  async recheckParked(now: number, limit: number): Promise<{ id: number; endpoint: string }[]> {
    const released = await this.tx((db) => recheckParked(db, now, limit));
    this.notifier.add(released.map((r) => r.endpoint));
    return released;
  }

  async releaseHeld(selector: { ids?: readonly number[]; holdKey?: string }, action: OperatorAction): Promise<BulkActionResult> {
    const { endpoints, ...result } = await this.tx((db) => releaseHeld(db, selector, action));
    this.notifier.add(endpoints);
    return result;
  }

  getMessage(id: number): Promise<MessageRecord | null> {
    return this.run((db) => getMessage(db, id));
  }

  listMessages(filter: MessageFilter): Promise<MessageSummary[]> {
    return this.run((db) => listMessages(db, filter));
  }

  async retryMessages(ids: readonly number[], action: OperatorAction, fromStates: readonly ('dead' | 'parked')[]): Promise<BulkActionResult> {
    const { endpoints, ...result } = await this.tx((db) => retryMessages(db, ids, action, fromStates));
    this.notifier.add(endpoints);
    return result;
  }

  async editMessage(id: number, edit: { payload: string; expectedPayload: string; details: Record<string, unknown> }, action: OperatorAction): Promise<BulkActionResult> {
    const { endpoints, ...result } = await this.tx((db) => editMessage(db, id, edit, action));
    this.notifier.add(endpoints);
    return result;
  }

  discardMessages(ids: readonly number[], action: OperatorAction & { note: string }): Promise<BulkActionResult> {
    return this.tx((db) => discardMessages(db, ids, action));
  }

  async resolveInDoubt(id: number, resolution: { outcome: 'delivered' | 'resend'; xrefs?: readonly XrefWrite[] }, action: OperatorAction): Promise<BulkActionResult> {
    const { endpoints, ...result } = await this.tx((db) => resolveInDoubt(db, id, resolution, action));
    this.notifier.add(endpoints);
    return result;
  }

  appendAudit(entries: readonly AuditWrite[], now: number): Promise<void> {
    return this.run((db) => insertAudit(db, entries, now));
  }

  listAudit(filter: { messageId?: number; limit: number }): Promise<AuditEntry[]> {
    return this.run((db) => listAudit(db, filter));
  }

  getCursor(name: string): Promise<string | null> {
    return this.run((db) => getCursor(db, name));
  }

  setCursor(name: string, value: string, now: number, expected?: string | null): Promise<boolean> {
    return this.run((db) => setCursor(db, name, value, now, expected));
  }

  getSnapshots(scope: string, keys?: readonly string[]): Promise<Map<string, string>> {
    return this.run((db) => getSnapshots(db, scope, keys));
  }

  putSnapshots(entries: readonly SnapshotWrite[], now: number): Promise<void> {
    return this.run((db) => writeSnapshots(db, entries, now));
  }

  async tryAcquireLeadership(name: string, holder: string, ttlMs: number): Promise<LeaderLease | null> {
    try {
      return await tryAcquirePostgresLeadership(this.options, name, holder, ttlMs);
    } catch (err) {
      throw mapPgError(err);
    }
  }

  stats(now: number): Promise<StoreStats> {
    return this.run((db) => stats(db, now));
  }

  prune(before: number, limit: number): Promise<number> {
    return this.tx((db) => prune(db, before, limit));
  }

  async subscribe(listener: (endpoint: string) => void): Promise<() => Promise<void>> {
    try {
      return await subscribePostgres(this.options, this.origin, listener);
    } catch (err) {
      throw mapPgError(err);
    }
  }
}

/** A connection URL with its password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable url)';
  }
}
