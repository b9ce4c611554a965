import { parseKashflowInvoice } from '../connectors/kashflow/wire/invoice.js';
import { Dec } from '../canonical/money.js';
import { isKfaxError } from '../errors/kfax-error.js';
import { AxLoader, type AxKeyRules } from './ax-loader.js';
import type { AxLedgerSource } from './ax-source.js';
import { compareDocuments, comparePayments, type CompareRules } from './compare.js';
import { mapLimit } from './concurrency.js';
import type { KashflowLedgerSource } from './kashflow-source.js';
import { kashflowLedgerDocument } from './kashflow-document.js';
import type { LedgerDocument } from './ledger-document.js';
import { monthsOf, type Period } from './period.js';
import { money, ReconcileResult, type PaymentTotals } from './result.js';
import { totalsDifferences } from './totals.js';
import { VatRateResolver, type MappingVat } from './vat-rates.js';
import type { XrefLookup } from './xref.js';

/** What to reconcile and how strictly. */
export interface ReconcileOptions {
  readonly period: Period;
  /** The KashFlow account's home currency = the AX company's accounting currency. */
  readonly homeCurrency: string;
  /** Largest accepted difference of an invoice's home-currency gross. */
  readonly homeTolerance: Dec;
  /** Requests in flight at once per side. */
  readonly concurrency: number;
  readonly keys: AxKeyRules;
  /** The mapping's VAT section, when a mapping file is available. */
  readonly mappingVat?: MappingVat;
}

/** The two ledgers (and optionally kfax's xref store). */
export interface ReconcileSources {
  readonly kashflow: KashflowLedgerSource;
  readonly ax: AxLedgerSource;
  readonly xref?: XrefLookup;
}

/**
 * Compares the KashFlow sales ledger with AX for a period. Month by month (so memory follows
 * one month, not the period): the KashFlow invoices issued in the month (list, then detail)
 * and the AX invoices dated in the month (posted sales invoices with their customer
 * transactions and settling payments) are totalled per month, customer and VAT rate, and
 * matched by KashFlow number. What does not match within its month is looked for across the
 * period and then outside it (AX by DocumentNum or xref, KashFlow by number) before it is
 * called missing or extra.
 */
export async function reconcileLedgers(options: ReconcileOptions, sources: ReconcileSources): Promise<ReconcileResult> {
  const result = new ReconcileResult(options.period);
  const tax = await sources.ax.taxSetup();
  if (!tax) result.notes.push(options.mappingVat ? 'AX sales tax setup is not readable; AX VAT rates are read back through the mapping vat.itemTaxGroups' : 'AX sales tax setup is not readable and no mapping is loaded; AX VAT rates are named by item sales tax group');
  const vat = new VatRateResolver(tax, options.mappingVat);
  const loader = new AxLoader(sources.ax, vat, options.keys, sources.xref, options.concurrency);
  const rules: CompareRules = { homeTolerance: options.homeTolerance, homeCurrency: options.homeCurrency, paymentsById: options.keys.paymentDocumentNum.usable };
  const matched = new Set<string>();
  const leftoverKf = new Map<string, LedgerDocument>();
  const leftoverAx = new Map<string, LedgerDocument[]>();

  /** One KashFlow invoice; `listed` ones that have disappeared or cannot be read are errors. */
  const readKashflow = async (number: number, listed: boolean): Promise<LedgerDocument | undefined> => {
    try {
      const json = await sources.kashflow.invoice(number);
      if (json === undefined) {
        if (listed) result.errors.push({ side: 'kashflow', number: String(number), message: 'listed, but KashFlow has no such invoice any more' });
        return undefined;
      }
      return kashflowLedgerDocument(parseKashflowInvoice(json, { homeCurrency: options.homeCurrency }), vat, options.homeCurrency);
    } catch (err) {
      if (!isKfaxError(err) || err.code !== 'KFAX_INPUT_INVALID') throw err;
      result.errors.push({ side: 'kashflow', number: String(number), message: err.message });
      return undefined;
    }
  };
  const pair = (kf: LedgerDocument, ax: LedgerDocument[]): void => {
    const [first, ...copies] = ax;
    if (matched.has(kf.number)) copies.unshift(...(first ? [first] : []));
    else if (first) {
      matched.add(kf.number);
      result.matched += 1;
      result.different.push(...compareDocuments(kf, first, rules));
      const p = comparePayments(kf, first, rules);
      result.payments.missing.push(...p.missing);
      result.payments.extra.push(...p.extra);
      result.payments.different.push(...p.different);
    }
    for (const c of copies) result.extra.push(extraOf(c, 'duplicate'));
  };

  const issued = await sources.kashflow.invoicesIssued(options.period);
  for (const slice of monthsOf(options.period)) {
    const numbers = issued.filter((i) => i.date >= slice.from && i.date <= slice.to).map((i) => i.number);
    const kfDocs = (await mapLimit(numbers, options.concurrency, (n) => readKashflow(n, true))).filter((d): d is LedgerDocument => d !== undefined);
    for (const d of kfDocs) {
      result.kashflow.add(d);
      addPayments(result.payments.kashflow, d);
    }
    const axBatch = await loader.between(slice.from, slice.to);
    result.axUnrelated += axBatch.unrelated;
    const axByNumber = new Map<string, LedgerDocument[]>();
    for (const d of axBatch.documents) {
      result.ax.add(d);
      addPayments(result.payments.ax, d);
      axByNumber.set(d.number, [...(axByNumber.get(d.number) ?? []), d]);
    }
    for (const kf of kfDocs) {
      const ax = axByNumber.get(kf.number);
      if (!ax) leftoverKf.set(kf.number, kf);
      else {
        axByNumber.delete(kf.number);
        pair(kf, ax);
      }
    }
    for (const [number, list] of axByNumber) {
      if (matched.has(number)) for (const c of list) result.extra.push(extraOf(c, 'duplicate'));
      else leftoverAx.set(number, [...(leftoverAx.get(number) ?? []), ...list]);
    }
  }

  // Across months of the period, then outside the period.
  for (const [number, kf] of [...leftoverKf]) {
    const ax = leftoverAx.get(number);
    if (!ax) continue;
    leftoverAx.delete(number);
    leftoverKf.delete(number);
    pair(kf, ax);
  }
  await mapLimit([...leftoverKf.values()], options.concurrency, async (kf) => {
    const outside = await findAxOutside(sources, loader, options.keys, kf.number);
    if (outside.length > 0) pair(kf, outside);
    else result.missing.push({ number: kf.number, date: kf.date, customer: kf.customer, currency: kf.currency, gross: money(kf.gross) });
  });
  await mapLimit([...leftoverAx.entries()], options.concurrency, async ([number, ax]) => {
    const kf = matched.has(number) ? undefined : await readKashflow(Number(number), false);
    if (kf) pair(kf, ax);
    else for (const d of ax) result.extra.push(extraOf(d, matched.has(number) ? 'duplicate' : 'no KashFlow invoice'));
  });

  result.totalsDifferent = totalsDifferences(result.kashflow, result.ax);
  sortLists(result);
  result.requests = { kashflow: sources.kashflow.requestCount(), ax: sources.ax.requestCount() };
  return result;
}

/** An AX invoice for a KashFlow number outside the period: by kfax's xref, then by DocumentNum. */
async function findAxOutside(sources: ReconcileSources, loader: AxLoader, keys: AxKeyRules, number: string): Promise<LedgerDocument[]> {
  const id = await sources.xref?.axInvoiceId(number);
  let rows = id === undefined ? [] : await sources.ax.invoicesById(id);
  if (rows.length === 0) rows = await sources.ax.invoicesByDocumentNum(keys.documentNum.fill(number));
  if (rows.length === 0) return [];
  return (await loader.these(rows)).map((d) => ({ ...d, number }));
}

function extraOf(d: LedgerDocument, reason: 'no KashFlow invoice' | 'duplicate') {
  return { number: d.number, invoiceId: d.ref, date: d.date, account: d.account ?? '', currency: d.currency, gross: money(d.gross), reason };
}

function addPayments(totals: PaymentTotals, d: LedgerDocument): void {
  totals.count += d.payments.length;
  for (const p of d.payments) totals.amount.add(d.currency, p.amount);
  const settled = Dec.min(d.settled.abs(), d.gross.abs());
  totals.settled.add(d.currency, settled);
  totals.open.add(d.currency, d.open ?? d.gross.minus(settled));
}

function sortLists(r: ReconcileResult): void {
  const byNumber = (a: { number: string }, b: { number: string }): number => Number(a.number) - Number(b.number) || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);
  r.missing.sort(byNumber);
  r.extra.sort(byNumber);
  r.different.sort(byNumber);
  r.payments.missing.sort(byNumber);
  r.payments.extra.sort(byNumber);
  r.payments.different.sort(byNumber);
  r.errors.sort(byNumber);
}
