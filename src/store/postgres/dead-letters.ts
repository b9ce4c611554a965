import type { BulkActionResult, OperatorAction, XrefWrite } from '../types.js';
import { insertAudit } from './audit.js';
import { query, type Queryable } from './connection.js';
import { bulkResult } from './messages.js';
import { recordXrefsInTx } from './xref.js';

// $1 now, $2 actor, $3 note; the history entry names the state the message came from.
const HISTORY = (to: string): string =>
  `history = left(history, -1) || ',' || json_build_object('at', $1::bigint, 'from', state, 'to', ${to}, 'attempt', attempts, 'by', $2::text, 'note', $3::text)::text || ']'`;

/** Dead (or parked) → pending with a fresh retry budget; the idempotency key is kept. */
export async function retryMessages(db: Queryable, ids: readonly number[], action: OperatorAction, fromStates: readonly ('dead' | 'parked')[]): Promise<BulkActionResult & { endpoints: string[] }> {
  const note = action.note ?? 'retry';
  const rows = await query(
    db,
    'kfax_dlq_retry',
    `UPDATE kfax_messages SET state = 'pending', run_at = $1::bigint, budget_used = 0, parked_on = NULL, updated_at = $1::bigint, ${HISTORY(`'pending'`)}
     WHERE id = ANY($4::bigint[]) AND state = ANY($5::text[]) AND discarded_at IS NULL RETURNING id, endpoint`,
    [action.now, action.actor, note, ids, fromStates],
  );
  const result = await bulkResult(db, ids, rows);
  await insertAudit(db, result.changed.map((id) => ({ actor: action.actor, action: 'message.retry', messageId: id, details: { note } })), action.now);
  return { ...result, endpoints: rows.map((r) => String(r.endpoint)) };
}

/** Edit then retry, guarded by the payload the operator saw. */
export async function editMessage(
  db: Queryable,
  id: number,
  edit: { payload: string; expectedPayload: string; details: Record<string, unknown> },
  action: OperatorAction,
): Promise<BulkActionResult & { endpoints: string[] }> {
  const note = action.note ?? 'edited and retried';
  const rows = await query(
    db,
    'kfax_dlq_edit',
    `UPDATE kfax_messages SET original_payload = coalesce(original_payload, payload), payload = $5, state = 'pending', run_at = $1::bigint, budget_used = 0,
       hold_key = NULL, updated_at = $1::bigint, ${HISTORY(`'pending'`)}
     WHERE id = $4 AND state IN ('dead','held') AND discarded_at IS NULL AND payload = $6 RETURNING id, endpoint`,
    [action.now, action.actor, note, id, edit.payload, edit.expectedPayload],
  );
  const result = await bulkResult(db, [id], rows);
  await insertAudit(db, result.changed.map((i) => ({ actor: action.actor, action: 'message.edit', messageId: i, details: { note, ...edit.details } })), action.now);
  return { ...result, endpoints: rows.map((r) => String(r.endpoint)) };
}

/** Dead letters → discarded (kept, hidden from the queue). */
export async function discardMessages(db: Queryable, ids: readonly number[], action: OperatorAction & { note: string }): Promise<BulkActionResult> {
  const rows = await query(
    db,
    'kfax_dlq_discard',
    `UPDATE kfax_messages SET discarded_at = $1::bigint, discard_reason = $5, updated_at = $1::bigint, ${HISTORY(`'dead'`)}
     WHERE id = ANY($4::bigint[]) AND state = 'dead' AND discarded_at IS NULL RETURNING id`,
    [action.now, action.actor, `discarded: ${action.note}`, ids, action.note],
  );
  const result = await bulkResult(db, ids, rows);
  await insertAudit(db, result.changed.map((id) => ({ actor: action.actor, action: 'message.discard', messageId: id, details: { reason: action.note } })), action.now);
  return result;
}

/** In-doubt → delivered (with xrefs) or re-sent now with a fresh budget. */
export async function resolveInDoubt(
  db: Queryable,
  id: number,
  resolution: { outcome: 'delivered' | 'resend'; xrefs?: readonly XrefWrite[] },
  action: OperatorAction,
): Promise<BulkActionResult & { endpoints: string[] }> {
  const note = action.note ?? (resolution.outcome === 'delivered' ? 'resolved: applied at the target' : 'resolved: re-send');
  const rows =
    resolution.outcome === 'delivered'
      ? await query(
          db,
          'kfax_resolve_delivered',
          `UPDATE kfax_messages SET state = 'delivered', delivered_at = $1::bigint, run_at = NULL, updated_at = $1::bigint, ${HISTORY(`'delivered'`)}
           WHERE id = $4 AND state = 'in_doubt' RETURNING id, endpoint`,
          [action.now, action.actor, note, id],
        )
      : await query(
          db,
          'kfax_resolve_resend',
          `UPDATE kfax_messages SET run_at = $1::bigint, budget_used = 0, updated_at = $1::bigint, ${HISTORY(`'in_doubt'`)}
           WHERE id = $4 AND state = 'in_doubt' RETURNING id, endpoint`,
          [action.now, action.actor, note, id],
        );
  const result = await bulkResult(db, [id], rows);
  const endpoints = rows.map((r) => String(r.endpoint));
  if (result.changed.length === 1 && resolution.outcome === 'delivered') {
    for (const r of await recordXrefsInTx(db, resolution.xrefs ?? [], action.now, id)) endpoints.push(r.endpoint);
  }
  await insertAudit(
    db,
    result.changed.map((i) => ({ actor: action.actor, action: 'message.resolve', messageId: i, details: { outcome: resolution.outcome, note, xrefs: resolution.xrefs ?? [] } })),
    action.now,
  );
  return { ...result, endpoints };
}
