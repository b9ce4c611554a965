import { xrefKey } from '../keys.js';
import { toXref } from '../rows.js';
import type { XrefRecord, XrefWrite } from '../types.js';
import { insertAudit } from './audit.js';
import { query, type Queryable } from './connection.js';
import { releaseParkedOn } from './park.js';

const COLUMNS = 'key, system, entity, source_id, target_id, message_id, created_at, updated_at';

/**
 * Records xrefs and releases messages parked on them, inside the caller's transaction. A changed
 * target (the source record now maps elsewhere) is written to the audit log.
 */
export async function recordXrefsInTx(db: Queryable, xrefs: readonly XrefWrite[], now: number, messageIds: number | null | readonly (number | null)[]): Promise<{ id: number; endpoint: string }[]> {
  if (xrefs.length === 0) return [];
  // The last write of a key wins (ON CONFLICT cannot touch a row twice in one statement).
  const byKey = new Map<string, { x: XrefWrite; messageId: number | null }>();
  xrefs.forEach((x, i) => byKey.set(xrefKey(x.system, x.entity, x.sourceId), { x, messageId: Array.isArray(messageIds) ? (messageIds[i] ?? null) : (messageIds as number | null) }));
  const keys = [...byKey.keys()].sort();
  const before = await query(db, 'kfax_xref_before', 'SELECT key, target_id FROM kfax_xref WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE', [keys]);
  const changed = before
    .map((r) => ({ key: String(r.key), from: String(r.target_id), entry: byKey.get(String(r.key))! }))
    .filter((c) => c.from !== c.entry.x.targetId);
  await insertAudit(db, changed.map((c) => ({ actor: 'engine', action: 'xref.changed', messageId: c.entry.messageId, details: { key: c.key, from: c.from, to: c.entry.x.targetId } })), now);
  const list = keys.map((k) => byKey.get(k)!);
  await query(
    db,
    'kfax_xref_upsert',
    `INSERT INTO kfax_xref (key, system, entity, source_id, target_id, message_id, created_at, updated_at)
     SELECT k, s, e, src, t, m, $7::bigint, $7::bigint FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS x(k, s, e, src, t, m)
     ON CONFLICT (key) DO UPDATE SET target_id = excluded.target_id, message_id = excluded.message_id, updated_at = excluded.updated_at`,
    [keys, list.map((l) => l.x.system), list.map((l) => l.x.entity), list.map((l) => l.x.sourceId), list.map((l) => l.x.targetId), list.map((l) => l.messageId), now],
  );
  return releaseParkedOn(db, keys, now);
}

/** One xref by its source record. */
export async function getXref(db: Queryable, system: string, entity: string, sourceId: string): Promise<XrefRecord | null> {
  const rows = await query(db, 'kfax_xref_get', `SELECT ${COLUMNS} FROM kfax_xref WHERE key = $1`, [xrefKey(system, entity, sourceId)]);
  return rows[0] ? toXref(rows[0]) : null;
}

/** Xrefs pointing at a target record (normally one). */
export async function findXrefByTarget(db: Queryable, system: string, entity: string, targetId: string): Promise<XrefRecord[]> {
  const rows = await query(db, 'kfax_xref_by_target', `SELECT ${COLUMNS} FROM kfax_xref WHERE system = $1 AND entity = $2 AND target_id = $3 ORDER BY key`, [system, entity, targetId]);
  return rows.map(toXref);
}
