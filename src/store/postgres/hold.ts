import type { BulkActionResult, OperatorAction } from '../types.js';
import { insertAudit } from './audit.js';
import { query, type Queryable } from './connection.js';
import { bulkResult } from './messages.js';

const RELEASE = `
UPDATE kfax_messages
SET state = 'pending', run_at = $1::bigint, hold_key = NULL, updated_at = $1::bigint,
    history = left(history, -1) || ',' || json_build_object('at', $1::bigint, 'from', 'held', 'to', 'pending', 'attempt', attempts, 'by', $2::text, 'note', $3::text)::text || ']'
WHERE state = 'held' AND (id = ANY($4::bigint[]) OR hold_key = $5)
RETURNING id, endpoint`;

/** Releases held messages (by id or by hold key) back to `pending`, with an audit entry each. */
export async function releaseHeld(db: Queryable, selector: { ids?: readonly number[]; holdKey?: string }, action: OperatorAction): Promise<BulkActionResult & { endpoints: string[] }> {
  const note = action.note ?? 'released';
  const ids = selector.ids ?? [];
  const rows = await query(db, 'kfax_release_held', RELEASE, [action.now, action.actor, note, ids, selector.holdKey ?? null]);
  const result = await bulkResult(db, ids, rows);
  await insertAudit(db, result.changed.map((id) => ({ actor: action.actor, action: 'message.release', messageId: id, details: { note, ...(selector.holdKey === undefined ? {} : { holdKey: selector.holdKey }) } })), action.now);
  return { ...result, endpoints: rows.map((r) => String(r.endpoint)) };
}
