import type { AxRow } from './ax-records.js';
import { axLedgerDocument, invoiceTransOf, offsetRecIds, type AxDocumentContext } from './ax-document.js';
import type { AxLedgerSource } from './ax-source.js';
import { mapLimit } from './concurrency.js';
import type { LedgerDocument } from './ledger-document.js';
import type { KeyTemplate } from './templates.js';
import type { VatRateResolver } from './vat-rates.js';
import type { XrefLookup } from './xref.js';

/** How AX values are tied back to KashFlow keys. */
export interface AxKeyRules {
  /** How kfax writes the KashFlow invoice number into DocumentNum (`{number}`). */
  readonly documentNum: KeyTemplate;
  /** AX customer account of a KashFlow customer code (`KF-{code}`). */
  readonly customerAccount: KeyTemplate;
  /** DocumentNum of a payment journal line (`KFPAY-{paymentId}`). */
  readonly paymentDocumentNum: KeyTemplate;
}

/** AX invoices read for a range: those tied to a KashFlow number, and how many are not. */
export interface AxBatch {
  readonly documents: LedgerDocument[];
  readonly unrelated: number;
}

/**
 * Turns posted AX invoices into ledger documents: finds their customer transactions (by date
 * range first, then one by one for any not found), reads the payments that settled them, ties
 * each to a KashFlow number (kfax's xref, else DocumentNum by the template) and each account
 * to a KashFlow customer (xref, else the account template, else the account itself).
 */
export class AxLoader {
  private readonly customers = new Map<string, string>();

  constructor(
    private readonly ax: AxLedgerSource,
    private readonly vat: VatRateResolver,
    private readonly keys: AxKeyRules,
    private readonly xref: XrefLookup | undefined,
    private readonly concurrency: number,
  ) {}

  /** Invoices dated in the range, with their transactions. */
  async between(from: string, to: string): Promise<AxBatch> {
    const jours = await this.ax.invoicesBetween(from, to);
    if (jours.length === 0) return { documents: [], unrelated: 0 };
    const trans = await this.ax.transBetween(from, to);
    return this.load(jours, trans);
  }

  /** Specific invoices (found outside the period), with their transactions. */
  async these(jours: readonly AxRow[]): Promise<LedgerDocument[]> {
    return (await this.load(jours, [])).documents;
  }

  private async load(jours: readonly AxRow[], trans: readonly AxRow[]): Promise<AxBatch> {
    const byInvoice = new Map<string, AxRow>();
    for (const t of trans) {
      const id = t.field('Invoice').toUpperCase();
      if (id !== '' && t.field('TransType') !== 'Payment' && !byInvoice.has(id)) byInvoice.set(id, t);
    }
    const numbers = await mapLimit(jours, this.concurrency, (j) => this.numberOf(j));
    const related = jours.map((j, i) => ({ jour: j, number: numbers[i] })).filter((x): x is { jour: AxRow; number: string } => x.number !== undefined);
    await mapLimit(related, this.concurrency, async ({ jour }) => {
      const id = jour.field('InvoiceId').toUpperCase();
      if (!byInvoice.has(id)) {
        const t = invoiceTransOf(await this.ax.transOfInvoice(jour.field('InvoiceId')), id);
        if (t) byInvoice.set(id, t);
      }
    });
    const recIds = [
      ...new Set(
        related.flatMap(({ jour }) => {
          const t = byInvoice.get(jour.field('InvoiceId').toUpperCase());
          return t ? offsetRecIds(t) : [];
        }),
      ),
    ];
    const payments = new Map<string, AxRow>();
    if (recIds.length > 0) for (const p of await this.ax.transByRecIds(recIds)) payments.set(p.field('RecId'), p);
    await this.resolveCustomers(related.map((r) => r.jour.field('InvoiceAccount')));
    const ctx: AxDocumentContext = { vat: this.vat, paymentDocumentNum: this.keys.paymentDocumentNum, customerOf: (a) => this.customers.get(a.toUpperCase()) ?? a.toUpperCase() };
    const documents = related.map(({ jour, number }) => axLedgerDocument(number, jour, byInvoice.get(jour.field('InvoiceId').toUpperCase()), payments, ctx));
    return { documents, unrelated: jours.length - related.length };
  }

  /** The KashFlow number of an AX invoice: kfax's xref when it has one, else DocumentNum by the template. */
  private async numberOf(jour: AxRow): Promise<string | undefined> {
    const fromXref = await this.xref?.kashflowInvoice(jour.field('InvoiceId'));
    const found = fromXref ?? this.keys.documentNum.extract(jour.field('DocumentNum'));
    return found === undefined || !/^\d+$/.test(found) ? undefined : String(Number(found));
  }

  private async resolveCustomers(accounts: readonly string[]): Promise<void> {
    const todo = [...new Set(accounts.map((a) => a.toUpperCase()))].filter((a) => !this.customers.has(a));
    await mapLimit(todo, this.concurrency, async (account) => {
      const code = (await this.xref?.kashflowCustomer(account)) ?? this.keys.customerAccount.extract(account);
      this.customers.set(account, (code ?? account).toUpperCase());
    });
  }
}
