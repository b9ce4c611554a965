import { ERROR_CATALOG } from '../../errors/catalog.js';
import { num } from '../rows.js';
import { query, type Queryable } from './connection.js';

/** Extends leases this worker still holds. */
export async function extendLeases(db: Queryable, workerId: string, ids: readonly number[], until: number): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await query(
    db,
    'kfax_extend_leases',
    `UPDATE kfax_messages SET lease_expires_at = $3::bigint WHERE id = ANY($1::bigint[]) AND state = 'in_flight' AND lease_owner = $2 RETURNING id`,
    [ids, workerId, until],
  );
  return rows.map((r) => num(r.id));
}

const EXPIRE = `
WITH x AS (
  SELECT id FROM kfax_messages WHERE state = 'in_flight' AND lease_expires_at < $1::bigint
  ORDER BY lease_expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
)
UPDATE kfax_messages m
SET state = 'in_doubt', resend = TRUE, run_at = $1::bigint, lease_owner = NULL, lease_expires_at = NULL, updated_at = $1::bigint,
    last_error = json_build_object('code', 'KFAX_LEASE_EXPIRED', 'kind', 'in_doubt', 'message', replace($3::text, '%s', m.lease_owner))::text,
    history = left(m.history, -1) || ',' || json_build_object('at', $1::bigint, 'from', 'in_flight', 'to', 'in_doubt', 'attempt', m.attempts, 'runAt', $1::bigint,
      'error', json_build_object('code', 'KFAX_LEASE_EXPIRED', 'kind', 'in_doubt', 'message', replace($3::text, '%s', m.lease_owner)))::text || ']'
FROM x WHERE m.id = x.id
RETURNING m.id, m.endpoint`;

/**
 * In-flight messages whose lease ran out belonged to a worker that died or stalled. The handler
 * may have reached the target, so they become `in_doubt` and are re-sent at once with the same
 * idempotency key (`resend` set). Rows another sweeper holds are skipped.
 */
export async function expireLeases(db: Queryable, now: number, limit: number): Promise<{ id: number; endpoint: string }[]> {
  const rows = await query(db, 'kfax_expire_leases', EXPIRE, [now, limit, ERROR_CATALOG.KFAX_LEASE_EXPIRED.message]);
  return rows.map((r) => ({ id: num(r.id), endpoint: String(r.endpoint) }));
}
