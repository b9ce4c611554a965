import type { KashflowRestClient } from '../connectors/kashflow/client/rest-client.js';
import { WireReader } from '../connectors/kashflow/wire/reader.js';
import { isKfaxError, KfaxError } from '../errors/kfax-error.js';
import type { Period } from './period.js';

/** An invoice of the KashFlow list: its number and issue date. */
export interface IssuedInvoice {
  readonly number: number;
  readonly date: string;
}

/** What reconciliation reads from KashFlow. */
export interface KashflowLedgerSource {
  /** Invoices issued in the period (numbers ascending). */
  invoicesIssued(period: Period): Promise<IssuedInvoice[]>;
  /** One invoice as `GET /v2/invoices/{number}` returns it, or undefined when KashFlow has none. */
  invoice(number: number): Promise<unknown>;
  /** Requests sent so far. */
  requestCount(): number;
}

/** Options of {@link RestLedgerSource}. */
export interface RestLedgerSourceOptions {
  /** Rows per list page (KashFlow clamps to its maximum). */
  readonly perPage: number;
  /** Full passes over the list before giving up on a consistent read. */
  readonly maxPasses?: number;
  /** Re-reads of a page pair whose boundary looks shifted. */
  readonly maxPageRetries?: number;
}

/**
 * KashFlow over REST v2. The invoice list has no date filter, so it is read in full, sorted
 * by `Number` (unique, so there are no ties to shuffle), keeping only the number and date of
 * invoices issued in the period (memory grows with the period, not with the account).
 *
 * KashFlow's list ordering is unstable (reference quirk #4): a row next to a page boundary can
 * move to the neighbouring page, so one row is seen twice and another not at all. Sorted by a
 * unique key, such a shift always shows as a page whose first number is not above the previous
 * page's last; both pages are then read again until the boundary is clean. A final check
 * compares the rows read with the list's `TotalRecords`; on a mismatch (or a list that changed
 * while being read) the whole pass is repeated.
 */
export class RestLedgerSource implements KashflowLedgerSource {
  constructor(
    private readonly rest: KashflowRestClient,
    private readonly requests: () => number,
    private readonly options: RestLedgerSourceOptions,
  ) {}

  requestCount(): number {
    return this.requests();
  }

  async invoice(number: number): Promise<unknown> {
    try {
      return await this.rest.get(`/invoices/${number}`);
    } catch (err) {
      if (isKfaxError(err) && err.code === 'KFAX_KASHFLOW_NOT_FOUND') return undefined;
      throw err;
    }
  }

  async invoicesIssued(period: Period): Promise<IssuedInvoice[]> {
    const passes = this.options.maxPasses ?? 3;
    let last: { found: Map<number, string>; read: number; total: number | undefined } | undefined;
    for (let pass = 1; pass <= passes; pass++) {
      last = await this.pass(period);
      if (last.total === undefined || last.read === last.total) break;
    }
    const found = last?.found ?? new Map<number, string>();
    if (last && last.total !== undefined && last.read !== last.total) {
      throw new KfaxError('KFAX_KASHFLOW_REJECTED', ['GET /invoices', `the invoice list could not be read consistently in ${passes} passes (${last.read} rows read, TotalRecords ${last.total}); is it changing right now?`]);
    }
    return [...found.entries()].map(([number, date]) => ({ number, date })).sort((a, b) => a.number - b.number);
  }

  private async pass(period: Period): Promise<{ found: Map<number, string>; read: number; total: number | undefined }> {
    const found = new Map<number, string>();
    const retries = this.options.maxPageRetries ?? 20;
    let read = 0;
    let total: number | undefined;
    let beforePrev = Number.NEGATIVE_INFINITY;
    let prev: Row[] | undefined;
    const take = (rows: readonly Row[]): void => {
      for (const r of rows) if (r.date >= period.from && r.date <= period.to) found.set(r.number, r.date);
    };
    for (let page = 1; page <= 1_000_000; page++) {
      let cur = await this.page(page);
      total = cur.total;
      let attempt = 0;
      while (!(ascending(cur.rows) && after(prev, cur.rows))) {
        if (++attempt > retries) throw new KfaxError('KFAX_KASHFLOW_REJECTED', ['GET /invoices', `pages ${page - 1} and ${page} overlap on every read (sorted by Number); cannot list the invoices reliably`]);
        if (prev && page > 1) {
          const again = await this.page(page - 1);
          if (ascending(again.rows) && (again.rows[0]?.number ?? Number.POSITIVE_INFINITY) > beforePrev) {
            read += again.rows.length - prev.length;
            prev = again.rows;
            take(prev);
          }
        }
        cur = await this.page(page);
      }
      take(cur.rows);
      read += cur.rows.length;
      if (cur.rows.length > 0) {
        beforePrev = prev?.at(-1)?.number ?? Number.NEGATIVE_INFINITY;
        prev = cur.rows;
      }
      if (!cur.hasNext || cur.rows.length === 0) break;
    }
    return { found, read, total };
  }

  private async page(page: number): Promise<{ rows: Row[]; total: number | undefined; hasNext: boolean }> {
    const p = await this.rest.page('/invoices', page, this.options.perPage, { sortby: 'Number', order: 'Asc' });
    return {
      rows: p.rows.map((row, i) => {
        const r = new WireReader(row, `$.Data[${i}]`);
        return { number: r.int(['Number', 'InvoiceNumber']), date: r.date(['IssuedDate', 'InvoiceDate']) };
      }),
      total: p.totalRecords,
      hasNext: p.hasNext,
    };
  }
}

interface Row {
  readonly number: number;
  readonly date: string;
}

function ascending(rows: readonly Row[]): boolean {
  for (let i = 1; i < rows.length; i++) if ((rows[i] as Row).number <= (rows[i - 1] as Row).number) return false;
  return true;
}

function after(prev: readonly Row[] | undefined, rows: readonly Row[]): boolean {
  const last = prev?.at(-1);
  const first = rows[0];
  return !last || !first || first.number > last.number;
}
