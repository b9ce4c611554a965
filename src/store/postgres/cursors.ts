import type { CursorWrite, SnapshotWrite } from '../types.js';
import { query, type Queryable } from './connection.js';

/** Reads a poller cursor. */
export async function getCursor(db: Queryable, name: string): Promise<string | null> {
  const rows = await query(db, 'kfax_cursor_get', 'SELECT value FROM kfax_cursors WHERE name = $1', [name]);
  return rows[0] === undefined ? null : String(rows[0].value);
}

/** Writes a cursor; with `expected` (null = must not exist yet) only when it still matches. */
export async function setCursor(db: Queryable, name: string, value: string, now: number, expected?: string | null): Promise<boolean> {
  if (expected === undefined) {
    await writeCursors(db, [{ name, value }], now);
    return true;
  }
  const rows =
    expected === null
      ? await query(db, 'kfax_cursor_insert', 'INSERT INTO kfax_cursors (name, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING name', [name, value, now])
      : await query(db, 'kfax_cursor_cas', 'UPDATE kfax_cursors SET value = $2, updated_at = $3 WHERE name = $1 AND value = $4 RETURNING name', [name, value, now, expected]);
  return rows.length === 1;
}

/** Writes cursors (inside the caller's transaction). */
export async function writeCursors(db: Queryable, cursors: readonly CursorWrite[], now: number): Promise<void> {
  if (cursors.length === 0) return;
  await query(
    db,
    'kfax_cursor_put',
    `INSERT INTO kfax_cursors (name, value, updated_at) SELECT n, v, $3 FROM unnest($1::text[], $2::text[]) AS c(n, v)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    [cursors.map((c) => c.name), cursors.map((c) => c.value), now],
  );
}

/** Reads snapshot hashes of one scope, all or only `keys`. */
export async function getSnapshots(db: Queryable, scope: string, keys?: readonly string[]): Promise<Map<string, string>> {
  const rows =
    keys === undefined
      ? await query(db, 'kfax_snapshots_all', 'SELECT key, hash FROM kfax_snapshots WHERE scope = $1', [scope])
      : await query(db, 'kfax_snapshots_some', 'SELECT key, hash FROM kfax_snapshots WHERE scope = $1 AND key = ANY($2::text[])', [scope, keys]);
  return new Map(rows.map((r) => [String(r.key), String(r.hash)]));
}

/** Writes snapshot hashes (inside the caller's transaction). */
export async function writeSnapshots(db: Queryable, entries: readonly SnapshotWrite[], now: number): Promise<void> {
  if (entries.length === 0) return;
  // The last write of a key in one batch wins (ON CONFLICT cannot touch a row twice).
  const last = new Map(entries.map((e) => [`${e.scope}\u0000${e.key}`, e]));
  const list = [...last.values()];
  await query(
    db,
    'kfax_snapshots_put',
    `INSERT INTO kfax_snapshots (scope, key, hash, updated_at) SELECT s, k, h, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS e(s, k, h)
     ON CONFLICT (scope, key) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at`,
    [list.map((e) => e.scope), list.map((e) => e.key), list.map((e) => e.hash), now],
  );
}
