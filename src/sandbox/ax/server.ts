import { registerCommonControlRoutes, registerControlScope } from '../control/common.js';
import type { SandboxContext, SandboxServer } from '../context.js';
import { createSandboxApp } from '../http.js';

/** Options of {@link createAxServer}. */
export interface AxServerOptions {
  /** Reseeds both sandboxes (wired by `startSandbox`). */
  resetAll: (seed?: number) => void;
}

/** The Dynamics AX 2012 sandbox: AIF document services over SOAP 1.1/HTTP. */
export function createAxServer(ctx: SandboxContext, options: AxServerOptions): SandboxServer {
  const app = createSandboxApp({ bodyLimit: 4 * 1024 * 1024 });
  registerControlScope(app, (scope) => registerCommonControlRoutes(scope, ctx, 'ax', options.resetAll));
  return { app, reset() {} };
}
