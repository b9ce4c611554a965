/**
 * Cross-reference look-ups on the owning thread, for {@link WorkerStore}.
 *
 * Handlers look xrefs up several times per message. Sent to the store thread, each look-up costs
 * two `postMessage`s and the thread's wake-up (~25–35 µs of CPU in all); read from a second,
 * query-only connection to the same WAL file, it costs ~5 µs and never waits behind a commit
 * (WAL readers do not block on the writer).
 *
 * What a reader sees: the last committed state, like a look-up from another process sharing the
 * store. A write that was posted to the thread but is not yet committed is not seen; the store
 * thread itself would have applied it first. No caller depends on that: a handler's look-ups
 * follow the commit of the claim that started it, and parking re-checks its dependency inside
 * its own transaction, as it must for several processes sharing one store.
 *
 * Look-ups made in the same turn of the event loop share one read transaction (see
 * {@link TurnSnapshot}): a commit by the store thread in between would otherwise make each of
 * them read its B-tree pages from the file again.
 */
import Database from 'better-sqlite3';
import type { SqliteDatabase } from '../sqlite/connection.js';
import { getXref, getXrefTarget } from '../sqlite/xref.js';
import type { XrefRecord } from '../types.js';
import { TurnSnapshot } from './turn-snapshot.js';

/** Reads xrefs from a query-only connection; `undefined` means "ask the store thread". */
export class XrefReader {
  private db: SqliteDatabase | undefined;
  private turn: TurnSnapshot | undefined;
  private closed = false;

  /** `path`: the store's database file; `:memory:` (one connection only) never reads here. */
  constructor(private readonly path: string) {
    if (path === ':memory:' || path === '') this.closed = true;
  }

  /**
   * The xref, `null` when there is none, or `undefined` when this connection cannot answer
   * (not open yet, the schema not migrated yet, the file busy being recovered): the caller then
   * asks the store thread, which can. Sees the state committed when the turn's first look-up
   * was made.
   */
  get(system: string, entity: string, sourceId: string): XrefRecord | null | undefined {
    return this.read((db) => getXref(db, system, entity, sourceId));
  }

  /** Like {@link get}, only the target id (what a handler's look-up needs). */
  target(system: string, entity: string, sourceId: string): string | null | undefined {
    return this.read((db) => getXrefTarget(db, system, entity, sourceId));
  }

  private read<T>(query: (db: SqliteDatabase) => T): T | undefined {
    if (this.closed) return undefined;
    try {
      this.db ??= this.open();
      this.turn ??= new TurnSnapshot(this.db, () => this.drop());
      this.turn.enter();
      return query(this.db);
    } catch {
      // Never leave a snapshot open behind a failure: the next look-up starts afresh.
      try {
        this.turn?.end();
      } catch {
        this.drop();
      }
      return undefined;
    }
  }

  /** True while this turn's read transaction is open (for tests). */
  get inTurn(): boolean {
    return this.turn?.active === true && this.db?.inTransaction === true;
  }

  /** Closes the connection; later look-ups go to the store thread. */
  close(): void {
    this.closed = true;
    this.drop();
  }

  /** Closes the connection (ending any read transaction); the next look-up opens another. */
  private drop(): void {
    const db = this.db;
    this.db = undefined;
    this.turn = undefined;
    try {
      db?.close();
    } catch {
      // Closing only fails while the connection runs a statement, which it does not here.
    }
  }

  private open(): SqliteDatabase {
    const db = new Database(this.path, { fileMustExist: true });
    try {
      db.pragma('query_only = ON');
      db.pragma('busy_timeout = 0');
    } catch (err) {
      db.close();
      throw err;
    }
    return db;
  }
}
