/**
 * Every error kfax's HTTP server sends has one shape, `{ error: { code, message } }`, with a
 * stable catalog code and the catalog's HTTP status. Fastify's own errors (body too large,
 * bad content type, bad URL) are mapped onto catalog codes; anything unexpected becomes
 * `KFAX_INTERNAL` without internals in the body (they go to the log).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isKfaxError, KfaxError } from '../errors/kfax-error.js';

/** The JSON body of an error reply. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** The status and body of a {@link KfaxError}. */
export function errorReply(error: KfaxError): { status: number; body: ErrorBody } {
  return { status: error.status, body: { error: { code: error.code, message: error.message } } };
}

/** Sends a {@link KfaxError} (with `Retry-After` when it has one). */
export function sendError(reply: FastifyReply, error: KfaxError): FastifyReply {
  const { status, body } = errorReply(error);
  if (error.retryAfterMs !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
  return reply.code(status).send(body);
}

/** Maps whatever was thrown to a {@link KfaxError}. */
export function toKfaxError(err: unknown, bodyLimitBytes: number): KfaxError {
  if (isKfaxError(err)) return err;
  const fe = err as Partial<FastifyError>;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new KfaxError('KFAX_INPUT_TOO_LARGE', [bodyLimitBytes]);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new KfaxError('KFAX_INPUT_INVALID', ['Content-Length', 'does not match the body']);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new KfaxError('KFAX_INPUT_INVALID', ['Content-Type', 'unsupported media type']);
    case 'FST_ERR_BAD_URL':
      return new KfaxError('KFAX_INPUT_INVALID', ['URL', 'malformed']);
    default:
      break;
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new KfaxError('KFAX_INPUT_INVALID', ['request', fe.message ?? 'bad request']);
  }
  return new KfaxError('KFAX_INTERNAL', ['the request could not be completed; see the server log'], { cause: err });
}

/**
 * Installs the error and not-found handlers. `onError` sees every error reply (after mapping),
 * e.g. to count rejected webhooks.
 */
export function installErrorHandlers(app: FastifyInstance, bodyLimitBytes: number, onError: (request: FastifyRequest, error: KfaxError) => void): void {
  app.setErrorHandler((err, request, reply) => {
    const error = toKfaxError(err, bodyLimitBytes);
    if (error.code === 'KFAX_INTERNAL') request.log.error({ err }, 'request failed');
    onError(request, error);
    return sendError(reply, error);
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, new KfaxError('KFAX_ROUTE_NOT_FOUND', [request.method, request.url.split('?')[0] ?? ''])));
}
