import type { SettleAccumulator } from '../settle-accumulator.js';
import type { DeliveredSettlement } from '../types.js';
import { cached, type SqliteDatabase } from './connection.js';
import { insertMessages } from './enqueue.js';
import { releaseParkedOn } from './park.js';
import { writeXrefs } from './xref.js';

function build(db: SqliteDatabase) {
  return {
    // Set-based: one statement for the whole batch (items as a JSON array of [id, attempt, output]).
    deliver: db.prepare(
      `UPDATE kfax_messages AS m
       SET state = 'delivered', output = v.output, lease_owner = NULL, lease_expires_at = NULL, last_error = NULL, delivered_at = @now, updated_at = @now,
           history = substr(m.history, 1, length(m.history) - 1) || ',{"at":' || @now || ',"from":"in_flight","to":"delivered","attempt":' || m.attempts || ',"by":' || @workerJson || '}]'
       FROM (SELECT value ->> '$[0]' AS id, value ->> '$[1]' AS attempt, value ->> '$[2]' AS output FROM json_each(@items)) AS v
       WHERE m.id = v.id AND m.state = 'in_flight' AND m.lease_owner = @worker AND m.attempts = v.attempt
       RETURNING id, aggregate_key`,
    ).raw(true),
  };
}

/**
 * Marks a batch delivered (inside the caller's transaction) and, only for messages whose lease
 * this worker still held, records their xrefs and writes their follow-up messages.
 */
export function completeMessages(db: SqliteDatabase, workerId: string, items: readonly DeliveredSettlement[], now: number, out: SettleAccumulator): void {
  if (items.length === 0) return;
  const s = cached(db, build);
  // Rows as [id, aggregate_key] arrays (raw mode): no object per row.
  const rows = s.deliver.all({ now, worker: workerId, workerJson: JSON.stringify(workerId), items: JSON.stringify(items.map((d) => [d.id, d.attempt, d.output])) }) as [number, string | null][];
  const xrefKeys: string[] = [];
  const applied = new Set<number>();
  for (const [id, aggregateKey] of rows) {
    applied.add(id);
    if (aggregateKey !== null) out.finishedAggregates.add(aggregateKey);
  }
  for (const d of items) {
    if (!applied.has(d.id)) {
      out.lost.push(d.id);
      continue;
    }
    out.settled.push({ id: d.id, to: 'delivered' });
    if (d.xrefs.length > 0) xrefKeys.push(...writeXrefs(db, d.xrefs, now, d.id));
    if (d.enqueue.length > 0) {
      insertMessages(db, d.enqueue, now).forEach((r, i) => {
        if (!r.duplicate && r.id !== null) out.enqueued.push({ id: r.id, endpoint: d.enqueue[i]!.endpoint });
      });
    }
  }
  // Follow-ups are never parked, so releasing after them releases what releasing per item would.
  if (xrefKeys.length > 0) out.released.push(...releaseParkedOn(db, xrefKeys, now));
}
