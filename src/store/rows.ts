/**
 * Maps raw rows of either backend to records. SQLite returns integers and text; PostgreSQL
 * returns BIGINT as strings, booleans and parsed JSONB. Both land here.
 */
import type { FailureKind } from '../errors/kinds.js';
import type { AuditEntry, ErrorRecord, MessageRecord, MessageState, MessageSummary, TransitionEntry, XrefRecord } from './types.js';

/** Columns selected for a message summary (no payload, output or history). */
export const SUMMARY_COLUMNS =
  'id, type, endpoint, state, idempotency_key, aggregate_key, attempts, budget_used, resend, run_at, lease_owner, lease_expires_at, parked_on, hold_key, last_error, source, dedupe_key, parent_id, created_at, updated_at, delivered_at, discarded_at, discard_reason';

/** Columns selected for a full message record. */
export const RECORD_COLUMNS = `${SUMMARY_COLUMNS}, payload, original_payload, output, history`;

type Row = Record<string, unknown>;

/** A number from an INTEGER/BIGINT column (PostgreSQL gives BIGINT as text). */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/** A nullable number column. */
export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

function str(value: unknown): string {
  return String(value);
}

function strOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Parses a stored JSON error; a corrupt value becomes a readable placeholder, never a throw. */
export function parseErrorRecord(value: unknown): ErrorRecord | null {
  if (value === null || value === undefined) return null;
  try {
    const parsed = (typeof value === 'string' ? JSON.parse(value) : value) as Partial<ErrorRecord>;
    return { code: String(parsed.code), kind: String(parsed.kind) as FailureKind, message: String(parsed.message), ...(parsed.details ? { details: parsed.details } : {}) };
  } catch {
    return { code: 'KFAX_INTERNAL', kind: 'transient', message: 'stored error record is not valid JSON' };
  }
}

/** Parses the history column (JSON text on SQLite, JSONB on PostgreSQL). */
export function parseHistory(value: unknown): TransitionEntry[] {
  try {
    const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
    return Array.isArray(parsed) ? (parsed as TransitionEntry[]) : [];
  } catch {
    return [];
  }
}

/** Row → summary. */
export function toSummary(row: Row): MessageSummary {
  const source = strOrNull(row.source);
  const dedupeKey = strOrNull(row.dedupe_key);
  return {
    id: num(row.id),
    type: str(row.type),
    endpoint: str(row.endpoint),
    state: str(row.state) as MessageState,
    idempotencyKey: str(row.idempotency_key),
    aggregateKey: strOrNull(row.aggregate_key),
    attempts: num(row.attempts),
    budgetUsed: num(row.budget_used),
    resend: row.resend === true || row.resend === 1,
    runAt: numOrNull(row.run_at),
    leaseOwner: strOrNull(row.lease_owner),
    leaseExpiresAt: numOrNull(row.lease_expires_at),
    parkedOn: strOrNull(row.parked_on),
    holdKey: strOrNull(row.hold_key),
    lastError: parseErrorRecord(row.last_error),
    inbox: source !== null && dedupeKey !== null ? { source, dedupeKey } : null,
    parentId: numOrNull(row.parent_id),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
    deliveredAt: numOrNull(row.delivered_at),
    discardedAt: numOrNull(row.discarded_at),
    discardReason: strOrNull(row.discard_reason),
  };
}

/** Row → full record. */
export function toRecord(row: Row): MessageRecord {
  return {
    ...toSummary(row),
    payload: str(row.payload),
    originalPayload: strOrNull(row.original_payload),
    output: strOrNull(row.output),
    history: parseHistory(row.history),
  };
}

/** Row → xref record. */
export function toXref(row: Row): XrefRecord {
  return {
    key: str(row.key),
    system: str(row.system),
    entity: str(row.entity),
    sourceId: str(row.source_id),
    targetId: str(row.target_id),
    messageId: numOrNull(row.message_id),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

/** Row → audit entry. */
export function toAudit(row: Row): AuditEntry {
  let details: Record<string, unknown> = {};
  try {
    details = JSON.parse(str(row.details)) as Record<string, unknown>;
  } catch {
    details = { unreadable: true };
  }
  return { id: num(row.id), at: num(row.at), actor: str(row.actor), action: str(row.action), messageId: numOrNull(row.message_id), details };
}

/** JSON text of one history entry. */
export function entryJson(entry: TransitionEntry): string {
  return JSON.stringify(entry);
}
