import { isKfaxError, KfaxError } from '../../../errors/kfax-error.js';
import { XmlBuildError } from '../../../xml/build.js';

/**
 * What a failed AIF `create` says about whether AX applied it. The writer decides from this,
 * never from the failure kind alone, because the kind answers "retry?" while exactly-once needs
 * "may the documents exist now?".
 *
 * - `rejected`: AX (or IIS/WCF in front of it) answered and applied nothing — an AifFault rolls
 *   the whole create back [G: AIF runs a create in one transaction], a 429/503/401/4xx page or a
 *   failed connect happens before AIF runs. For a batch this
 *   isolates nothing yet: see {@link isSplittable}.
 * - `applied`: "Duplicate message": this MessageId was processed before.
 * - `unknown`: a timeout, a lost connection, an unreadable answer or any unexpected error: the
 *   documents may or may not exist. Only the same envelope (same MessageId, same members) may be
 *   sent again, or the members must be found by natural key first.
 */
export type FailureEffect = 'rejected' | 'applied' | 'unknown';

/** Classifies a failure of one AIF create call. */
export function failureEffect(err: unknown): FailureEffect {
  if (err instanceof XmlBuildError) return 'rejected'; // refused before anything was sent
  if (!isKfaxError(err)) return 'unknown';
  switch (err.code) {
    case 'KFAX_AX_DUPLICATE_MESSAGE':
      return 'applied';
    case 'KFAX_AX_INTERNAL_ERROR':
      // WCF's InternalServiceFault: an exception escaped the service, and whether AX committed
      // first is not known. Re-sending the same envelope is always safe.
      return 'unknown';
    case 'KFAX_AX_FAULT':
    case 'KFAX_AX_PERIOD_NOT_OPEN':
    case 'KFAX_REMOTE_THROTTLED':
    case 'KFAX_REMOTE_AUTH_FAILED':
    case 'KFAX_INPUT_INVALID':
      return 'rejected';
    case 'KFAX_REMOTE_UNAVAILABLE':
      // A failed connect or IIS's 503 (queue full) never reached AIF; a 500/502/504 page may come
      // from a proxy or IIS while the AOS still processes the request.
      return /\bHTTP 50[024]\b/.test(err.message) ? 'unknown' : 'rejected';
    case 'KFAX_REMOTE_REJECTED':
      // An IIS/WCF refusal (400 unreadable, 413 too large, 415…) happens before AIF runs; any other
      // rejection (an unexpected or oversized answer to a 200) came after AX may have committed.
      return isHttpRefusal(err) ? 'rejected' : 'unknown';
    default:
      return 'unknown';
  }
}

/**
 * True when a batch failure may be caused by one of its documents, so splitting the batch can
 * isolate it: validation faults (with the infolog), a closed period (one document's date), a
 * request refused for its size or content, or a value XML cannot carry.
 */
export function isSplittable(err: unknown): boolean {
  if (err instanceof XmlBuildError) return true;
  if (!isKfaxError(err)) return false;
  return err.code === 'KFAX_AX_FAULT' || err.code === 'KFAX_AX_PERIOD_NOT_OPEN' || (err.code === 'KFAX_REMOTE_REJECTED' && isHttpRefusal(err));
}

/** A timeout or a dropped connection: what switches an endpoint to batch mode. */
export function isTimeoutLike(err: unknown): boolean {
  return isKfaxError(err) && (err.code === 'KFAX_REMOTE_TIMEOUT' || err.code === 'KFAX_REMOTE_CONNECTION_LOST');
}

/** AX answered in time (data or an AifFault): a healthy call for mode switching. */
export function isAnswered(err: unknown): boolean {
  return isKfaxError(err) && (err.code === 'KFAX_AX_FAULT' || err.code === 'KFAX_AX_PERIOD_NOT_OPEN' || err.code === 'KFAX_AX_DUPLICATE_MESSAGE');
}

function isHttpRefusal(err: KfaxError): boolean {
  return /\bHTTP 4\d\d\b/.test(err.message);
}

/** Any failure as a KfaxError (XML that cannot be built is bad input; anything else in doubt). */
export function asKfaxError(err: unknown, what: string): KfaxError {
  if (isKfaxError(err)) return err;
  if (err instanceof XmlBuildError) return new KfaxError('KFAX_INPUT_INVALID', ['document', err.message], { cause: err });
  return new KfaxError('KFAX_REMOTE_CONNECTION_LOST', ['AX', `${what}: ${(err as Error)?.message ?? String(err)}`], { cause: err, kind: 'in_doubt' });
}

/** A copy of `err` for one member of a batch: same code, kind and message, with the batch in its details. */
export function forMember(err: KfaxError, extra: Record<string, unknown>, kind = err.kind): KfaxError {
  const copy = new KfaxError(err.code, [], { cause: err, kind, ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }), details: { ...err.details, ...extra } });
  copy.message = err.message;
  return copy;
}
