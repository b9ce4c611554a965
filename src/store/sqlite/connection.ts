/**
 * Opens the SQLite database with the durable settings: WAL journal and `synchronous=FULL`, so
 * a committed transaction survives a power loss, not only a process crash.
 */
import Database from 'better-sqlite3';
import { KfaxError } from '../../errors/kfax-error.js';

/** The better-sqlite3 handle type. */
export type SqliteDatabase = Database.Database;

/** Options for {@link openSqliteDatabase}. */
export interface SqliteConnectionOptions {
  /**
   * How long SQLite itself waits (blocking the thread) for another process's write lock before
   * answering SQLITE_BUSY (ms). The store passes 0 and waits without blocking instead
   * (see {@link retryWhileBusy}).
   */
  readonly busyTimeoutMs: number;
  /**
   * How long opening waits, in all, for a lock SQLite refuses at once instead of waiting for it
   * (default 5,000 ms). See {@link openSqliteDatabase}.
   */
  readonly openTimeoutMs?: number;
}

/** WAL pages after which a commit copies the WAL back into the database (SQLite's default: 1000). */
export const WAL_AUTOCHECKPOINT_PAGES = 4000;

/**
 * Opens (creating if needed) the database file and applies the pragmas. Another process (or
 * store thread) opening or migrating the same file at that moment can make `journal_mode = WAL`
 * fail with SQLITE_BUSY at once — SQLite does not run its busy handler there (a connection
 * recovering the WAL index, or switching the journal mode, holds the lock) — so that pragma is
 * tried again after short pauses, for up to `openTimeoutMs`. The pauses block this thread: this
 * runs once, at start-up, before anything else uses the store.
 */
export function openSqliteDatabase(path: string, options: SqliteConnectionOptions): SqliteDatabase {
  let db: SqliteDatabase;
  try {
    db = new Database(path);
  } catch (err) {
    throw new KfaxError('KFAX_STORE_UNAVAILABLE', [path, (err as Error).message], { cause: err });
  }
  try {
    if (path !== ':memory:') retryOpeningWhileBusy(() => db.pragma('journal_mode = WAL'), options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS);
  } catch (err) {
    db.close();
    throw mapSqliteError(err, path);
  }
  db.pragma('synchronous = FULL');
  // Copy the WAL back into the database every ~4,000 pages (16 MB) instead of SQLite's 1,000:
  // a page written by many commits in between (table tails, the small partial indexes) is
  // copied once, which cuts pages copied per commit by about half. Commits stay durable (the
  // WAL is synced at every commit); the cost is a WAL file of up to ~16 MB, a longer replay
  // after a crash, and a longer pause in the commit that runs each checkpoint.
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
  return db;
}

/** Default of {@link SqliteConnectionOptions.openTimeoutMs}. */
const DEFAULT_OPEN_TIMEOUT_MS = 5_000;

/** Runs `op` until it does not fail with SQLITE_BUSY or `timeoutMs` has passed, pausing 1–20 ms between tries (blocking). */
function retryOpeningWhileBusy<T>(op: () => T, timeoutMs: number): T {
  const deadline = Date.now() + timeoutMs;
  for (let pauseMs = 1; ; pauseMs = Math.min(pauseMs * 2, 20)) {
    try {
      return op();
    } catch (err) {
      if (!isSqliteBusy(err) || Date.now() >= deadline) throw err;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
  }
}

/**
 * Runs `fn` in a `BEGIN IMMEDIATE` transaction (takes the write lock up front, so two
 * processes never both read-then-write the same rows). Rolls back on any throw.
 */
export function immediate<T>(db: SqliteDatabase, fn: () => T): T {
  const s = control(db);
  try {
    s.begin.run();
  } catch (err) {
    throw mapSqliteError(err, db.name);
  }
  try {
    const result = fn();
    s.commit.run();
    return result;
  } catch (err) {
    if (db.inTransaction) s.rollback.run();
    throw mapSqliteError(err, db.name);
  }
}

const controlCache = new WeakMap<SqliteDatabase, { begin: Database.Statement; commit: Database.Statement; rollback: Database.Statement }>();

function control(db: SqliteDatabase): { begin: Database.Statement; commit: Database.Statement; rollback: Database.Statement } {
  let s = controlCache.get(db);
  if (!s) {
    s = { begin: db.prepare('BEGIN IMMEDIATE'), commit: db.prepare('COMMIT'), rollback: db.prepare('ROLLBACK') };
    controlCache.set(db, s);
  }
  return s;
}

/** True for SQLITE_BUSY (another connection holds the write lock), raw or as mapped by {@link mapSqliteError}. */
export function isSqliteBusy(err: unknown): boolean {
  const raw = err instanceof KfaxError ? err.cause : err;
  const code = (raw as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Runs `op` (synchronous, all-or-nothing: a transaction that rolled back on SQLITE_BUSY), and while
 * it fails because another process holds the write lock, runs it again after a short pause — for
 * up to `timeoutMs`, then fails with the mapped error. The pause is a timer, not SQLite's own
 * busy wait, so the event loop (HTTP, handlers, other store calls) keeps running meanwhile.
 */
export async function retryWhileBusy<T>(op: () => T, timeoutMs: number, random: () => number = Math.random): Promise<T> {
  let deadline: number | undefined; // set at the first SQLITE_BUSY: the common path reads no clock
  let pauseMs = 1;
  for (;;) {
    try {
      return op();
    } catch (err) {
      deadline ??= Date.now() + timeoutMs;
      if (!isSqliteBusy(err) || Date.now() >= deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, Math.max(1, Math.round(pauseMs * (0.5 + random())))));
    pauseMs = Math.min(pauseMs * 2, 20);
  }
}

/** Busy/locked/IO errors become the transient `KFAX_STORE_UNAVAILABLE`; others pass through. */
export function mapSqliteError(err: unknown, path: string): unknown {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL)/.test(code)) {
    return new KfaxError('KFAX_STORE_UNAVAILABLE', [path, (err as Error).message], { cause: err });
  }
  return err;
}

/**
 * Caches prepared statements per database handle: `statements(db, build)` prepares once.
 * Each SQL module keeps its own cache key (the `build` function).
 */
export function cached<T>(db: SqliteDatabase, build: (db: SqliteDatabase) => T): T {
  let perDb = statementCache.get(db);
  if (!perDb) {
    perDb = new Map();
    statementCache.set(db, perDb);
  }
  let value = perDb.get(build) as T | undefined;
  if (value === undefined) {
    value = build(db);
    perDb.set(build, value);
  }
  return value;
}

const statementCache = new WeakMap<SqliteDatabase, Map<unknown, unknown>>();
