import { num } from '../rows.js';
import { cached, type SqliteDatabase } from './connection.js';

function build(db: SqliteDatabase) {
  return {
    releaseOn: db.prepare(
      `UPDATE kfax_messages
       SET state = 'pending', run_at = ?, parked_on = NULL, updated_at = ?,
           history = json_insert(history, '$[#]', json_object('at', ?, 'from', 'parked', 'to', 'pending', 'attempt', attempts, 'note', 'dependency ' || parked_on || ' recorded'))
       WHERE state = 'parked' AND parked_on = ?
       RETURNING id, endpoint`,
    ),
    // Which of the keys (a JSON array) any message is parked on: one look-up for a whole settle,
    // which mostly releases nothing.
    waitedOn: db.prepare(`SELECT DISTINCT parked_on AS key FROM kfax_messages WHERE state = 'parked' AND parked_on IN (SELECT value FROM json_each(?))`),
    exists: db.prepare('SELECT 1 FROM kfax_xref WHERE key = ?'),
    satisfied: db.prepare(
      `SELECT DISTINCT m.parked_on AS key FROM kfax_messages m JOIN kfax_xref x ON x.key = m.parked_on WHERE m.state = 'parked' LIMIT ?`,
    ),
  };
}

/** Releases every message parked on one of `keys` (inside the caller's transaction). */
export function releaseParkedOn(db: SqliteDatabase, keys: Iterable<string>, now: number): { id: number; endpoint: string }[] {
  const s = cached(db, build);
  const unique = [...new Set(keys)];
  if (unique.length === 0) return [];
  const waitedOn = new Set((s.waitedOn.all(JSON.stringify(unique)) as { key: string }[]).map((r) => r.key));
  const released: { id: number; endpoint: string }[] = [];
  for (const key of unique) {
    if (!waitedOn.has(key)) continue;
    for (const row of s.releaseOn.all(now, now, now, key) as Record<string, unknown>[]) released.push({ id: num(row.id), endpoint: String(row.endpoint) });
  }
  return released;
}

/** True when the xref a message would park on already exists. */
export function dependencyExists(db: SqliteDatabase, key: string): boolean {
  return cached(db, build).exists.get(key) !== undefined;
}

/** Safety net: releases parked messages whose xref exists (e.g. recorded by a racing transaction). */
export function recheckParked(db: SqliteDatabase, now: number, limit: number): { id: number; endpoint: string }[] {
  const keys = (cached(db, build).satisfied.all(limit) as { key: string }[]).map((r) => r.key);
  return releaseParkedOn(db, keys, now);
}

/** Endpoints of claimable messages in these aggregates (their predecessor just finished). */
export function successorEndpoints(db: SqliteDatabase, aggregateKeys: Iterable<string>): string[] {
  const keys = [...aggregateKeys];
  if (keys.length === 0) return [];
  const rows = cached(db, buildSuccessors).successors.all(JSON.stringify(keys)) as { endpoint: string }[];
  return rows.map((r) => r.endpoint);
}

function buildSuccessors(db: SqliteDatabase) {
  return {
    // The redundant "IS NOT NULL AND NOT IN ('delivered','dead')" terms let SQLite use the
    // partial index kfax_messages_aggregate; without them it scans every claimable message.
    successors: db.prepare(
      `SELECT DISTINCT endpoint FROM kfax_messages
       WHERE aggregate_key IN (SELECT value FROM json_each(?)) AND aggregate_key IS NOT NULL AND state NOT IN ('delivered','dead')
         AND state IN ('pending','retry_wait','in_doubt')`,
    ),
  };
}
