/**
 * Request logging without bodies or secrets. Fastify's default request lines (two `info` lines
 * per request, with every header of the request object available to serializers) are replaced:
 * one line per request when it completes — `debug` for success, `info` for 4xx, `error` for
 * 5xx — carrying only method, path (no query string), route, status and duration. Request ids
 * come from a sane `X-Request-Id` header or a per-process counter.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import { pino, type Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Generates request ids: the caller's `X-Request-Id` when it is short and plain, else `<process prefix>-<counter>`. */
export function requestIdGenerator(): (req: IncomingMessage) => string {
  const prefix = randomBytes(4).toString('hex');
  let counter = 0;
  return (req) => {
    const given = req.headers['x-request-id'];
    if (typeof given === 'string' && REQUEST_ID.test(given)) return given;
    counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
    return `${prefix}-${counter.toString(36)}`;
  };
}

/** The path of a URL without its query string (queries are never logged). */
function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** True when the logger writes debug lines (pino's `isLevelEnabled`); true when it cannot say. */
export function debugEnabled(log: FastifyBaseLogger): boolean {
  const pinoLike = log as FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };
  return pinoLike.isLevelEnabled ? pinoLike.isLevelEnabled('debug') : true;
}

/** One log line per completed request; nothing when it arrives. */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    // A success is logged at debug: when the logger says debug is off, the line is not built.
    if (!error && status < 400 && !debugEnabled(reply.log)) return;
    const line = { method: request.method, path: pathOf(request.url), route: request.routeOptions.url ?? null, status, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (error || status >= 500) reply.log.error(line, 'request failed');
    else if (status >= 400) reply.log.info(line, 'request refused');
    else reply.log.debug(line, 'request completed');
  }

  override routeNotFound(): void {}
}

/** A logger that writes nothing (the default when the caller passes none). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
