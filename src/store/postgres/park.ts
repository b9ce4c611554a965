import { num } from '../rows.js';
import { query, type Queryable } from './connection.js';

const RELEASE = `
UPDATE kfax_messages
SET state = 'pending', run_at = $2::bigint, parked_on = NULL, updated_at = $2::bigint,
    history = left(history, -1) || ',' || json_build_object('at', $2::bigint, 'from', 'parked', 'to', 'pending', 'attempt', attempts, 'note', 'dependency ' || parked_on || ' recorded')::text || ']'
WHERE state = 'parked' AND parked_on = ANY($1::text[])
RETURNING id, endpoint`;

/** Releases every message parked on one of `keys` (inside the caller's transaction). */
export async function releaseParkedOn(db: Queryable, keys: Iterable<string>, now: number): Promise<{ id: number; endpoint: string }[]> {
  const list = [...new Set(keys)].sort();
  if (list.length === 0) return [];
  const rows = await query(db, 'kfax_release_parked', RELEASE, [list, now]);
  return rows.map((r) => ({ id: num(r.id), endpoint: String(r.endpoint) }));
}

/** Which of `keys` already exist as xrefs. */
export async function existingDependencies(db: Queryable, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await query(db, 'kfax_xref_exists', 'SELECT key FROM kfax_xref WHERE key = ANY($1::text[])', [keys]);
  return new Set(rows.map((r) => String(r.key)));
}

/**
 * Safety net for the race between parking and recording an xref in two concurrent READ
 * COMMITTED transactions: releases parked messages whose xref exists.
 */
export async function recheckParked(db: Queryable, now: number, limit: number): Promise<{ id: number; endpoint: string }[]> {
  const rows = await query(
    db,
    'kfax_recheck_parked',
    `SELECT DISTINCT m.parked_on AS key FROM kfax_messages m JOIN kfax_xref x ON x.key = m.parked_on WHERE m.state = 'parked' LIMIT $1`,
    [limit],
  );
  return releaseParkedOn(db, rows.map((r) => String(r.key)), now);
}

/** Endpoints of claimable messages in these aggregates (their predecessor just finished). */
export async function successorEndpoints(db: Queryable, aggregateKeys: Iterable<string>): Promise<string[]> {
  const keys = [...aggregateKeys];
  if (keys.length === 0) return [];
  const rows = await query(
    db,
    'kfax_successors',
    // The redundant terms match the partial index kfax_messages_aggregate's predicate.
    `SELECT DISTINCT endpoint FROM kfax_messages WHERE aggregate_key = ANY($1::text[]) AND aggregate_key IS NOT NULL AND state NOT IN ('delivered','dead') AND state IN ('pending','retry_wait','in_doubt')`,
    [keys],
  );
  return rows.map((r) => String(r.endpoint));
}
