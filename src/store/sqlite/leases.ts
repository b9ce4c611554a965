import { ERROR_CATALOG } from '../../errors/catalog.js';
import { num } from '../rows.js';
import type { ErrorRecord } from '../types.js';
import { cached, type SqliteDatabase } from './connection.js';

function build(db: SqliteDatabase) {
  return {
    extend: db.prepare(`UPDATE kfax_messages SET lease_expires_at = ? WHERE id = ? AND state = 'in_flight' AND lease_owner = ?`),
    expired: db.prepare(`SELECT id, endpoint, attempts, lease_owner FROM kfax_messages WHERE state = 'in_flight' AND lease_expires_at < ? ORDER BY lease_expires_at LIMIT ?`),
    toInDoubt: db.prepare(
      `UPDATE kfax_messages
       SET state = 'in_doubt', resend = 1, run_at = ?, lease_owner = NULL, lease_expires_at = NULL, last_error = ?, updated_at = ?,
           history = json_insert(history, '$[#]', json(?))
       WHERE id = ? AND state = 'in_flight'`,
    ),
  };
}

/** Extends leases this worker still holds. */
export function extendLeases(db: SqliteDatabase, workerId: string, ids: readonly number[], until: number): number[] {
  const s = cached(db, build);
  return ids.filter((id) => s.extend.run(until, id, workerId).changes === 1);
}

/**
 * In-flight messages whose lease ran out belonged to a worker that died or stalled. The handler
 * may have reached the target, so they become `in_doubt` and are re-sent at once with the same
 * idempotency key (`resend` set).
 */
export function expireLeases(db: SqliteDatabase, now: number, limit: number): { id: number; endpoint: string }[] {
  const s = cached(db, build);
  const rows = s.expired.all(now, limit) as Record<string, unknown>[];
  return rows.map((row) => {
    const owner = String(row.lease_owner);
    const error: ErrorRecord = { code: 'KFAX_LEASE_EXPIRED', kind: 'in_doubt', message: ERROR_CATALOG.KFAX_LEASE_EXPIRED.message.replace('%s', owner) };
    const entry = JSON.stringify({ at: now, from: 'in_flight', to: 'in_doubt', attempt: num(row.attempts), error, runAt: now });
    s.toInDoubt.run(now, JSON.stringify(error), now, entry, num(row.id));
    return { id: num(row.id), endpoint: String(row.endpoint) };
  });
}
