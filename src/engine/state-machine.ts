/**
 * # Message state machine
 *
 * Every message is in exactly one state. Transitions happen only in the store, each in one
 * transaction, and each appends an entry (time, from, to, attempt, who, error) to the
 * message's history.
 *
 * ```
 *            ┌───────────── retry (operator) / edit ────────────────┐
 *            ▼                                                      │
 *  (new) → pending ──claim──▶ in_flight ──ok──▶ delivered           │
 *            ▲   ▲               │ │ │ │ └─permanent / budget spent─▶ dead ──discard──▶ dead (discarded)
 *            │   │   returned    │ │ │ └──transient / throttled──▶ retry_wait ──runAt──▶ (claim)
 *            │   └──(unstarted)──┘ │ └────held──▶ held ──release / edit──▶ pending
 *            │                     ├──dependency──▶ parked ──xref recorded / retry──▶ pending
 *            │                     └──in doubt / lease expired──▶ in_doubt ──runAt──▶ (claim, resend)
 *            │                                                     └──resolve──▶ delivered
 * ```
 *
 * - **pending**: waiting to be claimed (`runAt` ≤ now).
 * - **in_flight**: leased to one worker until `leaseExpiresAt`; the worker renews the lease
 *   while the handler runs. Completion is accepted only from the lease holder for the claimed
 *   attempt, so a worker that lost its lease cannot overwrite a newer attempt.
 * - **retry_wait**: a transient or throttled failure; claimable again at `runAt` (exponential
 *   backoff with full jitter, or the remote's `Retry-After`). A throttled attempt does not use up
 *   the retry budget. When the budget is spent the message goes **dead**.
 * - **in_doubt**: the request may have been applied (timeout, dropped connection, a worker that
 *   died mid-flight). It is re-sent with the same idempotency key and `resend` set, so the
 *   handler resolves it by looking the document up first. After `inDoubtMaxAttempts` re-sends it
 *   waits (`runAt` null) for an operator, who resolves it as delivered or re-sends it.
 * - **parked**: waiting for a cross-reference (e.g. the customer of an invoice). Released in the
 *   same transaction that records that xref; a periodic re-check covers a concurrent race.
 * - **held**: the target refuses for a business reason that will pass (closed AX period). Kept
 *   with its reason and hold key until released by key or by an operator.
 * - **dead**: permanent failure, in the dead-letter queue with the reason, payloads and the
 *   whole history. Retry, edit-then-retry (same idempotency key) or discard (kept on record).
 * - **delivered**: done; the xrefs and follow-up messages it produced were committed with it.
 *
 * Ordering: messages sharing an aggregate key are claimed one at a time in id order; a later
 * one waits while an earlier one is in any state but `delivered` or `dead`.
 */
import type { MessageState } from '../store/types.js';

/** Allowed transitions; `null` is creation. */
export const TRANSITIONS: Readonly<Record<MessageState | 'new', readonly MessageState[]>> = {
  new: ['pending'],
  pending: ['in_flight'],
  in_flight: ['delivered', 'retry_wait', 'in_doubt', 'parked', 'held', 'dead', 'pending'],
  retry_wait: ['in_flight'],
  in_doubt: ['in_flight', 'in_doubt', 'delivered'],
  parked: ['pending'],
  held: ['pending'],
  dead: ['pending', 'dead'],
  delivered: [],
};

/** True when the state machine allows `from → to` (`from` null: creation). */
export function canTransition(from: MessageState | null, to: MessageState): boolean {
  return TRANSITIONS[from ?? 'new'].includes(to);
}
