import { RECORD_COLUMNS, SUMMARY_COLUMNS, num, toRecord, toSummary } from '../rows.js';
import { MESSAGE_STATES, type BulkActionResult, type MessageFilter, type MessageRecord, type MessageState, type MessageSummary, type StoreStats } from '../types.js';
import { query, type Queryable } from './connection.js';

/** One message with payload and history. */
export async function getMessage(db: Queryable, id: number): Promise<MessageRecord | null> {
  const rows = await query(db, 'kfax_message_get', `SELECT ${RECORD_COLUMNS} FROM kfax_messages WHERE id = $1`, [id]);
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Splits `ids` into those changed and the others with their current state. */
export async function bulkResult(db: Queryable, ids: readonly number[], changedRows: readonly Record<string, unknown>[]): Promise<BulkActionResult> {
  const changed = changedRows.map((r) => num(r.id));
  const done = new Set(changed);
  const rest = ids.filter((id) => !done.has(id));
  if (rest.length === 0) return { changed, skipped: [] };
  const rows = await query(db, 'kfax_message_states', 'SELECT id, state FROM kfax_messages WHERE id = ANY($1::bigint[])', [rest]);
  const state = new Map(rows.map((r) => [num(r.id), String(r.state) as MessageState]));
  return { changed, skipped: rest.map((id) => ({ id, state: state.get(id) ?? null })) };
}

/** Messages matching a filter, by id. */
export async function listMessages(db: Queryable, f: MessageFilter): Promise<MessageSummary[]> {
  const params: unknown[] = [f.states];
  const where: string[] = ['state = ANY($1::text[])'];
  const add = (sql: string, value: unknown): void => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.type !== undefined) add('type = ?', f.type);
  if (f.endpoint !== undefined) add('endpoint = ?', f.endpoint);
  if (f.holdKey !== undefined) add('hold_key = ?', f.holdKey);
  if (!f.includeDiscarded) where.push('discarded_at IS NULL');
  if (f.afterId !== undefined) add('id > ?', f.afterId);
  params.push(f.limit);
  const rows = await query(db, undefined, `SELECT ${SUMMARY_COLUMNS} FROM kfax_messages WHERE ${where.join(' AND ')} ORDER BY id LIMIT $${params.length}`, params);
  return rows.map(toSummary);
}

/** Counts per state, oldest ready work, open dead letters. */
export async function stats(db: Queryable, now: number): Promise<StoreStats> {
  const counts = Object.fromEntries(MESSAGE_STATES.map((st) => [st, 0])) as Record<MessageState, number>;
  for (const row of await query(db, 'kfax_stats_counts', 'SELECT state, count(*) AS n FROM kfax_messages GROUP BY state')) counts[String(row.state) as MessageState] = num(row.n);
  const oldest = await query(db, 'kfax_stats_oldest', `SELECT min(run_at) AS t FROM kfax_messages WHERE state IN ('pending','retry_wait','in_doubt') AND run_at <= $1::bigint`, [now]);
  const dead = await query(db, 'kfax_stats_dead', `SELECT count(*) AS n FROM kfax_messages WHERE state = 'dead' AND discarded_at IS NULL`);
  const t = oldest[0]?.t;
  return { counts, oldestReadyAgeMs: t === null || t === undefined ? null : Math.max(0, now - num(t)), deadOpen: num(dead[0]?.n ?? 0) };
}

/** Deletes old delivered messages (with their keys), discarded dead letters and inbox entries; returns rows deleted. */
export async function prune(db: Queryable, before: number, limit: number): Promise<number> {
  const a = await query(
    db,
    'kfax_prune_delivered',
    `WITH gone AS (DELETE FROM kfax_messages WHERE id IN (SELECT id FROM kfax_messages WHERE state = 'delivered' AND delivered_at < $1::bigint ORDER BY id LIMIT $2) RETURNING idempotency_key)
     DELETE FROM kfax_keys WHERE idempotency_key IN (SELECT idempotency_key FROM gone) RETURNING 1`,
    [before, limit],
  );
  const b = await query(
    db,
    'kfax_prune_discarded',
    `WITH gone AS (DELETE FROM kfax_messages WHERE id IN (SELECT id FROM kfax_messages WHERE state = 'dead' AND discarded_at < $1::bigint LIMIT $2) RETURNING idempotency_key)
     DELETE FROM kfax_keys WHERE idempotency_key IN (SELECT idempotency_key FROM gone) RETURNING 1`,
    [before, limit],
  );
  const c = await query(
    db,
    'kfax_prune_inbox',
    `DELETE FROM kfax_inbox WHERE ctid IN (SELECT ctid FROM kfax_inbox WHERE received_at < $1::bigint LIMIT $2) RETURNING 1`,
    [before, limit],
  );
  return a.length + b.length + c.length;
}
