import { toAudit } from '../rows.js';
import type { AuditEntry, AuditWrite } from '../types.js';
import { query, type Queryable } from './connection.js';

/** Appends audit entries (inside the caller's transaction). */
export async function insertAudit(db: Queryable, entries: readonly AuditWrite[], now: number): Promise<void> {
  if (entries.length === 0) return;
  await query(
    db,
    'kfax_audit_insert',
    `INSERT INTO kfax_audit (at, actor, action, message_id, details)
     SELECT $1::bigint, a, c, m, d FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[]) WITH ORDINALITY AS e(a, c, m, d, n) ORDER BY n`,
    [now, entries.map((e) => e.actor), entries.map((e) => e.action), entries.map((e) => e.messageId ?? null), entries.map((e) => JSON.stringify(e.details ?? {}))],
  );
}

/** Newest first, optionally for one message. */
export async function listAudit(db: Queryable, filter: { messageId?: number; limit: number }): Promise<AuditEntry[]> {
  const rows =
    filter.messageId === undefined
      ? await query(db, 'kfax_audit_recent', 'SELECT id, at, actor, action, message_id, details FROM kfax_audit ORDER BY id DESC LIMIT $1', [filter.limit])
      : await query(db, 'kfax_audit_message', 'SELECT id, at, actor, action, message_id, details FROM kfax_audit WHERE message_id = $1 ORDER BY id DESC LIMIT $2', [filter.messageId, filter.limit]);
  return rows.map(toAudit);
}
