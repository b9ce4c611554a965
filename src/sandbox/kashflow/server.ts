import type { FastifyError, FastifyInstance } from 'fastify';
import { registerCommonControlRoutes, registerControlScope } from '../control/common.js';
import type { SandboxContext, SandboxServer } from '../context.js';
import { createSandboxApp } from '../http.js';
import { registerKashflowControlRoutes } from './control.js';
import { registerCustomerRoutes } from './rest/customers.js';
import { registerDocumentRoutes } from './rest/documents.js';
import { registerJournalRoutes } from './rest/journals.js';
import { registerPaymentRoutes } from './rest/payments.js';
import { registerProductRoutes } from './rest/products.js';
import { registerProjectRoutes } from './rest/projects.js';
import { registerReferenceDataRoutes } from './rest/reference-data.js';
import { registerSessionRoutes } from './rest/session-routes.js';
import { registerSupplierRoutes } from './rest/suppliers.js';
import { faultXml, SoapFault, versionFromHeaders } from './soap/envelope.js';
import { registerSoapRoutes, SOAP_PATH } from './soap/routes.js';
import { KashflowState } from './state.js';
import { HTML_TOO_LARGE } from './wire/error-pages.js';

/** Options of {@link createKashflowServer}. */
export interface KashflowServerOptions {
  /** Reseeds both sandboxes (wired by `startSandbox`). */
  resetAll: (seed?: number) => void;
}

/** Largest accepted request body (1 MiB); larger bodies get 413 and change nothing. */
export const KASHFLOW_BODY_LIMIT = 1024 * 1024;

/** The KashFlow sandbox: REST v2 under `/v2`, the SOAP subset under `/api/service.asmx`. */
export function createKashflowServer(ctx: SandboxContext, options: KashflowServerOptions): SandboxServer {
  const app = createSandboxApp({ bodyLimit: KASHFLOW_BODY_LIMIT });
  const state = new KashflowState(ctx);
  registerSessionRoutes(app, state);
  registerCustomerRoutes(app, state);
  registerSupplierRoutes(app, state);
  registerProductRoutes(app, state);
  registerReferenceDataRoutes(app, state);
  registerProjectRoutes(app, state);
  for (const kind of ['invoice', 'purchase'] as const) {
    registerDocumentRoutes(app, state, kind);
    registerPaymentRoutes(app, state, kind);
  }
  registerJournalRoutes(app, state);
  registerSoapRoutes(app, state);
  registerErrorHandlers(app);
  registerControlScope(app, (scope) => {
    registerCommonControlRoutes(scope, ctx, 'kashflow', options.resetAll);
    registerKashflowControlRoutes(scope, state);
  });
  return { app, reset: () => state.reset() };
}

function isSoap(url: string): boolean {
  return url.toLowerCase().startsWith(SOAP_PATH);
}

/**
 * Answers that never reach a handler: unknown routes (KashFlow-shaped 404 under `/v2`),
 * bodies over the limit (413: `{Error, Message}` on REST, the IIS page on SOAP) and
 * unexpected errors (500 as ASP.NET Web API / ASMX answer them).
 */
function registerErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (isSoap(path)) return reply.code(405).type('text/html').send('<html><body><h2>The HTTP verb used to access this page is not allowed.</h2></body></html>');
    return reply.code(404).type('application/json; charset=utf-8').send(JSON.stringify({ Error: 'NotFound', Message: `No HTTP resource was found that matches the request URI '${path}'.` }));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const soap = isSoap(request.url);
    if (error.statusCode === 413) {
      if (soap) return reply.code(413).type('text/html').send(HTML_TOO_LARGE);
      return reply.code(413).type('application/json; charset=utf-8').send(JSON.stringify({ Error: 'RequestTooLarge', Message: `The request body exceeds the maximum allowed size of ${KASHFLOW_BODY_LIMIT} bytes.` }));
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      if (soap) return reply.code(500).type('text/xml; charset=utf-8').send(faultXml(versionFromHeaders(request), new SoapFault('Client', `Server was unable to read request. ---> ${error.message}`)));
      return reply.code(error.statusCode).type('application/json; charset=utf-8').send(JSON.stringify({ Error: 'BadRequest', Message: error.message }));
    }
    if (soap) return reply.code(500).type('text/xml; charset=utf-8').send(faultXml(versionFromHeaders(request), new SoapFault('Server', 'Server was unable to process request. ---> An unexpected error occurred.')));
    return reply.code(500).type('application/json; charset=utf-8').send(JSON.stringify({ Error: 'InternalServerError', Message: 'An error has occurred.' }));
  });
}
