import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultDecision } from '../../faults/injector.js';
import { dropConnection, sleep } from '../../http.js';
import type { KashflowState } from '../state.js';
import { HTML_ERROR_PAGES } from '../wire/error-pages.js';
import { INVALID_SESSION, RestError, TIMEOUT_ERROR_CODE, TIMEOUT_MESSAGE } from '../wire/errors.js';
import { JsonReader, parseJsonBody } from '../wire/input.js';

/** What a REST handler sees of its request. */
export interface RestCall {
  readonly request: FastifyRequest;
  readonly state: KashflowState;
  /** Path parameters. */
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters with lower-cased names (ASP.NET binds them case-insensitively). */
  readonly query: Readonly<Record<string, string>>;
  /** The raw query string (after `?`), for paging links that keep the other parameters. */
  readonly rawQuery: string;
  /** The body as a JSON object reader (parsed on first use; 400 when malformed). */
  body(): JsonReader;
}

/** What a REST handler answers: status and JSON text (no body for 204). */
export interface RestResult {
  readonly status: number;
  /** JSON text, or already-encoded JSON. */
  readonly json?: string | Buffer;
}

export const json = (text: string | Buffer, status = 200): RestResult => ({ status, json: text });
export const noContent: RestResult = { status: 204 };

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Registers one REST v2 route with the behaviour every route shares: request counting,
 * the fault decision (latency first, then throttle/timeout/server error/drop before any
 * processing, commit-then-drop after it), the `KfToken` check, `{Error, Message}` bodies
 * for {@link RestError}s, and JSON output.
 */
export function restRoute(app: FastifyInstance, state: KashflowState, method: Method, url: string, options: { auth: boolean }, handler: (call: RestCall) => RestResult): void {
  const operation = `${method} ${url}`;
  const isWrite = method !== 'GET';
  app.route({
    method,
    url,
    handler: async (request, reply) => {
      state.countRequest(operation);
      const decision = state.ctx.faults.decide({ system: 'kashflow', operation, isWrite });
      if (decision.latencyMs > 0) await sleep(decision.latencyMs);
      const fault = decision.fault;
      if (fault && fault.kind !== 'commitThenDrop') return sendFault(fault, request, reply);
      let result: RestResult;
      try {
        if (options.auth && !state.sessions.authenticate(request.headers.authorization)) throw INVALID_SESSION;
        result = handler(makeCall(request, state));
      } catch (err) {
        if (!(err instanceof RestError)) throw err;
        result = { status: err.status, json: err.body() };
      }
      if (fault?.kind === 'commitThenDrop') {
        dropConnection(request, reply);
        return reply;
      }
      reply.code(result.status);
      if (result.json === undefined) return reply.send();
      return reply.type('application/json; charset=utf-8').send(result.json);
    },
  });
}

function makeCall(request: FastifyRequest, state: KashflowState): RestCall {
  return new Call(request, state);
}

/**
 * A {@link RestCall} whose query and body are read on first use. A class rather than an object
 * literal with a getter and a method: the literal made a new getter, method and accessor per request.
 */
class Call implements RestCall {
  readonly params: Readonly<Record<string, string>>;
  readonly rawQuery: string;
  private lowerQuery: Record<string, string> | undefined;
  private reader: JsonReader | undefined;

  constructor(
    readonly request: FastifyRequest,
    readonly state: KashflowState,
  ) {
    const url = request.url;
    const q = url.indexOf('?');
    this.rawQuery = q < 0 ? '' : url.slice(q + 1);
    this.params = request.params as Record<string, string>;
  }

  get query(): Readonly<Record<string, string>> {
    let query = this.lowerQuery;
    if (!query) {
      query = this.lowerQuery = {};
      for (const [k, v] of Object.entries(this.request.query as Record<string, string | string[]>)) query[k.toLowerCase()] = Array.isArray(v) ? (v[v.length - 1] ?? '') : v;
    }
    return query;
  }

  body(): JsonReader {
    return (this.reader ??= JsonReader.root(parseJsonBody(this.request.body), !this.state.settings.ignoreUnknownFields));
  }
}

/**
 * Answers an injected fault without processing the request:
 * - throttle: 429 + `Retry-After` + `{Error:"TooManyRequests"}` [G: KashFlow limits are unknown];
 * - timeout: HTTP 400 with the raw SqlException KashFlow is seen to leak (reference §3.1);
 * - serverError: 500 as ASP.NET Web API answers (`{Message:"An error has occurred."}` plus
 *   an `Error`), 502/503/504 as the IIS / load-balancer HTML pages;
 * - drop: the connection is closed without an answer.
 */
export function sendFault(fault: NonNullable<FaultDecision['fault']>, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  switch (fault.kind) {
    case 'throttle':
      return reply
        .code(429)
        .header('retry-after', String(fault.retryAfterSeconds))
        .type('application/json; charset=utf-8')
        .send(JSON.stringify({ Error: 'TooManyRequests', Message: `Too many requests. Please retry after ${fault.retryAfterSeconds} seconds.` }));
    case 'timeout':
      return reply.code(400).type('application/json; charset=utf-8').send(JSON.stringify({ Error: TIMEOUT_ERROR_CODE, Message: TIMEOUT_MESSAGE }));
    case 'serverError': {
      const page = HTML_ERROR_PAGES[fault.status];
      if (page) return reply.code(fault.status).type('text/html').send(page);
      return reply.code(fault.status).type('application/json; charset=utf-8').send(JSON.stringify({ Error: 'InternalServerError', Message: 'An error has occurred.' }));
    }
    case 'drop':
    case 'commitThenDrop':
      dropConnection(request, reply);
      return reply;
  }
}
