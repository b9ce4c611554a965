import type { CursorWrite, SnapshotWrite } from '../types.js';
import { cached, type SqliteDatabase } from './connection.js';

function build(db: SqliteDatabase) {
  return {
    get: db.prepare('SELECT value FROM kfax_cursors WHERE name = ?'),
    upsert: db.prepare('INSERT INTO kfax_cursors (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at'),
    compareAndSet: db.prepare('UPDATE kfax_cursors SET value = ?, updated_at = ? WHERE name = ? AND value = ?'),
    insertIfAbsent: db.prepare('INSERT INTO kfax_cursors (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING'),
    snapshotsAll: db.prepare('SELECT key, hash FROM kfax_snapshots WHERE scope = ?'),
    snapshotOne: db.prepare('SELECT hash FROM kfax_snapshots WHERE scope = ? AND key = ?'),
    putSnapshot: db.prepare('INSERT INTO kfax_snapshots (scope, key, hash, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at'),
  };
}

/** Reads a poller cursor. */
export function getCursor(db: SqliteDatabase, name: string): string | null {
  const row = cached(db, build).get.get(name) as { value: string } | undefined;
  return row?.value ?? null;
}

/** Writes a cursor; with `expected` (null = must not exist yet) only when it still matches. */
export function setCursor(db: SqliteDatabase, name: string, value: string, now: number, expected?: string | null): boolean {
  const s = cached(db, build);
  if (expected === undefined) {
    s.upsert.run(name, value, now);
    return true;
  }
  if (expected === null) return s.insertIfAbsent.run(name, value, now).changes === 1;
  return s.compareAndSet.run(value, now, name, expected).changes === 1;
}

/** Writes cursors (inside the caller's transaction). */
export function writeCursors(db: SqliteDatabase, cursors: readonly CursorWrite[], now: number): void {
  const s = cached(db, build);
  for (const c of cursors) s.upsert.run(c.name, c.value, now);
}

/** Reads snapshot hashes of one scope, all or only `keys`. */
export function getSnapshots(db: SqliteDatabase, scope: string, keys?: readonly string[]): Map<string, string> {
  const s = cached(db, build);
  const out = new Map<string, string>();
  if (keys === undefined) {
    for (const row of s.snapshotsAll.all(scope) as { key: string; hash: string }[]) out.set(row.key, row.hash);
  } else {
    for (const key of keys) {
      const row = s.snapshotOne.get(scope, key) as { hash: string } | undefined;
      if (row) out.set(key, row.hash);
    }
  }
  return out;
}

/** Writes snapshot hashes (inside the caller's transaction). */
export function writeSnapshots(db: SqliteDatabase, entries: readonly SnapshotWrite[], now: number): void {
  const s = cached(db, build);
  for (const e of entries) s.putSnapshot.run(e.scope, e.key, e.hash, now);
}
