import type { KashflowState } from '../state.js';

/**
 * Whole list-page answers, encoded once, keyed by the raw query and valid until the list
 * changes (collection version), the day changes or settings change (view key). This keeps
 * the hot paging path (`GET /v2/invoices?page=N&perpage=25`) to a map lookup and one socket
 * write. Never used while unstable list ordering is on (every answer must be drawn afresh).
 */
export class PageCache {
  private readonly pages = new Map<string, Buffer>();
  private validFor = '';
  private bytes = 0;

  /** @param maxBytes memory budget; the cache starts over when it is exceeded. */
  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  /** The cached page for this query, or builds and remembers it. */
  get(state: KashflowState, version: number, rawQuery: string, build: () => string): Buffer | string {
    if (state.ctx.faults.unstableListOrder()) return build();
    const valid = `${version}|${state.viewKey()}`;
    if (valid !== this.validFor) {
      this.clear();
      this.validFor = valid;
    }
    let page = this.pages.get(rawQuery);
    if (page === undefined) {
      page = Buffer.from(build(), 'utf8');
      if (this.bytes + page.length > this.maxBytes) this.clear();
      this.pages.set(rawQuery, page);
      this.bytes += page.length;
    }
    return page;
  }

  private clear(): void {
    this.pages.clear();
    this.bytes = 0;
  }
}
