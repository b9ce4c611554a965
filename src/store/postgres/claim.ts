import { num } from '../rows.js';
import type { ClaimRequest, ClaimedMessage, MessageState } from '../types.js';
import { query, type Queryable } from './connection.js';

// Oldest first; rows another worker is claiming right now are skipped, not waited for; a
// message waits while an earlier message of its aggregate is unfinished. The claim time is never
// earlier than the row's last change (a claim prepared just before a concurrent insert committed).
const CLAIM = `
WITH c AS (
  SELECT id, state AS prev FROM kfax_messages m
  WHERE m.state IN ('pending','retry_wait','in_doubt') AND m.endpoint = $1 AND m.run_at <= $2::bigint
    AND m.type = ANY($3::text[])
    AND (m.aggregate_key IS NULL OR NOT EXISTS (
      SELECT 1 FROM kfax_messages p
      WHERE p.aggregate_key = m.aggregate_key AND p.id < m.id AND p.state NOT IN ('delivered','dead')))
  ORDER BY m.run_at, m.id
  LIMIT $4
  FOR UPDATE SKIP LOCKED
)
UPDATE kfax_messages m
SET state = 'in_flight', attempts = m.attempts + 1, budget_used = m.budget_used + 1, lease_owner = $5, lease_expires_at = $6::bigint,
    run_at = NULL, updated_at = GREATEST($2::bigint, m.updated_at),
    history = left(m.history, -1) || ',{"at":' || GREATEST($2::bigint, m.updated_at) || ',"from":"' || c.prev || '","to":"in_flight","attempt":' || (m.attempts + 1) || ',"by":' || $7::text || '}]'
FROM c WHERE m.id = c.id
RETURNING m.id, m.type, m.endpoint, m.payload, m.attempts, m.budget_used, m.idempotency_key, m.aggregate_key, m.resend, c.prev, m.created_at`;

/** Batch claim in one statement (`FOR UPDATE SKIP LOCKED`): concurrent workers never lease the same message. */
export async function claimMessages(db: Queryable, r: ClaimRequest): Promise<ClaimedMessage[]> {
  const rows = await query(db, 'kfax_claim', CLAIM, [r.endpoint, r.now, r.types, r.limit, r.workerId, r.now + r.leaseMs, JSON.stringify(r.workerId)]);
  const claimed = rows.map((row) => ({
    id: num(row.id),
    type: String(row.type),
    endpoint: String(row.endpoint),
    payload: String(row.payload),
    attempt: num(row.attempts),
    budgetUsed: num(row.budget_used),
    idempotencyKey: String(row.idempotency_key),
    aggregateKey: row.aggregate_key === null ? null : String(row.aggregate_key),
    resend: row.resend === true,
    previousState: String(row.prev) as MessageState,
    createdAt: num(row.created_at),
  }));
  return claimed.sort((a, b) => a.id - b.id);
}
