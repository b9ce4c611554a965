import { toAudit } from '../rows.js';
import type { AuditEntry, AuditWrite } from '../types.js';
import { cached, type SqliteDatabase } from './connection.js';

function build(db: SqliteDatabase) {
  return {
    insert: db.prepare('INSERT INTO kfax_audit (at, actor, action, message_id, details) VALUES (?, ?, ?, ?, ?)'),
    byMessage: db.prepare('SELECT id, at, actor, action, message_id, details FROM kfax_audit WHERE message_id = ? ORDER BY id DESC LIMIT ?'),
    recent: db.prepare('SELECT id, at, actor, action, message_id, details FROM kfax_audit ORDER BY id DESC LIMIT ?'),
  };
}

/** Appends audit entries (inside the caller's transaction). */
export function insertAudit(db: SqliteDatabase, entries: readonly AuditWrite[], now: number): void {
  const s = cached(db, build);
  for (const e of entries) s.insert.run(now, e.actor, e.action, e.messageId ?? null, JSON.stringify(e.details ?? {}));
}

/** Newest first, optionally for one message. */
export function listAudit(db: SqliteDatabase, filter: { messageId?: number; limit: number }): AuditEntry[] {
  const s = cached(db, build);
  const rows = (filter.messageId === undefined ? s.recent.all(filter.limit) : s.byMessage.all(filter.messageId, filter.limit)) as Record<string, unknown>[];
  return rows.map(toAudit);
}
