import { num } from '../rows.js';
import type { EnqueueResult, NewMessage } from '../types.js';
import { query, type Queryable } from './connection.js';

// One statement for the whole batch: inbox dedupe, then idempotency-key dedupe (ids drawn from
// the messages' sequence in input order), then the messages themselves.
const ENQUEUE = `
WITH v AS (
  SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[], $10::bigint[], $11::int[])
    AS v(type, endpoint, payload, idem, agg, run_at, source, dedupe_key, parent_id, ord)
),
inbox AS (
  INSERT INTO kfax_inbox (source, dedupe_key, idempotency_key, received_at)
  SELECT source, dedupe_key, idem, $1::bigint FROM v WHERE source IS NOT NULL
  ON CONFLICT DO NOTHING
  RETURNING source, dedupe_key
),
fresh AS (
  SELECT f.*, nextval('kfax_messages_id_seq') AS id
  FROM (SELECT * FROM v WHERE v.source IS NULL OR EXISTS (SELECT 1 FROM inbox i WHERE i.source = v.source AND i.dedupe_key = v.dedupe_key) ORDER BY v.ord) f
),
keys AS (
  INSERT INTO kfax_keys (idempotency_key, message_id) SELECT idem, id FROM fresh
  ON CONFLICT DO NOTHING
  RETURNING idempotency_key, message_id
),
ins AS (
  INSERT INTO kfax_messages (id, type, endpoint, state, payload, idempotency_key, aggregate_key, run_at, history, source, dedupe_key, parent_id, created_at, updated_at)
  SELECT f.id, f.type, f.endpoint, 'pending', f.payload, f.idem, f.agg, f.run_at,
         '[{"at":' || $1::bigint || ',"from":null,"to":"pending","attempt":0'
           || CASE WHEN f.parent_id IS NULL THEN '' ELSE ',"note":"follow-up of message ' || f.parent_id || '"' END || '}]',
         f.source, f.dedupe_key, f.parent_id, $1::bigint, $1::bigint
  FROM fresh f JOIN keys k ON k.message_id = f.id
  ORDER BY f.id
  RETURNING id
)
SELECT v.ord, k.message_id AS id FROM v LEFT JOIN keys k ON k.idempotency_key = v.idem ORDER BY v.ord`;

/**
 * Inserts messages (inside the caller's transaction when there is one). Duplicates — an inbox
 * event already seen, an idempotency key already stored, or a repeat within the batch — write
 * nothing and report the original's id.
 */
export async function insertMessages(db: Queryable, messages: readonly NewMessage[], now: number): Promise<EnqueueResult[]> {
  if (messages.length === 0) return [];
  // Repeats within the batch are resolved here; the statement sees each key and event once.
  const firstByKey = new Map<string, number>();
  const firstByEvent = new Map<string, number>();
  const unique: NewMessage[] = [];
  const slot: number[] = [];
  messages.forEach((m, i) => {
    const eventKey = m.inbox ? `${m.inbox.source}\u0000${m.inbox.dedupeKey}` : undefined;
    const earlier = firstByKey.get(m.idempotencyKey) ?? (eventKey === undefined ? undefined : firstByEvent.get(eventKey));
    if (earlier !== undefined) {
      slot.push(-1 - earlier);
      return;
    }
    firstByKey.set(m.idempotencyKey, i);
    if (eventKey !== undefined) firstByEvent.set(eventKey, i);
    slot.push(unique.length);
    unique.push(m);
  });
  const rows = await query(db, 'kfax_enqueue', ENQUEUE, [
    now,
    unique.map((m) => m.type),
    unique.map((m) => m.endpoint),
    unique.map((m) => m.payload),
    unique.map((m) => m.idempotencyKey),
    unique.map((m) => m.aggregateKey ?? null),
    unique.map((m) => m.runAt ?? now),
    unique.map((m) => m.inbox?.source ?? null),
    unique.map((m) => m.inbox?.dedupeKey ?? null),
    unique.map((m) => m.parentId ?? null),
    unique.map((_, i) => i),
  ]);
  const inserted = rows.map((r) => (r.id === null ? null : num(r.id)));
  const uniqueResults: EnqueueResult[] = unique.map((_, i) => ({ id: inserted[i] ?? null, duplicate: inserted[i] === null || inserted[i] === undefined }));
  const missing = unique.map((m, i) => ({ m, i })).filter(({ i }) => uniqueResults[i]!.duplicate);
  if (missing.length > 0) {
    const byKey = await query(db, 'kfax_enqueue_keys', 'SELECT message_id, idempotency_key FROM kfax_keys WHERE idempotency_key = ANY($1::text[])', [missing.map(({ m }) => m.idempotencyKey)]);
    const idByKey = new Map(byKey.map((r) => [String(r.idempotency_key), num(r.message_id)]));
    const events = missing.filter(({ m }) => m.inbox);
    const byEvent = events.length === 0
      ? []
      : await query(
          db,
          'kfax_enqueue_events',
          `SELECT i.source, i.dedupe_key, k.message_id AS id FROM kfax_inbox i JOIN kfax_keys k ON k.idempotency_key = i.idempotency_key
           WHERE (i.source, i.dedupe_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
          [events.map(({ m }) => m.inbox!.source), events.map(({ m }) => m.inbox!.dedupeKey)],
        );
    const idByEvent = new Map(byEvent.map((r) => [`${String(r.source)}\u0000${String(r.dedupe_key)}`, num(r.id)]));
    for (const { m, i } of missing) {
      const viaEvent = m.inbox ? idByEvent.get(`${m.inbox.source}\u0000${m.inbox.dedupeKey}`) : undefined;
      uniqueResults[i] = { id: viaEvent ?? idByKey.get(m.idempotencyKey) ?? null, duplicate: true };
    }
  }
  return slot.map((s) => (s >= 0 ? uniqueResults[s]! : { id: resultOf(-1 - s), duplicate: true }));

  function resultOf(index: number): number | null {
    const s = slot[index]!;
    return uniqueResults[s]?.id ?? null;
  }
}
