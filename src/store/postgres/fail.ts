import { failureRow, type FailureRow } from '../failure-row.js';
import { num } from '../rows.js';
import type { SettleAccumulator } from '../settle-accumulator.js';
import type { MessageState, Settlement } from '../types.js';
import { query, type Queryable } from './connection.js';
import { existingDependencies } from './park.js';

const FAIL = `
UPDATE kfax_messages m
SET state = v.state, run_at = v.run_at, parked_on = v.parked_on, hold_key = v.hold_key, last_error = v.error,
    resend = m.resend OR v.resend, budget_used = m.budget_used - v.refund, lease_owner = NULL, lease_expires_at = NULL, updated_at = $1::bigint,
    history = left(m.history, -1) || ',' || v.entry || ']'
FROM unnest($3::bigint[], $4::int[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::bool[], $11::int[], $12::text[])
  AS v(id, attempt, state, run_at, parked_on, hold_key, error, resend, refund, entry)
WHERE m.id = v.id AND m.state = 'in_flight' AND m.lease_owner = $2 AND m.attempts = v.attempt
RETURNING m.id, m.state, m.endpoint, m.aggregate_key`;

const GIVE_BACK = `
UPDATE kfax_messages m
SET state = CASE WHEN m.resend THEN 'in_doubt' ELSE 'pending' END, attempts = m.attempts - 1, budget_used = m.budget_used - 1,
    run_at = $1::bigint, lease_owner = NULL, lease_expires_at = NULL, updated_at = $1::bigint,
    history = left(m.history, -1) || ',' || json_build_object('at', $1::bigint, 'from', 'in_flight', 'to', CASE WHEN m.resend THEN 'in_doubt' ELSE 'pending' END,
      'attempt', m.attempts - 1, 'by', $2::text, 'note', 'returned unstarted')::text || ']'
FROM unnest($3::bigint[], $4::int[]) AS v(id, attempt)
WHERE m.id = v.id AND m.state = 'in_flight' AND m.lease_owner = $2 AND m.attempts = v.attempt
RETURNING m.id, m.state, m.endpoint`;

/**
 * Applies failure and give-back settlements with one set-based UPDATE each (caller's
 * transaction). Returns the endpoints of messages that became claimable now, to NOTIFY.
 */
export async function failMessages(db: Queryable, workerId: string, items: readonly Exclude<Settlement, { kind: 'delivered' }>[], now: number, out: SettleAccumulator): Promise<string[]> {
  const wake: string[] = [];
  const returned = items.filter((i) => i.kind === 'returned').sort((a, b) => a.id - b.id);
  const failed = items.filter((i): i is Exclude<Settlement, { kind: 'delivered' | 'returned' }> => i.kind !== 'returned').sort((a, b) => a.id - b.id);
  const handled = new Set<number>();
  if (returned.length > 0) {
    const rows = await query(db, 'kfax_give_back', GIVE_BACK, [now, workerId, returned.map((r) => r.id), returned.map((r) => r.attempt)]);
    for (const r of rows) {
      handled.add(num(r.id));
      out.settled.push({ id: num(r.id), to: String(r.state) as MessageState });
      wake.push(String(r.endpoint));
    }
  }
  if (failed.length > 0) {
    const present = await existingDependencies(db, failed.flatMap((f) => (f.kind === 'parked' ? [f.parkedOn] : [])));
    const rowsToWrite: FailureRow[] = failed.map((f) => failureRow(f, (key) => present.has(key)));
    const entries = failed.map((f, i) => {
      const r = rowsToWrite[i]!;
      return JSON.stringify({ at: now, from: 'in_flight', to: r.state, attempt: f.attempt, by: workerId, error: r.error, ...(r.runAt === null ? {} : { runAt: r.runAt }) });
    });
    const rows = await query(db, 'kfax_fail', FAIL, [
      now,
      workerId,
      failed.map((f) => f.id),
      failed.map((f) => f.attempt),
      rowsToWrite.map((r) => r.state),
      rowsToWrite.map((r) => r.runAt),
      rowsToWrite.map((r) => r.parkedOn),
      rowsToWrite.map((r) => r.holdKey),
      rowsToWrite.map((r) => JSON.stringify(r.error)),
      rowsToWrite.map((r) => r.resend),
      rowsToWrite.map((r) => r.refund),
      entries,
    ]);
    for (const r of rows) {
      handled.add(num(r.id));
      out.settled.push({ id: num(r.id), to: String(r.state) as MessageState });
      if (r.state === 'dead' && r.aggregate_key !== null) out.finishedAggregates.add(String(r.aggregate_key));
    }
  }
  for (const i of items) if (!handled.has(i.id)) out.lost.push(i.id);
  return wake;
}
