import { num } from '../rows.js';
import type { SettleAccumulator } from '../settle-accumulator.js';
import type { DeliveredSettlement, NewMessage, XrefWrite } from '../types.js';
import { query, type Queryable } from './connection.js';
import { insertMessages } from './enqueue.js';
import { recordXrefsInTx } from './xref.js';

const COMPLETE = `
UPDATE kfax_messages m
SET state = 'delivered', output = v.output, lease_owner = NULL, lease_expires_at = NULL, last_error = NULL, delivered_at = $1::bigint, updated_at = $1::bigint,
    history = left(m.history, -1) || ',{"at":' || $1::bigint || ',"from":"in_flight","to":"delivered","attempt":' || v.attempt || ',"by":' || $6::text || '}]'
FROM unnest($3::bigint[], $4::int[], $5::text[]) AS v(id, attempt, output)
WHERE m.id = v.id AND m.state = 'in_flight' AND m.lease_owner = $2 AND m.attempts = v.attempt
RETURNING m.id, m.aggregate_key`;

/** True when completing these needs more than the one UPDATE (xrefs or follow-ups). */
export function completionHasSideWrites(items: readonly DeliveredSettlement[]): boolean {
  return items.some((d) => d.xrefs.length > 0 || d.enqueue.length > 0);
}

/**
 * Marks a batch delivered with one set-based UPDATE; then, only for messages whose lease this
 * worker still held, records their xrefs and writes their follow-ups (caller's transaction).
 */
export async function completeMessages(db: Queryable, workerId: string, items: readonly DeliveredSettlement[], now: number, out: SettleAccumulator): Promise<void> {
  if (items.length === 0) return;
  const sorted = [...items].sort((a, b) => a.id - b.id);
  const rows = await query(db, 'kfax_complete', COMPLETE, [now, workerId, sorted.map((d) => d.id), sorted.map((d) => d.attempt), sorted.map((d) => d.output), JSON.stringify(workerId)]);
  const applied = new Set(rows.map((r) => num(r.id)));
  for (const r of rows) if (r.aggregate_key !== null) out.finishedAggregates.add(String(r.aggregate_key));
  const xrefs: XrefWrite[] = [];
  const xrefOwners: number[] = [];
  const followUps: NewMessage[] = [];
  for (const d of items) {
    if (!applied.has(d.id)) {
      out.lost.push(d.id);
      continue;
    }
    out.settled.push({ id: d.id, to: 'delivered' });
    for (const x of d.xrefs) {
      xrefs.push(x);
      xrefOwners.push(d.id);
    }
    followUps.push(...d.enqueue);
  }
  out.released.push(...(await recordXrefsInTx(db, xrefs, now, xrefOwners)));
  const results = await insertMessages(db, followUps, now);
  results.forEach((r, i) => {
    if (!r.duplicate && r.id !== null) out.enqueued.push({ id: r.id, endpoint: followUps[i]!.endpoint });
  });
}
