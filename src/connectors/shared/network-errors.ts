import { errors as undiciErrors } from 'undici';
import { KfaxError } from '../../errors/kfax-error.js';

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Maps a network error to a failure kind by whether the request may have been applied. */
export function classifyNetworkError(err: unknown, origin: string, timeoutMs: number, mayHaveBeenApplied: boolean): KfaxError {
  if (err instanceof KfaxError) return err;
  const code = (err as { code?: string }).code ?? '';
  const cause = (err as { cause?: { code?: string } }).cause?.code ?? '';
  if (NOT_SENT_CODES.has(code) || NOT_SENT_CODES.has(cause) || err instanceof undiciErrors.ConnectTimeoutError) {
    return new KfaxError('KFAX_REMOTE_UNAVAILABLE', [origin, `connection failed (${code || cause || 'connect'})`], { cause: err });
  }
  const kind = mayHaveBeenApplied ? 'in_doubt' : 'transient';
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) {
    return new KfaxError('KFAX_REMOTE_TIMEOUT', [origin, timeoutMs], { cause: err, kind });
  }
  return new KfaxError('KFAX_REMOTE_CONNECTION_LOST', [origin, (err as Error).message ?? String(err)], { cause: err, kind });
}
