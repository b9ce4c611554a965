import type { BulkActionResult, MessageState, OperatorAction, XrefWrite } from '../types.js';
import { insertAudit } from './audit.js';
import { cached, type SqliteDatabase } from './connection.js';
import { currentState } from './messages.js';
import { recordXrefsInTx } from './xref.js';

const HISTORY = (to: string): string =>
  `history = json_insert(history, '$[#]', json_object('at', ?, 'from', state, 'to', ${to}, 'attempt', attempts, 'by', ?, 'note', ?))`;

function build(db: SqliteDatabase) {
  return {
    retry: db.prepare(
      `UPDATE kfax_messages SET state = 'pending', run_at = ?, budget_used = 0, parked_on = NULL, updated_at = ?, ${HISTORY(`'pending'`)}
       WHERE id = ? AND state IN (SELECT value FROM json_each(?)) AND discarded_at IS NULL RETURNING id`,
    ),
    edit: db.prepare(
      `UPDATE kfax_messages SET original_payload = coalesce(original_payload, payload), payload = ?, state = 'pending', run_at = ?, budget_used = 0,
         hold_key = NULL, updated_at = ?, ${HISTORY(`'pending'`)}
       WHERE id = ? AND state IN ('dead','held') AND discarded_at IS NULL AND payload = ? RETURNING id`,
    ),
    discard: db.prepare(
      `UPDATE kfax_messages SET discarded_at = ?, discard_reason = ?, updated_at = ?, ${HISTORY(`'dead'`)}
       WHERE id = ? AND state = 'dead' AND discarded_at IS NULL RETURNING id`,
    ),
    resolveDelivered: db.prepare(
      `UPDATE kfax_messages SET state = 'delivered', delivered_at = ?, run_at = NULL, updated_at = ?, ${HISTORY(`'delivered'`)}
       WHERE id = ? AND state = 'in_doubt' RETURNING id`,
    ),
    resolveResend: db.prepare(
      `UPDATE kfax_messages SET run_at = ?, budget_used = 0, updated_at = ?, ${HISTORY(`'in_doubt'`)}
       WHERE id = ? AND state = 'in_doubt' RETURNING id`,
    ),
  };
}

function bulk(db: SqliteDatabase, ids: readonly number[], apply: (id: number) => boolean): { changed: number[]; skipped: { id: number; state: MessageState | null }[] } {
  const changed: number[] = [];
  const skipped: { id: number; state: MessageState | null }[] = [];
  for (const id of ids) {
    if (apply(id)) changed.push(id);
    else skipped.push({ id, state: currentState(db, id) });
  }
  return { changed, skipped };
}

/** Dead (or parked) → pending with a fresh retry budget; the idempotency key is kept. */
export function retryMessages(db: SqliteDatabase, ids: readonly number[], action: OperatorAction, fromStates: readonly ('dead' | 'parked')[]): BulkActionResult {
  const s = cached(db, build);
  const note = action.note ?? 'retry';
  const states = JSON.stringify(fromStates);
  const result = bulk(db, ids, (id) => s.retry.get(action.now, action.now, action.now, action.actor, note, id, states) !== undefined);
  insertAudit(db, result.changed.map((id) => ({ actor: action.actor, action: 'message.retry', messageId: id, details: { note } })), action.now);
  return result;
}

/** Edit then retry, guarded by the payload the operator saw. */
export function editMessage(
  db: SqliteDatabase,
  id: number,
  edit: { payload: string; expectedPayload: string; details: Record<string, unknown> },
  action: OperatorAction,
): BulkActionResult {
  const s = cached(db, build);
  const note = action.note ?? 'edited and retried';
  const result = bulk(db, [id], (i) => s.edit.get(edit.payload, action.now, action.now, action.now, action.actor, note, i, edit.expectedPayload) !== undefined);
  insertAudit(db, result.changed.map((i) => ({ actor: action.actor, action: 'message.edit', messageId: i, details: { note, ...edit.details } })), action.now);
  return result;
}

/** Dead letters → discarded (kept, hidden from the queue). */
export function discardMessages(db: SqliteDatabase, ids: readonly number[], action: OperatorAction & { note: string }): BulkActionResult {
  const s = cached(db, build);
  const result = bulk(db, ids, (id) => s.discard.get(action.now, action.note, action.now, action.now, action.actor, `discarded: ${action.note}`, id) !== undefined);
  insertAudit(db, result.changed.map((id) => ({ actor: action.actor, action: 'message.discard', messageId: id, details: { reason: action.note } })), action.now);
  return result;
}

/** In-doubt → delivered (with xrefs) or re-sent now with a fresh budget. */
export function resolveInDoubt(
  db: SqliteDatabase,
  id: number,
  resolution: { outcome: 'delivered' | 'resend'; xrefs?: readonly XrefWrite[] },
  action: OperatorAction,
): BulkActionResult {
  const s = cached(db, build);
  const note = action.note ?? (resolution.outcome === 'delivered' ? 'resolved: applied at the target' : 'resolved: re-send');
  const result = bulk(db, [id], (i) =>
    resolution.outcome === 'delivered'
      ? s.resolveDelivered.get(action.now, action.now, action.now, action.actor, note, i) !== undefined
      : s.resolveResend.get(action.now, action.now, action.now, action.actor, note, i) !== undefined,
  );
  if (result.changed.length === 1 && resolution.outcome === 'delivered') recordXrefsInTx(db, resolution.xrefs ?? [], action.now, id);
  insertAudit(
    db,
    result.changed.map((i) => ({ actor: action.actor, action: 'message.resolve', messageId: i, details: { outcome: resolution.outcome, note, xrefs: resolution.xrefs ?? [] } })),
    action.now,
  );
  return result;
}
