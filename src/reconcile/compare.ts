import { Dec, fixed } from '../canonical/money.js';
import type { AppliedPayment, LedgerDocument } from './ledger-document.js';

/** One field of one invoice that differs between the sides (values as text; null when absent). */
export interface DocumentDifference {
  readonly number: string;
  readonly field: string;
  readonly kashflow: string | null;
  readonly ax: string | null;
}

/** One payment that differs between KashFlow's payment lines and AX's settlements. */
export interface PaymentDifference {
  readonly number: string;
  readonly paymentId: string;
  readonly field: string;
  readonly kashflow: string | null;
  readonly ax: string | null;
}

/** Everything found about the payments of one invoice. */
export interface PaymentComparison {
  readonly missing: { number: string; paymentId: string; date: string; amount: string }[];
  readonly extra: { number: string; paymentId: string; date: string; amount: string }[];
  readonly different: PaymentDifference[];
}

/** How strictly documents are compared. */
export interface CompareRules {
  /** Largest accepted difference of the home-currency gross (the two sides convert and round independently). */
  readonly homeTolerance: Dec;
  /** The home currency: documents in it are not compared again in home currency. */
  readonly homeCurrency: string;
  /** Compare individual payments (only when AX payments can be tied to KashFlow payment ids). */
  readonly paymentsById: boolean;
}

const money = (d: Dec): string => fixed(d, 2);

/**
 * The fields of an invoice that differ: customer, date, currency, gross/VAT/net (document
 * currency, to the penny), home-currency gross of foreign-currency invoices (within the
 * tolerance), net and VAT per rate,
 * the settlement state and the settled amount.
 */
export function compareDocuments(kf: LedgerDocument, ax: LedgerDocument, rules: CompareRules): DocumentDifference[] {
  const out: DocumentDifference[] = [];
  const diff = (field: string, a: string | null, b: string | null): void => {
    if (a !== b) out.push({ number: kf.number, field, kashflow: a, ax: b });
  };
  diff('customer', kf.customer, ax.customer);
  diff('date', kf.date, ax.date);
  diff('currency', kf.currency, ax.currency);
  diff('gross', money(kf.gross), money(ax.gross));
  diff('vat', money(kf.vat), money(ax.vat));
  diff('net', money(kf.net), money(ax.net));
  if (kf.homeGross !== undefined && ax.homeGross !== undefined && kf.currency === ax.currency && kf.currency !== rules.homeCurrency) {
    if (kf.homeGross.minus(ax.homeGross).abs().gt(rules.homeTolerance)) out.push({ number: kf.number, field: 'homeGross', kashflow: money(kf.homeGross), ax: money(ax.homeGross) });
  }
  for (const rate of [...new Set([...kf.rates.keys(), ...ax.rates.keys()])].sort()) {
    const a = kf.rates.get(rate);
    const b = ax.rates.get(rate);
    diff(`net[${rate}]`, a ? money(a.net) : null, b ? money(b.net) : null);
    diff(`vat[${rate}]`, a ? money(a.vat) : null, b ? money(b.vat) : null);
  }
  // KashFlow may record more than the invoice (overpaid); AX settles at most the invoice.
  const kfSettled = Dec.min(kf.settled, kf.gross.abs());
  diff('settled', money(kfSettled), money(ax.settled.abs()));
  diff('state', kf.state, ax.state);
  return out;
}

/**
 * KashFlow payment lines against the AX payments settling the invoice: missing in AX, extra
 * in AX, and different amount or date. By id when AX payments carry the KashFlow payment id;
 * otherwise only the count and the total are compared.
 */
export function comparePayments(kf: LedgerDocument, ax: LedgerDocument, rules: CompareRules): PaymentComparison {
  const result: PaymentComparison = { missing: [], extra: [], different: [] };
  const view = (p: AppliedPayment) => ({ number: kf.number, paymentId: p.id, date: p.date, amount: money(p.amount) });
  if (!rules.paymentsById) {
    const a = sumOf(kf.payments);
    const b = sumOf(ax.payments);
    if (kf.payments.length !== ax.payments.length) result.different.push({ number: kf.number, paymentId: '*', field: 'count', kashflow: String(kf.payments.length), ax: String(ax.payments.length) });
    if (!a.eq(b)) result.different.push({ number: kf.number, paymentId: '*', field: 'amount', kashflow: money(a), ax: money(b) });
    return result;
  }
  const axById = new Map<string, AppliedPayment>();
  for (const p of ax.payments) {
    if (axById.has(p.id)) result.extra.push(view(p));
    else axById.set(p.id, p);
  }
  for (const p of kf.payments) {
    const q = axById.get(p.id);
    if (!q) {
      result.missing.push(view(p));
      continue;
    }
    axById.delete(p.id);
    if (!p.amount.eq(q.amount)) result.different.push({ number: kf.number, paymentId: p.id, field: 'amount', kashflow: money(p.amount), ax: money(q.amount) });
    if (p.date !== q.date) result.different.push({ number: kf.number, paymentId: p.id, field: 'date', kashflow: p.date, ax: q.date });
  }
  for (const q of axById.values()) result.extra.push(view(q));
  return result;
}

function sumOf(list: readonly AppliedPayment[]): Dec {
  let t = new Dec(0);
  for (const p of list) t = t.plus(p.amount);
  return t;
}
