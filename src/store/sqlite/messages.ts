import { MESSAGE_STATES, type MessageFilter, type MessageRecord, type MessageState, type MessageSummary, type StoreStats } from '../types.js';
import { RECORD_COLUMNS, SUMMARY_COLUMNS, num, toRecord, toSummary } from '../rows.js';
import { cached, type SqliteDatabase } from './connection.js';

function build(db: SqliteDatabase) {
  return {
    get: db.prepare(`SELECT ${RECORD_COLUMNS} FROM kfax_messages WHERE id = ?`),
    state: db.prepare('SELECT state FROM kfax_messages WHERE id = ?'),
    counts: db.prepare('SELECT state, count(*) AS n FROM kfax_messages GROUP BY state'),
    oldestReady: db.prepare(`SELECT min(run_at) AS t FROM kfax_messages WHERE state IN ('pending','retry_wait','in_doubt') AND run_at <= ?`),
    deadOpen: db.prepare(`SELECT count(*) AS n FROM kfax_messages WHERE state = 'dead' AND discarded_at IS NULL`),
    pruneDelivered: db.prepare(`DELETE FROM kfax_messages WHERE id IN (SELECT id FROM kfax_messages WHERE state = 'delivered' AND delivered_at < ? ORDER BY id LIMIT ?) RETURNING idempotency_key`),
    pruneDiscarded: db.prepare(`DELETE FROM kfax_messages WHERE id IN (SELECT id FROM kfax_messages WHERE state = 'dead' AND discarded_at < ? LIMIT ?) RETURNING idempotency_key`),
    pruneKey: db.prepare('DELETE FROM kfax_keys WHERE idempotency_key = ?'),
    pruneInbox: db.prepare(`DELETE FROM kfax_inbox WHERE rowid IN (SELECT rowid FROM kfax_inbox WHERE received_at < ? LIMIT ?)`),
  };
}

/** One message with payload and history. */
export function getMessage(db: SqliteDatabase, id: number): MessageRecord | null {
  const row = cached(db, build).get.get(id) as Record<string, unknown> | undefined;
  return row ? toRecord(row) : null;
}

/** The state of a message, or null when it does not exist. */
export function currentState(db: SqliteDatabase, id: number): MessageState | null {
  const row = cached(db, build).state.get(id) as { state: MessageState } | undefined;
  return row?.state ?? null;
}

/** Messages matching a filter, by id. */
export function listMessages(db: SqliteDatabase, f: MessageFilter): MessageSummary[] {
  const where: string[] = [`state IN (${f.states.map(() => '?').join(', ')})`];
  const params: unknown[] = [...f.states];
  const add = (sql: string, value: unknown): void => {
    where.push(sql);
    params.push(value);
  };
  if (f.type !== undefined) add('type = ?', f.type);
  if (f.endpoint !== undefined) add('endpoint = ?', f.endpoint);
  if (f.holdKey !== undefined) add('hold_key = ?', f.holdKey);
  if (!f.includeDiscarded) where.push('discarded_at IS NULL');
  if (f.afterId !== undefined) add('id > ?', f.afterId);
  params.push(f.limit);
  const rows = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM kfax_messages WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`).all(...params) as Record<string, unknown>[];
  return rows.map(toSummary);
}

/** Counts per state, oldest ready work, open dead letters. */
export function stats(db: SqliteDatabase, now: number): StoreStats {
  const s = cached(db, build);
  const counts = Object.fromEntries(MESSAGE_STATES.map((st) => [st, 0])) as Record<MessageState, number>;
  for (const row of s.counts.all() as { state: MessageState; n: number }[]) counts[row.state] = num(row.n);
  const oldest = (s.oldestReady.get(now) as { t: number | null }).t;
  return { counts, oldestReadyAgeMs: oldest === null ? null : Math.max(0, now - oldest), deadOpen: num((s.deadOpen.get() as { n: number }).n) };
}

/** Deletes old delivered messages (with their keys), discarded dead letters and inbox entries; returns rows deleted. */
export function prune(db: SqliteDatabase, before: number, limit: number): number {
  const s = cached(db, build);
  const gone = [...(s.pruneDelivered.all(before, limit) as { idempotency_key: string }[]), ...(s.pruneDiscarded.all(before, limit) as { idempotency_key: string }[])];
  for (const g of gone) s.pruneKey.run(g.idempotency_key);
  return gone.length + s.pruneInbox.run(before, limit).changes;
}
