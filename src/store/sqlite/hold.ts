import type { BulkActionResult, OperatorAction } from '../types.js';
import { insertAudit } from './audit.js';
import { cached, type SqliteDatabase } from './connection.js';
import { currentState } from './messages.js';

const RELEASE_SET = `SET state = 'pending', run_at = ?, hold_key = NULL, updated_at = ?,
  history = json_insert(history, '$[#]', json_object('at', ?, 'from', 'held', 'to', 'pending', 'attempt', attempts, 'by', ?, 'note', ?))`;

function build(db: SqliteDatabase) {
  return {
    releaseById: db.prepare(`UPDATE kfax_messages ${RELEASE_SET} WHERE id = ? AND state = 'held' RETURNING id`),
    releaseByKey: db.prepare(`UPDATE kfax_messages ${RELEASE_SET} WHERE state = 'held' AND hold_key = ? RETURNING id`),
  };
}

/** Releases held messages (by id or by hold key) back to `pending`, with an audit entry each. */
export function releaseHeld(db: SqliteDatabase, selector: { ids?: readonly number[]; holdKey?: string }, action: OperatorAction): BulkActionResult {
  const s = cached(db, build);
  const note = action.note ?? 'released';
  const changed: number[] = [];
  const skipped: { id: number; state: ReturnType<typeof currentState> }[] = [];
  for (const id of selector.ids ?? []) {
    if (s.releaseById.get(action.now, action.now, action.now, action.actor, note, id)) changed.push(id);
    else skipped.push({ id, state: currentState(db, id) });
  }
  if (selector.holdKey !== undefined) {
    for (const row of s.releaseByKey.all(action.now, action.now, action.now, action.actor, note, selector.holdKey) as { id: number }[]) changed.push(row.id);
  }
  insertAudit(db, changed.map((id) => ({ actor: action.actor, action: 'message.release', messageId: id, details: { note, ...(selector.holdKey === undefined ? {} : { holdKey: selector.holdKey }) } })), action.now);
  return { changed, skipped };
}
