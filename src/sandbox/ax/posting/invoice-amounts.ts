import { Dec, fixed, ZERO } from '../../../canonical/money.js';
import { HUNDRED, toMST } from '../domain/currency.js';
import { applicableTaxCodes, lineTax } from '../domain/tax.js';
import type { AxTaxCodeSeed } from '../../seed/types.js';
import type { CompanyState } from '../state/company.js';
import type { FreeTextInvoice, PostedInvoiceLine } from '../state/ledger-types.js';
import { parsePence, penceDec, penceText, scaledRate, taxPence } from '../../pence.js';

/** The amounts of one posted line: its revenue credit and, when it has tax, the tax credit. */
export interface LineAmounts {
  /** −amount in invoice and accounting currency (the revenue entry). */
  readonly creditCur: Dec;
  readonly creditMST: Dec;
  /** −tax in invoice and accounting currency, absent when the line's tax is zero. */
  readonly tax: { readonly creditCur: Dec; readonly creditMST: Dec } | undefined;
  readonly posted: PostedInvoiceLine;
}

/** Every amount the posting of a free-text invoice writes. */
export interface InvoiceAmounts {
  readonly lines: readonly LineAmounts[];
  /** Σ amounts + Σ taxes (the receivable). */
  readonly totalCur: Dec;
  readonly totalMST: Dec;
  /** 2-dp texts of the invoice's posting figures. */
  readonly invoiceAmount: string;
  readonly invoiceAmountMST: string;
  readonly sumTax: string;
  readonly sumTaxMST: string;
  readonly salesBalance: string;
  readonly salesBalanceMST: string;
}

/**
 * The amounts of an invoice's posting at `rate` (accounting-currency units per 100): per line
 * the amount in accounting currency and the sales tax (per code 2 dp half-up, summed [G]), and
 * the totals. In the accounting currency, with plain 2-dp amounts and tax rates, this is
 * integer arithmetic in pence; otherwise (and for zero amounts, whose negation is `-0`)
 * decimal arithmetic. Both give the same decimals and texts (test/sandbox/ax/invoice-amounts.test.ts).
 */
export function invoiceAmounts(company: CompanyState, invoice: FreeTextInvoice, rate: Dec): InvoiceAmounts {
  const codes = invoice.lines.map((l) => applicableTaxCodes(company, l.taxGroup, l.taxItemGroup));
  return (rate === HUNDRED ? amountsInPence(invoice, codes) : undefined) ?? amountsInDecimals(invoice, codes, rate);
}

/** The decimal arithmetic of posting (any currency, any amount). */
export function amountsInDecimals(invoice: FreeTextInvoice, codes: readonly (readonly AxTaxCodeSeed[])[], rate: Dec): InvoiceAmounts {
  let totalCur = ZERO;
  let totalMST = ZERO;
  let taxCur = ZERO;
  let taxMSTTotal = ZERO;
  let balanceMST = ZERO;
  const lines: LineAmounts[] = [];
  invoice.lines.forEach((line, i) => {
    const amount = new Dec(line.amountCur);
    const amountMST = toMST(amount, rate);
    const tax = lineTax(amount, codes[i] ?? []);
    totalCur = totalCur.plus(amount);
    totalMST = totalMST.plus(amountMST);
    balanceMST = balanceMST.plus(amountMST);
    const taxMST = toMST(tax, rate);
    const posted = { taxCur: fixed(tax, 2), amountMST: fixed(amountMST, 2), taxMST: fixed(taxMST, 2) };
    let taxCredit: LineAmounts['tax'];
    if (!tax.isZero()) {
      taxCredit = { creditCur: tax.neg(), creditMST: taxMST.neg() };
      totalCur = totalCur.plus(tax);
      totalMST = totalMST.plus(taxMST);
      taxCur = taxCur.plus(tax);
      taxMSTTotal = taxMSTTotal.plus(taxMST);
    }
    lines.push({ creditCur: amount.neg(), creditMST: amountMST.neg(), tax: taxCredit, posted });
  });
  return {
    lines,
    totalCur,
    totalMST,
    invoiceAmount: fixed(totalCur, 2),
    invoiceAmountMST: fixed(totalMST, 2),
    sumTax: fixed(taxCur, 2),
    sumTaxMST: fixed(taxMSTTotal, 2),
    salesBalance: fixed(totalCur.minus(taxCur), 2),
    salesBalanceMST: fixed(balanceMST, 2),
  };
}

/**
 * The same in pence, in the accounting currency (amount in MST = amount, as `toMST` at the
 * identity rate gives for 2-dp amounts). Undefined, to fall back to decimals, when a line
 * amount is zero or not a plain 2-dp text, a rate is not plain, or a product leaves the safe
 * integers.
 */
export function amountsInPence(invoice: FreeTextInvoice, codes: readonly (readonly AxTaxCodeSeed[])[]): InvoiceAmounts | undefined {
  let total = 0;
  let taxTotal = 0;
  const amounts: number[] = [];
  const taxes: number[] = [];
  for (let i = 0; i < invoice.lines.length; i++) {
    const amount = parsePence((invoice.lines[i] as FreeTextInvoice['lines'][number]).amountCur);
    if (amount === undefined || amount === 0) return undefined;
    let tax = 0;
    for (const c of codes[i] ?? []) {
      const rate = scaledRate(c.rate);
      const t = rate && taxPence(amount, rate);
      if (t === undefined) return undefined;
      tax += t;
    }
    amounts.push(amount);
    taxes.push(tax);
    total += amount + tax;
    taxTotal += tax;
  }
  if (!Number.isSafeInteger(total) || !Number.isSafeInteger(taxTotal)) return undefined;
  const lines: LineAmounts[] = [];
  for (let i = 0; i < amounts.length; i++) {
    const amount = amounts[i] as number;
    const tax = taxes[i] as number;
    const credit = penceDec(-amount);
    const taxText = penceText(tax);
    lines.push({ creditCur: credit, creditMST: credit, tax: tax === 0 ? undefined : { creditCur: penceDec(-tax), creditMST: penceDec(-tax) }, posted: { taxCur: taxText, amountMST: penceText(amount), taxMST: taxText } });
  }
  const totalDec = penceDec(total);
  const totalText = penceText(total);
  const taxText = penceText(taxTotal);
  const balanceText = penceText(total - taxTotal);
  return { lines, totalCur: totalDec, totalMST: totalDec, invoiceAmount: totalText, invoiceAmountMST: totalText, sumTax: taxText, sumTaxMST: taxText, salesBalance: balanceText, salesBalanceMST: balanceText };
}
