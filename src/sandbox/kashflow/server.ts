import { registerCommonControlRoutes, registerControlScope } from '../control/common.js';
import type { SandboxContext, SandboxServer } from '../context.js';
import { createSandboxApp } from '../http.js';

/** Options of {@link createKashflowServer}. */
export interface KashflowServerOptions {
  /** Reseeds both sandboxes (wired by `startSandbox`). */
  resetAll: (seed?: number) => void;
}

/** The KashFlow sandbox: REST v2 under `/v2`, the SOAP subset under `/api/service.asmx`. */
export function createKashflowServer(ctx: SandboxContext, options: KashflowServerOptions): SandboxServer {
  const app = createSandboxApp({ bodyLimit: 1024 * 1024 });
  registerControlScope(app, (scope) => registerCommonControlRoutes(scope, ctx, 'kashflow', options.resetAll));
  return { app, reset() {} };
}
