import { Dec, roundTo } from '../../../canonical/money.js';
import type { DocumentRec, LineRec } from './records.js';
import { storedDec } from '../../stored-decimal.js';
import { lineInPence, totalsInPence } from './line-pence.js';

/**
 * Server-side arithmetic of sales invoices and purchases (reference §5.4, §7.1, §7.2).
 * Client-sent totals are never trusted: everything here is recomputed from lines and
 * payments.
 */

const HUNDRED = new Dec(100);
const ZERO = new Dec(0);

/** Line net = Quantity × Rate (rounded to 2 dp [G]); VAT = round2(net × VATLevel / 100), 0 when exempt. */
export function computeLine(quantity: Dec, rate: Dec, vatLevel: Dec, vatExempt: boolean): { net: Dec; vatAmount: Dec } {
  return lineInPence(quantity, rate, vatLevel, vatExempt) ?? lineInDecimals(quantity, rate, vatLevel, vatExempt);
}

/** {@link computeLine} in decimal.js, for any values. */
export function lineInDecimals(quantity: Dec, rate: Dec, vatLevel: Dec, vatExempt: boolean): { net: Dec; vatAmount: Dec } {
  const net = roundTo(quantity.times(rate), 2);
  const vatAmount = vatExempt ? ZERO : roundTo(net.times(vatLevel).div(HUNDRED), 2);
  return { net, vatAmount };
}

/** Recomputes the document's Net/VAT/Gross from its lines. */
export function applyTotals(doc: Pick<DocumentRec, 'lines' | 'net' | 'vat' | 'gross'>): void {
  const totals = totalsInPence(doc.lines) ?? totalsInDecimals(doc.lines);
  doc.net = storedDec(totals.net);
  doc.vat = storedDec(totals.vat);
  doc.gross = storedDec(totals.gross);
}

/** The totals of {@link applyTotals} in decimal.js, for any values. */
export function totalsInDecimals(lines: readonly Pick<LineRec, 'net' | 'vatAmount'>[]): { net: Dec; vat: Dec; gross: Dec } {
  let net = ZERO;
  let vat = ZERO;
  for (const l of lines) {
    net = net.plus(l.net);
    vat = vat.plus(l.vatAmount);
  }
  return { net, vat, gross: net.plus(vat) };
}

/**
 * The exchange rate of documents in the home currency. Decimals are immutable, so one
 * instance serves every such document (and lets {@link toHome} skip the division).
 */
export const HOME_RATE = new Dec(1);

/** Significant digits a division keeps (the precision of `Dec`). */
const PRECISION = Dec.precision;

/** Foreign → home currency: foreign ÷ rate (foreign units per 1 GBP), 2 dp (reference §7.2). */
export function toHome(amount: Dec, exchangeRate: Dec): Dec {
  // Dividing by 1 gives the amount itself while it has no more digits than the precision.
  // Then an amount of at most 2 decimals is its own result (roundTo would copy it unchanged).
  if (exchangeRate === HOME_RATE && amount.sd() <= PRECISION) return amount.decimalPlaces() <= 2 ? amount : roundTo(amount, 2);
  return roundTo(amount.div(exchangeRate), 2);
}

/** The payment-derived part of a document as of a given day. */
export interface PaymentState {
  /** Σ payment amounts in document currency. */
  paid: Dec;
  /** Σ payments in home currency (`TotalPaidAmount`). */
  paidHome: Dec;
  /** Gross − Σ payments, document currency (`DueAmount`). */
  due: Dec;
  status: string;
  overdueDays: number;
  paidDate: string | null;
  lastPaymentDate: string | null;
}

/**
 * Status rule (reference §7.1 [G]): `NA` when gross is 0 (unless money was received, then
 * `Overpaid`), `Paid` when nothing is due, `Overpaid` when more was paid, `Overdue` when the
 * due date has passed, else `Unpaid`. A part-paid document keeps `Unpaid`/`Overdue` unless
 * `partPaidStatus` asks for `PartPaid`.
 */
export function paymentState(doc: DocumentRec, today: string, partPaidStatus: boolean): PaymentState {
  let paid = ZERO;
  let lastPaymentDate: string | null = null;
  for (const p of doc.payments) {
    paid = paid.plus(p.amount);
    if (lastPaymentDate === null || p.date > lastPaymentDate) lastPaymentDate = p.date;
  }
  const due = doc.gross.minus(paid);
  let status: string;
  let overdueDays = 0;
  if (due.isNegative() && !due.isZero()) status = 'Overpaid';
  else if (doc.gross.isZero()) status = 'NA';
  else if (due.isZero()) status = 'Paid';
  else {
    const late = today > doc.dueDate;
    if (late) overdueDays = daysBetween(doc.dueDate, today);
    status = partPaidStatus && paid.greaterThan(0) ? 'PartPaid' : late ? 'Overdue' : 'Unpaid';
  }
  const settled = status === 'Paid' || status === 'Overpaid';
  return { paid, paidHome: toHome(paid, doc.exchangeRate), due, status, overdueDays, paidDate: settled && !doc.gross.isZero() ? settlementDate(doc) : settled ? lastPaymentDate : null, lastPaymentDate };
}

/** The date of the payment that brought the running total up to the gross amount. */
function settlementDate(doc: DocumentRec): string | null {
  const ordered = doc.payments.slice().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
  let running = ZERO;
  for (const p of ordered) {
    running = running.plus(p.amount);
    if (running.greaterThanOrEqualTo(doc.gross)) return p.date;
  }
  return null;
}

/** Whole days from `from` to `to` (both `yyyy-MM-dd`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `yyyy-MM-dd` plus n days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Due date from payment terms: days after the issue date, or after the end of the issue month. */
export function dueDateFor(issuedDate: string, terms: { days: number; type: string }): string {
  if (terms.type.toLowerCase() === 'aftermonthend') {
    const d = new Date(`${issuedDate.slice(0, 7)}-01T12:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + 1);
    d.setUTCDate(0);
    return addDays(d.toISOString().slice(0, 10), terms.days);
  }
  return addDays(issuedDate, terms.days);
}

/** Renumbers lines 1..n and recomputes their amounts. */
export function finishLines(lines: LineRec[]): void {
  lines.forEach((l, i) => {
    l.number = i + 1;
    const { net, vatAmount } = computeLine(l.quantity, l.rate, l.vatLevel, l.vatExempt);
    l.net = net;
    l.vatAmount = vatAmount;
  });
}
