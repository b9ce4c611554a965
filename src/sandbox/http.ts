import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { FaultDecision } from './faults/injector.js';

/** Options for a sandbox HTTP server. */
export interface SandboxAppOptions {
  /** Largest accepted request body in bytes; larger bodies get 413 and change nothing. */
  bodyLimit: number;
}

/**
 * A Fastify instance configured like a long-lived IIS/ASP.NET endpoint: keep-alive,
 * no request logging, bodies read as raw strings (each sandbox parses them itself so that
 * malformed input gets that system's own error shape).
 */
export function createSandboxApp(options: SandboxAppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    keepAliveTimeout: 120_000,
    requestTimeout: 0,
    return503OnClosing: false,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    forceCloseConnections: true,
  });
  app.removeAllContentTypeParsers();
  const asString = (_req: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void): void => done(null, body);
  app.addContentTypeParser('*', { parseAs: 'string' }, asString);
  // The same parser under the media types clients send: Fastify remembers the parser of a
  // Content-Type it has matched to a named type, but looks up the catch-all by parsing the
  // header again on every request.
  app.addContentTypeParser(['application/json', 'text/xml', 'application/soap+xml'], { parseAs: 'string' }, asString);
  return app;
}

/** Waits `ms` milliseconds (no-op for 0). */
export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

/** Closes the client connection without any response (a dropped connection). */
export function dropConnection(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket.destroy();
}

/** Symbol under which a request's fault decision is kept until the handler has committed. */
export const FAULT_DECISION = Symbol('kfax.sandbox.faultDecision');

type WithDecision = FastifyRequest & { [FAULT_DECISION]?: FaultDecision };

/** Remembers the decision on the request so the handler can honour commit-then-drop. */
export function rememberDecision(request: FastifyRequest, decision: FaultDecision): void {
  (request as WithDecision)[FAULT_DECISION] = decision;
}

/** True when this request must be committed and then have its connection dropped. */
export function mustDropAfterCommit(request: FastifyRequest): boolean {
  return (request as WithDecision)[FAULT_DECISION]?.fault?.kind === 'commitThenDrop';
}
