/**
 * One read transaction per turn of the event loop on a query-only SQLite connection, for
 * {@link XrefReader}.
 *
 * Why: the store thread commits between look-ups, and a read transaction that starts after
 * another connection's commit starts with an empty page cache (SQLite drops it when the WAL
 * changed), so every look-up in its own transaction reads the root and interior pages of both
 * B-trees it walks again, one `pread` each, and takes and drops its WAL read lock. Handlers look
 * xrefs up in bursts — the handlers a claim answer starts run their first look-ups in the same
 * turn — so look-ups of one turn share one snapshot: the pages are read once per turn.
 *
 * Consistency: the transaction starts (and takes its snapshot) at the turn's first look-up and
 * ends at the end of that same turn: Node drains the `process.nextTick` and microtask queues
 * after every callback, so the tick queued at the first look-up runs before the event loop moves
 * on to its next callback (the next I/O callback, timer or message from the store thread); a
 * look-up made later in the same drain, from a promise continuation, opens a fresh snapshot. So a look-up never sees a snapshot older than the
 * start of the callback it is made in, and every answer from the store thread — its own turn —
 * is followed by look-ups that see the commit it reports, as before. A failed look-up ends the
 * transaction at once; a transaction that cannot be ended closes the connection (the caller
 * opens another). Checkpoints wait for the reader at most one turn, as they wait for any reader.
 */
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../sqlite/connection.js';

/** Opens a read transaction on first use in a turn and ends it when the turn ends. */
export class TurnSnapshot {
  private readonly begin: Statement;
  private readonly commit: Statement;
  private open = false;
  private readonly endOfTurn = (): void => {
    try {
      this.end();
    } catch {
      this.onStuck();
    }
  };

  /**
   * `db`: a query-only connection nothing else begins transactions on. `onStuck` is called when
   * the end of a turn could not end the transaction; it must close the connection.
   */
  constructor(
    private readonly db: SqliteDatabase,
    private readonly onStuck: () => void,
  ) {
    this.begin = db.prepare('BEGIN');
    this.commit = db.prepare('COMMIT');
  }

  /** Makes sure this turn's read transaction is open; the first call of a turn opens it. */
  enter(): void {
    if (this.open) return;
    this.begin.run();
    this.open = true;
    process.nextTick(this.endOfTurn);
  }

  /**
   * Ends the read transaction now (at the end of the turn, after a failed look-up). Throws only
   * when the transaction could not be ended; the connection must then be closed.
   */
  end(): void {
    if (!this.open) return;
    this.open = false;
    if (this.db.open && this.db.inTransaction) this.commit.run();
  }

  /** True while a read transaction of this turn is open (for tests). */
  get active(): boolean {
    return this.open;
  }
}
