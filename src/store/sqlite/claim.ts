import { num } from '../rows.js';
import type { ClaimRequest, ClaimedMessage, MessageState } from '../types.js';
import type { SqliteDatabase } from './connection.js';
import type Database from 'better-sqlite3';

// One statement leases the oldest claimable messages of the endpoint; a message waits while an
// earlier message of its aggregate is unfinished. The history entry is built from the old row
// (SET expressions see the values before the update); RETURNING sees the new row, so the state
// the message came from is read back from that entry: the 10 characters before its known tail
// (`","to":"in_flight","attempt":<n>,"by":<worker>}]`) name the state, without parsing the whole
// history as JSON. Should they not match (they always do), json_extract reads the entry.

// The entry's text after the previous state: these pieces, the attempt number and the worker.
const AFTER_STATE = '","to":"in_flight","attempt":';
const BEFORE_WORKER = ',"by":';
const END = '}]';

function claimSql(typeCount: number): string {
  const types = Array.from({ length: typeCount }, (_, i) => `@t${i}`).join(', ');
  return `UPDATE kfax_messages
    SET state = 'in_flight', attempts = attempts + 1, budget_used = budget_used + 1, lease_owner = @worker, lease_expires_at = @until,
        run_at = NULL, updated_at = max(@now, updated_at),
        history = substr(history, 1, length(history) - 1) || ',{"at":' || max(@now, updated_at) || ',"from":"' || state || '${AFTER_STATE}' || (attempts + 1) || '${BEFORE_WORKER}' || @workerJson || '${END}'
    WHERE id IN (
      SELECT id FROM kfax_messages m
      WHERE state IN ('pending','retry_wait','in_doubt') AND endpoint = @endpoint AND run_at <= @now AND type IN (${types})
        AND (aggregate_key IS NULL OR NOT EXISTS (
          SELECT 1 FROM kfax_messages p
          WHERE p.aggregate_key = m.aggregate_key AND p.id < m.id AND p.state NOT IN ('delivered','dead')))
      ORDER BY run_at, id
      LIMIT @limit)
    RETURNING id, type, payload, attempts, budget_used, idempotency_key, aggregate_key, resend, created_at,
      CASE substr(history, -(${AFTER_STATE.length + BEFORE_WORKER.length + END.length} + length(attempts) + length(@workerJson) + 10), 10)
        WHEN '":"pending' THEN 'pending' WHEN 'retry_wait' THEN 'retry_wait' WHEN ':"in_doubt' THEN 'in_doubt'
        ELSE json_extract(history, '$[#-1].from') END AS previous_state`;
}

/** One RETURNING row of the claim: id, type, payload, attempts, budget_used, idempotency_key, aggregate_key, resend, created_at, previous_state. */
type ClaimRow = [unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown];

const statements = new WeakMap<SqliteDatabase, Map<number, Database.Statement>>();

function statement(db: SqliteDatabase, typeCount: number): Database.Statement {
  let byCount = statements.get(db);
  if (!byCount) statements.set(db, (byCount = new Map()));
  let s = byCount.get(typeCount);
  if (!s) byCount.set(typeCount, (s = db.prepare(claimSql(typeCount)).raw(true)));
  return s;
}

/** Batch claim inside the caller's IMMEDIATE transaction (the write lock makes it atomic across processes). */
export function claimMessages(db: SqliteDatabase, r: ClaimRequest): ClaimedMessage[] {
  if (r.types.length === 0 || r.limit <= 0) return [];
  const params: Record<string, unknown> = { worker: r.workerId, workerJson: JSON.stringify(r.workerId), until: r.now + r.leaseMs, now: r.now, endpoint: r.endpoint, limit: r.limit };
  r.types.forEach((t, i) => (params[`t${i}`] = t));
  // Rows as arrays (no object per row with a property per column), in RETURNING's column order;
  // the endpoint is the one claimed from.
  const rows = statement(db, r.types.length).all(params) as ClaimRow[];
  const claimed = rows.map(([id, type, payload, attempts, budgetUsed, idempotencyKey, aggregateKey, resend, createdAt, previousState]) => ({
    id: num(id),
    type: String(type),
    endpoint: r.endpoint,
    payload: String(payload),
    attempt: num(attempts),
    budgetUsed: num(budgetUsed),
    idempotencyKey: String(idempotencyKey),
    aggregateKey: aggregateKey === null ? null : String(aggregateKey),
    resend: resend === 1,
    previousState: String(previousState) as MessageState,
    createdAt: num(createdAt),
  }));
  return claimed.sort((a, b) => a.id - b.id);
}
