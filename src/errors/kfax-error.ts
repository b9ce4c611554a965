import { ERROR_CATALOG, type ErrorCode } from './catalog.js';
import type { FailureKind } from './kinds.js';

/** Options that refine a catalog error for one occurrence. */
export interface KfaxErrorOptions {
  /** The underlying error. */
  cause?: unknown;
  /** Overrides the catalog kind (e.g. a transient error that must not be retried here). */
  kind?: FailureKind;
  /** Milliseconds to wait before retrying, when the remote said so (`Retry-After`). */
  retryAfterMs?: number;
  /** Structured details safe to log and to show to operators (never secrets). */
  details?: Record<string, unknown>;
}

/**
 * The one error type kfax throws on purpose. It carries a stable {@link ErrorCode}, a
 * failure kind that drives retry and dead letters, and details for operators.
 */
export class KfaxError extends Error {
  readonly code: ErrorCode;
  readonly kind: FailureKind;
  readonly status: number;
  readonly retryAfterMs: number | undefined;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, args: readonly (string | number)[] = [], options: KfaxErrorOptions = {}) {
    const def = ERROR_CATALOG[code];
    super(formatMessage(def.message, args), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KfaxError';
    this.code = code;
    this.kind = options.kind ?? def.kind;
    this.status = def.status;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details ?? {};
  }

  /** A plain object for logs, JSON output and the dead-letter record. */
  toJSON(): Record<string, unknown> {
    return { code: this.code, kind: this.kind, message: this.message, ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }), details: this.details };
  }
}

/** True for a {@link KfaxError}, across module copies. */
export function isKfaxError(value: unknown): value is KfaxError {
  return value instanceof Error && (value as { name?: unknown }).name === 'KfaxError' && typeof (value as { code?: unknown }).code === 'string';
}

function formatMessage(template: string, args: readonly (string | number)[]): string {
  let i = 0;
  return template.replace(/%s/g, () => (i < args.length ? String(args[i++]) : '?'));
}
