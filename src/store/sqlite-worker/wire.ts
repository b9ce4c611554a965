/**
 * What crosses the thread boundary between {@link WorkerStore} and its SQLite thread: calls by
 * method name with structured-clone arguments, and results or errors. Errors are rebuilt on the
 * caller's side with their code, kind and details, so retry and dead-letter decisions see the
 * same error the SQLite store threw.
 */
import { ERROR_CATALOG, type ErrorCode } from '../../errors/catalog.js';
import { KfaxError, isKfaxError } from '../../errors/kfax-error.js';
import type { FailureKind } from '../../errors/kinds.js';

/** A call from the owning thread. `method` is a Store method or a lease operation. */
export interface WorkerCall {
  readonly id: number;
  readonly method: string;
  readonly args: readonly unknown[];
}

/** An error as it crosses the boundary. */
export interface WireError {
  readonly message: string;
  readonly name: string;
  readonly code?: string;
  readonly kind?: FailureKind;
  readonly retryAfterMs?: number;
  readonly details?: Record<string, unknown>;
  readonly cause?: WireError;
}

/** The answer to one call. */
export type WorkerAnswer = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: WireError };

/** Flattens an error for `postMessage`. */
export function toWireError(err: unknown): WireError {
  if (isKfaxError(err)) {
    return {
      name: err.name,
      message: err.message,
      code: err.code,
      kind: err.kind,
      ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }),
      details: err.details,
      ...(err.cause === undefined ? {} : { cause: toWireError(err.cause) }),
    };
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(err) };
}

/** Rebuilds an error posted by {@link toWireError}. */
export function fromWireError(wire: WireError): Error {
  const cause = wire.cause ? fromWireError(wire.cause) : undefined;
  if (wire.name === 'KfaxError' && wire.code !== undefined && wire.code in ERROR_CATALOG) {
    const err = new KfaxError(wire.code as ErrorCode, [], {
      ...(cause === undefined ? {} : { cause }),
      ...(wire.kind === undefined ? {} : { kind: wire.kind }),
      ...(wire.retryAfterMs === undefined ? {} : { retryAfterMs: wire.retryAfterMs }),
      ...(wire.details === undefined ? {} : { details: wire.details }),
    });
    err.message = wire.message;
    return err;
  }
  const err = new Error(wire.message);
  err.name = wire.name;
  if (wire.code !== undefined) (err as Error & { code: string }).code = wire.code;
  return err;
}
