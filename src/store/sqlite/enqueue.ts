import { entryJson } from '../rows.js';
import type { EnqueueResult, NewMessage } from '../types.js';
import { cached, type SqliteDatabase } from './connection.js';

function build(db: SqliteDatabase) {
  return {
    inbox: db.prepare('INSERT INTO kfax_inbox (source, dedupe_key, idempotency_key, received_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    inboxOriginal: db.prepare('SELECT k.message_id AS id FROM kfax_inbox i JOIN kfax_keys k ON k.idempotency_key = i.idempotency_key WHERE i.source = ? AND i.dedupe_key = ?'),
    byKey: db.prepare('SELECT message_id AS id FROM kfax_keys WHERE idempotency_key = ?'),
    insert: db.prepare(
      `INSERT INTO kfax_messages (type, endpoint, state, payload, idempotency_key, aggregate_key, run_at, history, source, dedupe_key, parent_id, created_at, updated_at)
       VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    key: db.prepare('INSERT INTO kfax_keys (idempotency_key, message_id) VALUES (?, ?)'),
  };
}

/**
 * Inserts messages inside the caller's transaction. An inbox event already seen, or a message
 * whose idempotency key exists, is a duplicate: nothing is written and the original id is returned.
 */
export function insertMessages(db: SqliteDatabase, messages: readonly NewMessage[], now: number): EnqueueResult[] {
  const s = cached(db, build);
  const results: EnqueueResult[] = [];
  for (const m of messages) {
    if (m.inbox && s.inbox.run(m.inbox.source, m.inbox.dedupeKey, m.idempotencyKey, now).changes === 0) {
      const original = s.inboxOriginal.get(m.inbox.source, m.inbox.dedupeKey) as { id: number } | undefined;
      results.push({ id: original?.id ?? null, duplicate: true });
      continue;
    }
    const existing = s.byKey.get(m.idempotencyKey) as { id: number } | undefined;
    if (existing) {
      results.push({ id: existing.id, duplicate: true });
      continue;
    }
    const history = `[${entryJson({ at: now, from: null, to: 'pending', attempt: 0, ...(m.parentId === undefined ? {} : { note: `follow-up of message ${m.parentId}` }) })}]`;
    const { lastInsertRowid } = s.insert.run(
      m.type,
      m.endpoint,
      m.payload,
      m.idempotencyKey,
      m.aggregateKey ?? null,
      m.runAt ?? now,
      history,
      m.inbox?.source ?? null,
      m.inbox?.dedupeKey ?? null,
      m.parentId ?? null,
      now,
      now,
    );
    const id = Number(lastInsertRowid);
    s.key.run(m.idempotencyKey, id);
    results.push({ id, duplicate: false });
  }
  return results;
}
