import { Dec } from '../canonical/money.js';
import type { AxRow } from './ax-records.js';
import { addToRate, foldRounding, settlementState, type AppliedPayment, type LedgerDocument, type RateAmounts } from './ledger-document.js';
import type { KeyTemplate } from './templates.js';
import type { VatRateResolver } from './vat-rates.js';

const dec = (text: string): Dec => new Dec(text === '' ? '0' : text);

/** What is needed to read an AX invoice as the AX side of the ledger. */
export interface AxDocumentContext {
  readonly vat: VatRateResolver;
  /** KashFlow payment id from an AX payment's DocumentNum (`KFPAY-{paymentId}`). */
  readonly paymentDocumentNum: KeyTemplate;
  /** KashFlow customer code (upper case) of an AX invoice account. */
  customerOf(account: string): string;
}

/**
 * A posted AX invoice (CustInvoiceJour with its lines), its customer transaction (settled and
 * open amounts, settlements) and the payment transactions that settled it, as the AX side of
 * the ledger. The mapping's VAT rounding line (untaxed, on the rounding account) counts as VAT,
 * not as net, and goes to the rate of the largest-VAT line, mirroring how the mapping made it.
 */
export function axLedgerDocument(number: string, jour: AxRow, trans: AxRow | undefined, paymentTrans: ReadonlyMap<string, AxRow>, ctx: AxDocumentContext): LedgerDocument {
  const rates = new Map<string, RateAmounts>();
  let rounding = new Dec(0);
  let largest: { key: string; vat: Dec } | undefined;
  for (const l of jour.children('CustInvoiceTrans')) {
    const amount = dec(l.field('LineAmount'));
    if (ctx.vat.isRoundingLine(l.account('LedgerDimension'), l.field('TaxItemGroup'))) {
      rounding = rounding.plus(amount);
      continue;
    }
    const tax = dec(l.field('LineAmountTax'));
    const key = ctx.vat.axKey(l.field('TaxGroup'), l.field('TaxItemGroup'));
    addToRate(rates, key, amount, tax);
    if (!largest || tax.abs().gt(largest.vat.abs())) largest = { key, vat: tax };
  }
  foldRounding(rates, largest?.key, rounding);
  const gross = dec(jour.field('InvoiceAmount'));
  const mst = jour.field('InvoiceAmountMST');
  const settled = trans ? dec(trans.field('SettleAmountCur')).abs() : new Dec(0);
  let open = gross;
  if (trans) {
    open = new Dec(0);
    for (const o of trans.children('CustTransOpen')) open = open.plus(dec(o.field('AmountCur')));
  }
  const account = jour.field('InvoiceAccount');
  return {
    number,
    ref: jour.field('InvoiceId'),
    customer: ctx.customerOf(account),
    account,
    date: jour.field('InvoiceDate'),
    currency: jour.field('CurrencyCode').toUpperCase(),
    net: dec(jour.field('SalesBalance')).minus(rounding),
    vat: dec(jour.field('SumTax')).plus(rounding),
    gross,
    homeGross: mst === '' ? (gross.isZero() ? gross : undefined) : dec(mst),
    rates,
    settled,
    open,
    payments: trans ? settlingPayments(trans, paymentTrans, ctx) : [],
    state: settlementState(gross, settled),
  };
}

/** The payments that settled an invoice transaction, one per offset transaction. */
function settlingPayments(trans: AxRow, paymentTrans: ReadonlyMap<string, AxRow>, ctx: AxDocumentContext): AppliedPayment[] {
  const out: AppliedPayment[] = [];
  const seen = new Set<string>();
  for (const s of trans.children('CustSettlement')) {
    const recId = s.field('OffsetRecId');
    if (seen.has(recId)) continue;
    seen.add(recId);
    const p = paymentTrans.get(recId);
    if (!p) {
      out.push({ id: `ax:RecId ${recId}`, date: s.field('TransDate'), amount: dec(s.field('SettleAmountCur')).abs() });
      continue;
    }
    const documentNum = p.field('DocumentNum');
    out.push({ id: ctx.paymentDocumentNum.extract(documentNum) ?? `ax:${documentNum || `RecId ${recId}`}`, date: p.field('TransDate'), amount: dec(p.field('AmountCur')).abs() });
  }
  return out;
}

/** RecIds of the transactions that settled an invoice transaction. */
export function offsetRecIds(trans: AxRow): string[] {
  return [...new Set(trans.children('CustSettlement').map((s) => s.field('OffsetRecId')).filter((id) => id !== ''))];
}

/** The invoice transaction of an AX invoice among customer transactions (not the payments). */
export function invoiceTransOf(rows: readonly AxRow[], invoiceId: string): AxRow | undefined {
  const id = invoiceId.toUpperCase();
  return rows.find((r) => r.field('Invoice').toUpperCase() === id && r.field('TransType') !== 'Payment');
}
