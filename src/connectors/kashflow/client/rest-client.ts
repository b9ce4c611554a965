import { KfaxError, isKfaxError } from '../../../errors/kfax-error.js';
import { stringifyWithRawNumbers } from '../../../util/json-raw.js';
import { headerValue, type HttpAnswer, type KashflowHttp } from './http.js';
import { parseKashflowJson, readErrorBody } from './json.js';
import type { KashflowSession } from './session.js';

/** Retry behaviour for answers that mean "not processed, try later". */
export interface KashflowRetryOptions {
  /** Extra attempts after the first. Default 3. */
  maxRetries: number;
  /** Back-off for the database timeout `-2146232060` (others use 2 s then 8 s). */
  dbTimeoutDelaysMs: readonly number[];
  /** Base of the exponential back-off for 5xx and network errors on reads. */
  baseDelayMs: number;
  /** Longest wait honoured from `Retry-After`; a longer one is returned to the caller as throttled. */
  maxRetryAfterMs: number;
  /** Waits (tests replace it). */
  sleep?: (ms: number) => Promise<void>;
}

/** One page of a list, whichever shape KashFlow used. */
export interface KashflowPage<T = unknown> {
  rows: T[];
  totalRecords: number | undefined;
  hasNext: boolean;
}

/**
 * KashFlow REST v2 client. Uses the shared session, re-logs in once on a 401
 * `InvalidSessionToken` (never a loop), and retries what KashFlow did not process:
 * 429 (honouring `Retry-After`), the database timeout `-2146232060` and 5xx on reads.
 * Writes are retried only on 429 — anything else ambiguous comes back as in-doubt so the
 * caller looks the document up before creating it again.
 */
export class KashflowRestClient {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly http: KashflowHttp,
    private readonly session: KashflowSession,
    private readonly basePath: string,
    private readonly retry: KashflowRetryOptions,
  ) {
    this.sleep = retry.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  get<T = unknown>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
    return this.request('GET', withQuery(path, query)) as Promise<T>;
  }

  post<T = unknown>(path: string, body: unknown): Promise<T> {
    return this.request('POST', path, body) as Promise<T>;
  }

  put<T = unknown>(path: string, body: unknown): Promise<T> {
    return this.request('PUT', path, body) as Promise<T>;
  }

  delete(path: string): Promise<unknown> {
    return this.request('DELETE', path);
  }

  /** Reads one page of a list; accepts the `{Data, MetaData}` envelope and bare arrays. */
  async page<T = unknown>(path: string, page: number, perPage: number, query: Record<string, string | number | undefined> = {}): Promise<KashflowPage<T>> {
    const answer = await this.get(path, { ...query, page, perpage: perPage });
    if (Array.isArray(answer)) return { rows: answer as T[], totalRecords: answer.length, hasNext: false };
    const env = answer as { Data?: unknown; MetaData?: { NextPageUrl?: unknown; TotalRecords?: unknown } } | null;
    if (!env || !Array.isArray(env.Data)) throw new KfaxError('KFAX_KASHFLOW_REJECTED', [`GET ${path}`, 'answer is neither a list nor a {Data, MetaData} envelope']);
    const total = env.MetaData?.TotalRecords;
    const next = env.MetaData?.NextPageUrl;
    return { rows: env.Data as T[], totalRecords: typeof total === 'number' ? total : undefined, hasNext: typeof next === 'string' && next !== '' };
  }

  /** Reads every page of a list (bounded so an inconsistent server cannot loop forever). */
  async all<T = unknown>(path: string, perPage: number, query: Record<string, string | number | undefined> = {}): Promise<T[]> {
    const rows: T[] = [];
    for (let page = 1; page <= 100_000; page++) {
      const p = await this.page<T>(path, page, perPage, query);
      rows.push(...p.rows);
      const limit = p.totalRecords === undefined ? undefined : Math.ceil(p.totalRecords / perPage) + 1;
      if (!p.hasNext || p.rows.length === 0 || (limit !== undefined && page >= limit)) break;
    }
    return rows;
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const isWrite = method !== 'GET';
    // RawJsonNumber values go out as exact JSON numbers (KashFlow expects numbers, never floats).
    const payload = body === undefined ? undefined : stringifyWithRawNumbers(body);
    let relogged = false;
    let dbTimeouts = 0;
    for (let attempt = 0; ; attempt++) {
      const token = await this.session.current();
      const headers: Record<string, string> = { authorization: `KfToken ${token}`, accept: 'application/json' };
      if (payload !== undefined) headers['content-type'] = 'application/json';
      let answer: HttpAnswer;
      try {
        answer = await this.http.send(method, `${this.basePath}${path}`, headers, payload, isWrite);
      } catch (err) {
        if (!isWrite && isKfaxError(err) && err.kind === 'transient' && attempt < this.retry.maxRetries) {
          await this.sleep(this.backoff(attempt));
          continue;
        }
        throw err;
      }
      const { status } = answer;
      if (status >= 200 && status < 300) return status === 204 || answer.text.trim() === '' ? undefined : parseKashflowJson(answer.text);
      const { error, message } = readErrorBody(answer.text);
      const what = `${method} ${path.split('?')[0]}`;
      if (status === 401) {
        if (error === 'AccountLocked') throw new KfaxError('KFAX_KASHFLOW_ACCOUNT_LOCKED', [message || error]);
        if (!relogged) {
          relogged = true;
          this.session.invalidate(token);
          attempt--;
          continue;
        }
        throw new KfaxError('KFAX_REMOTE_AUTH_FAILED', ['KashFlow', `${error || 'HTTP 401'} after a fresh login`]);
      }
      if (status === 429) {
        const waitMs = retryAfterMs(answer);
        if (attempt < this.retry.maxRetries && waitMs <= this.retry.maxRetryAfterMs) {
          await this.sleep(waitMs);
          continue;
        }
        throw new KfaxError('KFAX_REMOTE_THROTTLED', ['KashFlow'], { retryAfterMs: waitMs });
      }
      if (status === 400 && error === '-2146232060') {
        if (!isWrite && attempt < this.retry.maxRetries) {
          await this.sleep(this.retry.dbTimeoutDelaysMs[Math.min(dbTimeouts++, this.retry.dbTimeoutDelaysMs.length - 1)] ?? 2000);
          continue;
        }
        throw new KfaxError('KFAX_KASHFLOW_DB_TIMEOUT', [what], { kind: isWrite ? 'in_doubt' : 'transient' });
      }
      if (status >= 500) {
        if (!isWrite && attempt < this.retry.maxRetries) {
          await this.sleep(this.backoff(attempt));
          continue;
        }
        throw new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['KashFlow', `HTTP ${status} on ${what}`], { kind: isWrite ? 'in_doubt' : 'transient' });
      }
      if (status === 404) throw new KfaxError('KFAX_KASHFLOW_NOT_FOUND', [path.split('?')[0] ?? path]);
      throw new KfaxError('KFAX_KASHFLOW_REJECTED', [what, `${error ? `${error}: ` : ''}${message || `HTTP ${status}`}`]);
    }
  }

  private backoff(attempt: number): number {
    // full jitter
    return Math.round(Math.random() * this.retry.baseDelayMs * 2 ** attempt);
  }
}

function retryAfterMs(answer: HttpAnswer): number {
  const v = headerValue(answer.headers, 'retry-after');
  if (v === undefined) return 1000;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : 1000;
}

function withQuery(path: string, query?: Record<string, string | number | undefined>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const q = params.toString();
  return q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path;
}
