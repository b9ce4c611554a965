/**
 * kfax's HTTP server: signed webhook intake, health and readiness, Prometheus metrics and the
 * token-protected admin API over the engine. `createServer` builds the Fastify app without
 * listening; the caller listens and, on shutdown, closes the app first (in-flight webhooks
 * finish and are acknowledged after their commit; new requests get 503), then stops the
 * engine, then closes the store.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { KfaxConfig } from '../config/schema.js';
import type { Engine } from '../engine/engine.js';
import { registerAdminApi } from './admin/routes.js';
import { installErrorHandlers } from './errors.js';
import { registerHealthRoutes, storeCheck, type ReadinessCheck } from './health.js';
import { RequestLogController, requestIdGenerator, silentLogger } from './logging.js';
import { ServerMetrics } from './metrics.js';
import { enabledSources, registerWebhookIntake, rejectionReason, WEBHOOK_ROUTE } from './webhooks/intake.js';

/** What {@link createServer} needs. */
export interface ServerOptions {
  /** The validated configuration (`server` and `shop.sources` are used). */
  readonly config: KfaxConfig;
  readonly engine: Engine;
  /** A pino logger; default: silent. Bodies, headers and query strings are never logged. */
  readonly logger?: FastifyBaseLogger;
  /** Metrics registry; pass your own to call `recordSweep` from the pollers. Default: a new one. */
  readonly metrics?: ServerMetrics;
  /** Extra readiness checks by dependency name (the store is always checked). */
  readonly readinessChecks?: Readonly<Record<string, ReadinessCheck>>;
  /** Per-check timeout of `/readyz` (default 2,000 ms). */
  readonly readinessTimeoutMs?: number;
  /** Clock for signature timestamp windows (tests). */
  readonly now?: () => number;
}

/** The Fastify app with its metrics (`kfaxMetrics.recordSweep` for pollers). */
export type KfaxServer = FastifyInstance & { readonly kfaxMetrics: ServerMetrics };

/** Builds the server (not listening). */
export function createServer(options: ServerOptions): KfaxServer {
  const { config, engine } = options;
  const bodyLimit = config.server.bodyLimitBytes;
  const metrics = options.metrics ?? new ServerMetrics();
  metrics.bindEngine(engine);
  const sources = enabledSources(config);

  const app = Fastify({
    loggerInstance: options.logger ?? silentLogger(),
    logController: new RequestLogController(),
    genReqId: requestIdGenerator(),
    requestIdHeader: false,
    bodyLimit,
    requestTimeout: 60_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // Responses finishing while the server closes end their keep-alive connection; otherwise Node
  // keeps the socket for keepAliveTimeout and close() waits that long.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(request.routeOptions.url ?? 'unmatched', request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  installErrorHandlers(app, bodyLimit, (request, error) => {
    if (request.routeOptions.url !== WEBHOOK_ROUTE) return;
    const name = (request.params as { source?: string } | undefined)?.source;
    metrics.webhook(name !== undefined && sources.has(name) ? name : 'unknown', 'rejected', rejectionReason(error));
  });

  registerHealthRoutes(app, { store: storeCheck(engine.store), ...options.readinessChecks }, options.readinessTimeoutMs ?? 2_000);
  app.get('/metrics', async (_request, reply) => reply.header('content-type', metrics.contentType).send(await metrics.text()));
  registerWebhookIntake(app, { engine, sources, metrics, now: options.now ?? Date.now });
  if (config.server.adminToken) registerAdminApi(app, engine, config.server.adminToken);

  app.decorate('kfaxMetrics', metrics);
  return app as unknown as KfaxServer;
}
