import type { SettleAccumulator } from '../settle-accumulator.js';
import { failureRow } from '../failure-row.js';
import type { MessageState, Settlement } from '../types.js';
import { cached, type SqliteDatabase } from './connection.js';
import { dependencyExists } from './park.js';

function build(db: SqliteDatabase) {
  return {
    fail: db.prepare(
      `UPDATE kfax_messages
       SET state = ?, run_at = ?, parked_on = ?, hold_key = ?, last_error = ?, resend = max(resend, ?), budget_used = budget_used - ?,
           lease_owner = NULL, lease_expires_at = NULL, updated_at = ?, history = substr(history, 1, length(history) - 1) || ',' || ? || ']'
       WHERE id = ? AND state = 'in_flight' AND lease_owner = ? AND attempts = ?
       RETURNING aggregate_key`,
    ),
    giveBack: db.prepare(
      `UPDATE kfax_messages
       SET state = CASE WHEN resend = 1 THEN 'in_doubt' ELSE 'pending' END, attempts = attempts - 1, budget_used = budget_used - 1,
           run_at = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?,
           history = json_insert(history, '$[#]', json_object('at', ?, 'from', 'in_flight', 'to', CASE WHEN resend = 1 THEN 'in_doubt' ELSE 'pending' END,
             'attempt', attempts - 1, 'by', ?, 'note', 'returned unstarted'))
       WHERE id = ? AND state = 'in_flight' AND lease_owner = ? AND attempts = ?
       RETURNING state`,
    ),
  };
}

/** Applies failure and give-back settlements (inside the caller's transaction). */
export function failMessages(db: SqliteDatabase, workerId: string, items: readonly Exclude<Settlement, { kind: 'delivered' }>[], now: number, out: SettleAccumulator): void {
  const s = cached(db, build);
  for (const item of items) {
    if (item.kind === 'returned') {
      const row = s.giveBack.get(now, now, now, workerId, item.id, workerId, item.attempt) as { state: MessageState } | undefined;
      if (row) out.settled.push({ id: item.id, to: row.state });
      else out.lost.push(item.id);
      continue;
    }
    const f = failureRow(item, (key) => dependencyExists(db, key));
    const entry = JSON.stringify({ at: now, from: 'in_flight', to: f.state, attempt: item.attempt, by: workerId, error: f.error, ...(f.runAt === null ? {} : { runAt: f.runAt }) });
    const row = s.fail.get(f.state, f.runAt, f.parkedOn, f.holdKey, JSON.stringify(f.error), f.resend ? 1 : 0, f.refund, now, entry, item.id, workerId, item.attempt) as
      | { aggregate_key: string | null }
      | undefined;
    if (!row) {
      out.lost.push(item.id);
      continue;
    }
    out.settled.push({ id: item.id, to: f.state });
    if (f.state === 'dead' && row.aggregate_key !== null) out.finishedAggregates.add(row.aggregate_key);
  }
}
