import type { LeaderLease } from '../types.js';
import { immediate, retryWhileBusy, type SqliteDatabase } from './connection.js';

/**
 * Leadership on SQLite is a row with an expiry (there are no advisory locks): the holder renews
 * it; when a holder dies its row expires after `ttlMs` and another process takes over. All
 * processes share the host clock, since they share the database file.
 */
export function tryAcquireLeadership(db: SqliteDatabase, name: string, holder: string, ttlMs: number, busyTimeoutMs: number): LeaderLease | null {
  const acquired = immediate(db, () => {
    const now = Date.now();
    const row = db.prepare('SELECT holder, expires_at FROM kfax_leaders WHERE name = ?').get(name) as { holder: string; expires_at: number } | undefined;
    if (row && row.holder !== holder && row.expires_at > now) return false;
    db.prepare(
      'INSERT INTO kfax_leaders (name, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at',
    ).run(name, holder, now, now + ttlMs);
    return true;
  });
  if (!acquired) return null;
  let released = false;
  return {
    name,
    holder,
    renew: async () => {
      if (released || !db.open) return false;
      return retryWhileBusy(() => {
        const now = Date.now();
        return immediate(db, () => db.prepare('UPDATE kfax_leaders SET expires_at = ? WHERE name = ? AND holder = ? AND expires_at > ?').run(now + ttlMs, name, holder, now).changes === 1);
      }, busyTimeoutMs);
    },
    release: async () => {
      if (released) return;
      released = true;
      if (db.open) await retryWhileBusy(() => immediate(db, () => db.prepare('DELETE FROM kfax_leaders WHERE name = ? AND holder = ?').run(name, holder)), busyTimeoutMs);
    },
  };
}
