/**
 * Failure kinds drive what the engine does with a failed step.
 *
 * - `transient`  — retry with exponential backoff and full jitter.
 * - `throttled`  — the remote asked us to slow down; retry after its `Retry-After`.
 * - `in_doubt`   — the request may or may not have been applied (timeout, dropped
 *                  connection after send); re-send with the same idempotency key, then
 *                  resolve by looking the document up by natural key.
 * - `permanent`  — will never succeed as is; dead letter with the reason.
 * - `dependency` — something it needs does not exist yet (e.g. the customer); park it.
 * - `held`       — the target refuses for a business reason that will pass (closed or
 *                  on-hold ledger period); keep it with the reason until released.
 */
export const FAILURE_KINDS = ['transient', 'throttled', 'in_doubt', 'permanent', 'dependency', 'held'] as const;

/** One of {@link FAILURE_KINDS}. */
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** True when a failure of this kind is worth trying again automatically. */
export function isRetryableKind(kind: FailureKind): boolean {
  return kind === 'transient' || kind === 'throttled' || kind === 'in_doubt';
}
