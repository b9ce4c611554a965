import { KfaxError } from '../../../errors/kfax-error.js';
import type { KashflowRestClient } from '../client/rest-client.js';

/** How to page through one KashFlow list. */
export interface ListScan {
  readonly path: string;
  readonly perPage: number;
  readonly query?: Record<string, string | number | undefined>;
  /** Called with each page's rows; return true to stop after this page. */
  readonly stopAfter?: (rows: readonly unknown[]) => boolean;
  readonly signal?: AbortSignal | undefined;
  /** Names the sweep in an abort error. */
  readonly what: string;
}

/**
 * Pages through a list (envelope or bare array) until the last page, an empty page, or
 * `stopAfter` says so. Bounded by the `TotalRecords` of the first page (plus slack), so a
 * server that keeps announcing a next page cannot keep the sweep going forever.
 */
export async function* scanPages(rest: Pick<KashflowRestClient, 'page'>, scan: ListScan): AsyncGenerator<readonly unknown[]> {
  let limit = Number.MAX_SAFE_INTEGER;
  for (let page = 1; page <= limit; page++) {
    throwIfAborted(scan.signal, scan.what);
    const p = await rest.page<unknown>(scan.path, page, scan.perPage, scan.query ?? {});
    if (page === 1 && p.totalRecords !== undefined) limit = Math.ceil(p.totalRecords / scan.perPage) + 2;
    if (p.rows.length === 0) return;
    yield p.rows;
    if (!p.hasNext || scan.stopAfter?.(p.rows)) return;
  }
}

/** Throws `KFAX_POLLER_ABORTED` when the signal fired (leadership lost, shutdown). */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (!signal?.aborted) return;
  const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted');
  throw new KfaxError('KFAX_POLLER_ABORTED', [what, reason]);
}
