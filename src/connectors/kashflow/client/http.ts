import { Pool } from 'undici';
import { classifyNetworkError } from '../../shared/network-errors.js';
import { requestText } from '../../shared/request-text.js';

/** Options of {@link KashflowHttp}. */
export interface KashflowHttpOptions {
  /** Origin of the API, e.g. `https://api.kashflow.com`. */
  origin: string;
  /** Parallel connections (the reference advises ≤ 8). */
  connections: number;
  /** Milliseconds to wait for an answer (others use 15–60 s). */
  timeoutMs: number;
  connectTimeoutMs: number;
  maxResponseBytes: number;
}

/** A raw HTTP answer. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Thin keep-alive HTTP layer shared by the KashFlow REST and SOAP clients. */
export class KashflowHttp {
  private readonly pool: Pool;
  /** Requests sent, by `METHOD path-without-query` (for "requests used per sweep"). */
  readonly counts = new Map<string, number>();
  private total = 0;

  constructor(readonly options: KashflowHttpOptions) {
    this.pool = new Pool(options.origin, {
      connections: Math.max(1, options.connections),
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connectTimeout: options.connectTimeoutMs,
    });
  }

  /** Total requests sent so far. */
  get requestCount(): number {
    return this.total;
  }

  /**
   * Sends one request. Network failures become KfaxErrors: never sent → transient;
   * possibly applied (writes) → in-doubt.
   */
  async send(method: string, path: string, headers: Record<string, string>, body: string | undefined, isWrite: boolean): Promise<HttpAnswer> {
    this.total++;
    const key = `${method} ${path.split('?')[0]}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    try {
      return await requestText(this.pool, { method, path, headers, body: body ?? null }, this.options.maxResponseBytes, this.options.origin);
    } catch (err) {
      throw classifyNetworkError(err, this.options.origin, this.options.timeoutMs, isWrite);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** First value of a header. */
export function headerValue(headers: HttpAnswer['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
