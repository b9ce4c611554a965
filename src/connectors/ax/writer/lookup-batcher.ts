import type { AxLookups } from './lookups.js';
import type { CustTransRef } from './cust-trans.js';

interface Waiter {
  readonly resolve: (rows: CustTransRef[]) => void;
  readonly reject: (err: unknown) => void;
}

/** Combined look-up calls in flight at once; what is asked meanwhile waits for the next call. */
const MAX_CALLS_IN_FLIGHT = 2;

/**
 * Coalesces look-ups of posted customer transactions by DocumentNum. Every invoice sync asks AX
 * for the InvoiceId it just posted; the look-ups asked for while earlier ones are on their way
 * go to AX together as one `find` with one criterion per document (at most `maxPerCall`) instead
 * of one call each. Nothing waits for a timer: when no call is in flight a look-up goes out on
 * the next turn of the event loop, so batches grow only with load. AIF ORs the criteria (dynamics-ax.md §1.3, [C1]); a document the combined answer lacks is
 * asked again on its own, so a server that ANDs them costs calls but never gives a wrong "not
 * found". A failed call fails every look-up it carried (each caller retries as before).
 */
export class CustTransByDocumentBatcher {
  /** Waiting look-ups by upper-cased DocumentNum, with the number as first asked for. */
  private pending = new Map<string, { readonly documentNum: string; readonly waiters: Waiter[] }>();
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly lookups: Pick<AxLookups, 'custTransByDocumentNum' | 'custTransByDocumentNums'>,
    private readonly maxPerCall: number,
  ) {}

  /** The posted customer transactions with this DocumentNum (case-insensitive), as {@link AxLookups.custTransByDocumentNum}. */
  load(documentNum: string): Promise<CustTransRef[]> {
    if (this.maxPerCall <= 1) return this.lookups.custTransByDocumentNum(documentNum);
    return new Promise((resolve, reject) => {
      const key = documentNum.toUpperCase();
      const entry = this.pending.get(key);
      if (entry) entry.waiters.push({ resolve, reject });
      else this.pending.set(key, { documentNum, waiters: [{ resolve, reject }] });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_CALLS_IN_FLIGHT || this.pending.size === 0) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    while (this.inFlight < MAX_CALLS_IN_FLIGHT && this.pending.size > 0) {
      const batch = new Map<string, { readonly documentNum: string; readonly waiters: Waiter[] }>();
      for (const [key, entry] of this.pending) {
        if (batch.size === this.maxPerCall) break;
        batch.set(key, entry);
        this.pending.delete(key);
      }
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async run(batch: Map<string, { readonly documentNum: string; readonly waiters: Waiter[] }>): Promise<void> {
    const settle = (key: string, outcome: { rows: CustTransRef[] } | { error: unknown }): void => {
      for (const w of batch.get(key)?.waiters ?? []) {
        if ('rows' in outcome) w.resolve(outcome.rows);
        else w.reject(outcome.error);
      }
    };
    const keys = [...batch.keys()];
    const asked = (key: string): string => batch.get(key)!.documentNum;
    let rows: CustTransRef[];
    try {
      rows = keys.length === 1 ? await this.lookups.custTransByDocumentNum(asked(keys[0]!)) : await this.lookups.custTransByDocumentNums(keys.map(asked));
    } catch (error) {
      for (const key of keys) settle(key, { error });
      return;
    }
    const byDocument = new Map<string, CustTransRef[]>();
    for (const t of rows) {
      const key = t.documentNum.toUpperCase();
      const list = byDocument.get(key);
      if (list) list.push(t);
      else byDocument.set(key, [t]);
    }
    await Promise.all(
      keys.map(async (key) => {
        const found = byDocument.get(key);
        if (found || keys.length === 1) return settle(key, { rows: found ?? [] });
        try {
          settle(key, { rows: await this.lookups.custTransByDocumentNum(asked(key)) });
        } catch (error) {
          settle(key, { error });
        }
      }),
    );
  }
}
