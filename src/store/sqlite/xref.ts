import { xrefKey } from '../keys.js';
import { toXref } from '../rows.js';
import type { XrefRecord, XrefWrite } from '../types.js';
import { insertAudit } from './audit.js';
import { cached, type SqliteDatabase } from './connection.js';
import { releaseParkedOn } from './park.js';

function build(db: SqliteDatabase) {
  return {
    get: db.prepare('SELECT key, system, entity, source_id, target_id, message_id, created_at, updated_at FROM kfax_xref WHERE key = ?'),
    // Only what a write compares: the target (as a value, not a row object).
    target: db.prepare('SELECT target_id FROM kfax_xref WHERE key = ?').pluck(),
    byTarget: db.prepare('SELECT key, system, entity, source_id, target_id, message_id, created_at, updated_at FROM kfax_xref WHERE system = ? AND entity = ? AND target_id = ? ORDER BY key'),
    upsert: db.prepare(
      `INSERT INTO kfax_xref (key, system, entity, source_id, target_id, message_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET target_id = excluded.target_id, message_id = excluded.message_id, updated_at = excluded.updated_at`,
    ),
  };
}

/**
 * Records xrefs and releases messages parked on them, inside the caller's transaction. A changed
 * target (the source record now maps elsewhere) is written to the audit log.
 */
export function recordXrefsInTx(db: SqliteDatabase, xrefs: readonly XrefWrite[], now: number, messageId: number | null): { id: number; endpoint: string }[] {
  if (xrefs.length === 0) return [];
  return releaseParkedOn(db, writeXrefs(db, xrefs, now, messageId), now);
}

/**
 * Writes xrefs (auditing a changed target) without releasing what is parked on them, inside the
 * caller's transaction; returns their keys for {@link releaseParkedOn}, which a batch calls once.
 */
export function writeXrefs(db: SqliteDatabase, xrefs: readonly XrefWrite[], now: number, messageId: number | null): string[] {
  const s = cached(db, build);
  const keys: string[] = [];
  for (const x of xrefs) {
    const key = xrefKey(x.system, x.entity, x.sourceId);
    const before = s.target.get(key) as string | undefined;
    if (before !== undefined && String(before) !== x.targetId) {
      insertAudit(db, [{ actor: 'engine', action: 'xref.changed', messageId, details: { key, from: String(before), to: x.targetId } }], now);
    }
    s.upsert.run(key, x.system, x.entity, x.sourceId, x.targetId, messageId, now, now);
    keys.push(key);
  }
  return keys;
}

/** One xref by its source record. */
export function getXref(db: SqliteDatabase, system: string, entity: string, sourceId: string): XrefRecord | null {
  const row = cached(db, build).get.get(xrefKey(system, entity, sourceId)) as Record<string, unknown> | undefined;
  return row ? toXref(row) : null;
}

/** The target id of one xref, or null (one column, no row object). */
export function getXrefTarget(db: SqliteDatabase, system: string, entity: string, sourceId: string): string | null {
  const target = cached(db, build).target.get(xrefKey(system, entity, sourceId)) as string | undefined;
  return target === undefined ? null : String(target);
}

/** Xrefs pointing at a target record (normally one). */
export function findXrefByTarget(db: SqliteDatabase, system: string, entity: string, targetId: string): XrefRecord[] {
  return (cached(db, build).byTarget.all(system, entity, targetId) as Record<string, unknown>[]).map(toXref);
}
