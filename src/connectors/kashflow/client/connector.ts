import { KashflowHttp } from './http.js';
import { KashflowRestClient, type KashflowRetryOptions } from './rest-client.js';
import { KashflowSession, type KashflowCredentials } from './session.js';
import { KashflowSoapClient } from './soap-client.js';

/** Everything needed to reach one KashFlow account. */
export interface KashflowConnectionOptions {
  /** REST base, e.g. `https://api.kashflow.com/v2`. */
  restUrl: string;
  /** SOAP endpoint, e.g. `https://securedwebapp.com/api/service.asmx`. */
  soapUrl: string;
  credentials: KashflowCredentials;
  /** SOAP password when the account uses a separate API password (defaults to the login password). */
  soapPassword?: string;
  connections?: number;
  timeoutMs?: number;
  retry?: Partial<KashflowRetryOptions>;
  /** Clock for the session's idle refresh (tests). */
  now?: () => number;
}

/** The REST and SOAP clients of one KashFlow account, sharing one session. */
export interface KashflowConnection {
  rest: KashflowRestClient;
  soap: KashflowSoapClient;
  session: KashflowSession;
  /** Requests sent so far (REST and SOAP), for "requests used per sweep". */
  requestCount(): number;
  close(): Promise<void>;
}

/** Builds the KashFlow clients with kfax's defaults (8 connections, 30 s timeout). */
export function connectKashflow(options: KashflowConnectionOptions): KashflowConnection {
  const rest = new URL(options.restUrl);
  const soap = new URL(options.soapUrl);
  const common = { connections: options.connections ?? 8, timeoutMs: options.timeoutMs ?? 30_000, connectTimeoutMs: 10_000, maxResponseBytes: 32 << 20 };
  const restHttp = new KashflowHttp({ origin: rest.origin, ...common });
  const soapHttp = soap.origin === rest.origin ? restHttp : new KashflowHttp({ origin: soap.origin, ...common, connections: 2 });
  const basePath = rest.pathname.replace(/\/$/, '');
  const session = new KashflowSession(restHttp, options.credentials, { basePath, refreshIdleMs: 45 * 60_000, loginCooldownMs: 10 * 60_000, ...(options.now ? { now: options.now } : {}) });
  const retry: KashflowRetryOptions = { maxRetries: 3, dbTimeoutDelaysMs: [2000, 8000], baseDelayMs: 500, maxRetryAfterMs: 60_000, ...options.retry };
  return {
    rest: new KashflowRestClient(restHttp, session, basePath, retry),
    soap: new KashflowSoapClient(soapHttp, `${soap.pathname}${soap.search}`, { username: options.credentials.username, password: options.soapPassword ?? options.credentials.password }),
    session,
    requestCount: () => restHttp.requestCount + (soapHttp === restHttp ? 0 : soapHttp.requestCount),
    async close() {
      await session.logout();
      await restHttp.close();
      if (soapHttp !== restHttp) await soapHttp.close();
    },
  };
}
