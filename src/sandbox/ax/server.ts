import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyError } from 'fastify';
import { registerControlScope } from '../control/common.js';
import { CONTROL_PREFIX, type SandboxContext, type SandboxServer } from '../context.js';
import { createSandboxApp } from '../http.js';
import { IisAuthenticator } from './auth/iis-auth.js';
import { registerAxControlRoutes } from './control/routes.js';
import { registerAxStatsRoutes } from './control/stats-routes.js';
import { handleAifRequest } from './http/aif-endpoint.js';
import { AxCallStats } from './http/call-stats.js';
import { IIS_404, IIS_413 } from './http/iis-pages.js';
import { AxRuntime } from './runtime.js';
import { MAX_BODY_LIMIT, type AxSettings } from './settings.js';
import { internalErrorEnvelope } from './soap/fault.js';

/** Options of {@link createAxServer}. */
export interface AxServerOptions {
  /** Reseeds both sandboxes (wired by `startSandbox`). */
  resetAll: (seed?: number) => void;
  /**
   * Initial settings (overrides of the defaults, kept across resets), e.g. other external
   * service names for the services whose names are guesses.
   */
  settings?: Partial<AxSettings>;
}

/** Path of the AIF HTTP adapter on IIS (reference §1.1). */
export const AIF_PATH = '/MicrosoftDynamicsAXAif60/:port/xppservice.svc';

/** The Dynamics AX 2012 sandbox: AIF document services over SOAP 1.1/HTTP. */
export function createAxServer(ctx: SandboxContext, options: AxServerOptions): SandboxServer {
  const app = createSandboxApp({ bodyLimit: MAX_BODY_LIMIT });
  const runtime = new AxRuntime(ctx, options.settings);
  const callStats = new AxCallStats();
  const auth = new IisAuthenticator({ users: () => ctx.world.ax.users, acceptNtlmV1: () => runtime.settings.acceptNtlmV1, nowMs: () => ctx.clock.nowMs() });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode ?? 500;
    if (req.url.startsWith(CONTROL_PREFIX)) return reply.code(status).send({ error: status === 400 ? 'invalid_request' : status === 413 ? 'too_large' : 'error', message: err.message });
    if (status === 413) return reply.code(413).type('text/html').send(IIS_413);
    if (status >= 400 && status < 500) return reply.code(status).type('text/html').send('');
    return reply.code(500).type('text/xml; charset=utf-8').send(internalErrorEnvelope());
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith(CONTROL_PREFIX)) return reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
    return reply.code(404).type('text/html').send(IIS_404);
  });

  app.route({
    method: ['GET', 'POST', 'PUT', 'DELETE'],
    url: AIF_PATH,
    bodyLimit: MAX_BODY_LIMIT,
    onRequest: (request, reply, done) => {
      callStats.track(request, reply);
      done();
    },
    // IIS request filtering (maxAllowedContentLength) answers 413 before authentication.
    preParsing: async (request, _reply, payload) => {
      const limit = runtime.settings.bodyLimit;
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared)) {
        if (declared > limit) throw Object.assign(new Error('Request Entity Too Large'), { statusCode: 413 });
        return payload; // Fastify checks that the body matches its Content-Length
      }
      return payload.pipe(new BodyLimit(limit));
    },
    handler: (request, reply) => handleAifRequest({ ctx, runtime, auth }, request, reply),
  });

  registerControlScope(app, (scope) => {
    registerAxControlRoutes(scope, { ctx, runtime, auth, resetAll: options.resetAll });
    registerAxStatsRoutes(scope, callStats);
  });
  return {
    app,
    reset() {
      runtime.reset();
      auth.clearCache();
      callStats.reset();
    },
  };
}

/** Fails a body stream (413) once it exceeds the limit (bodies without Content-Length). */
class BodyLimit extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) done(Object.assign(new Error('Request Entity Too Large'), { statusCode: 413 }));
    else done(null, chunk);
  }
}
