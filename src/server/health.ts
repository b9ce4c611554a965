/**
 * `GET /healthz`: the process is up and serving. `GET /readyz`: every dependency answers — the
 * store always, plus any checks the caller adds (e.g. KashFlow or AX reachability) — each with
 * its own result and time, within a timeout, so a load balancer stops sending webhooks to a
 * process that cannot store them.
 */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';

/** A readiness check: resolves when the dependency is usable, throws (or times out) when not. */
export type ReadinessCheck = (signal: AbortSignal) => Promise<void>;

/** One dependency's result. */
export interface DependencyStatus {
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
}

/** Store check: a primary-key read (cheap on any backend, proves a connection and the schema). */
export function storeCheck(store: Store): ReadinessCheck {
  return async () => {
    await store.getCursor('kfax/readyz');
  };
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<DependencyStatus> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(controller.signal),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new Error(`no answer within ${timeoutMs} ms`));
        }, timeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, ms: Math.round(performance.now() - started), error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** Registers `/healthz` and `/readyz`. */
export function registerHealthRoutes(app: FastifyInstance, checks: Readonly<Record<string, ReadinessCheck>>, timeoutMs: number): void {
  const startedAt = Date.now();
  app.get('/healthz', async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) }));
  app.get('/readyz', async (_request, reply) => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((n) => runCheck(checks[n]!, timeoutMs)));
    const dependencies = Object.fromEntries(names.map((n, i) => [n, results[i]!]));
    const ready = results.every((r) => r.ok);
    return reply.code(ready ? 200 : 503).header('cache-control', 'no-store').send({ ready, dependencies });
  });
}
