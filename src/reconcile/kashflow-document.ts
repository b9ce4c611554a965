import type { SalesInvoice } from '../canonical/invoice.js';
import { Dec } from '../canonical/money.js';
import { addToRate, foldRounding, settlementState, type LedgerDocument, type RateAmounts } from './ledger-document.js';
import type { VatRateResolver } from './vat-rates.js';

/**
 * A KashFlow sales invoice as the KashFlow side of the ledger: document totals as KashFlow
 * booked them, net and VAT per rate from the lines (a document VAT that differs from the sum
 * of the line VAT by rounding goes to the rate of the largest-VAT line, as the mapping does),
 * and the payment lines. The settled amount is the sum of the payment lines in the document
 * currency (`TotalPaidAmount` is in the home currency in KashFlow, so it is not used).
 */
export function kashflowLedgerDocument(inv: SalesInvoice, vat: VatRateResolver, homeCurrency: string): LedgerDocument {
  const rates = new Map<string, RateAmounts>();
  let largest: { key: string; vat: Dec } | undefined;
  let lineVat = new Dec(0);
  for (const l of inv.lines) {
    const key = vat.kashflowKey(l.vatRate, l.vatExempt);
    addToRate(rates, key, l.net, l.vatAmount);
    lineVat = lineVat.plus(l.vatAmount);
    if (!largest || l.vatAmount.abs().gt(largest.vat.abs())) largest = { key, vat: l.vatAmount };
  }
  foldRounding(rates, largest?.key, inv.vat.minus(lineVat));
  let paid = new Dec(0);
  for (const p of inv.payments) paid = paid.plus(p.amount);
  return {
    number: String(inv.number),
    ref: String(inv.number),
    customer: inv.partyCode.toUpperCase(),
    date: inv.issuedDate,
    currency: inv.currency,
    net: inv.net,
    vat: inv.vat,
    gross: inv.gross,
    homeGross: inv.homeGross ?? (inv.currency === homeCurrency ? inv.gross : undefined),
    rates,
    settled: paid,
    payments: inv.payments.map((p) => ({ id: String(p.id), date: p.date, amount: p.amount })),
    state: settlementState(inv.gross, Dec.min(paid, inv.gross.abs())),
    status: inv.status,
  };
}
