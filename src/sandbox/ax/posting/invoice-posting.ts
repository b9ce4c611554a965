import { Dec, fixed, ZERO } from '../../../canonical/money.js';
import { rateFor, toMST } from '../domain/currency.js';
import { checkPeriodOpen } from '../domain/periods.js';
import { applicableTaxCodes, lineTax } from '../domain/tax.js';
import type { ProblemList } from '../soap/aif-error.js';
import type { AosState } from '../state/aos.js';
import type { CompanyState } from '../state/company.js';
import type { FreeTextInvoice, LedgerEntry, PostedInvoiceLine } from '../state/ledger-types.js';
import type { Tx } from '../state/tx.js';
import { ledgerEntryFor, newOpenTrans, plainEntry } from './ledger.js';

/**
 * Plans the posting of a free-text invoice: period check, sales tax per line (TaxGroup ∩
 * TaxItemGroup, 2 dp half-up per code and line [G]), amounts in accounting currency, the
 * InvoiceId (`FTI-…`) and voucher, the customer transaction and the ledger entries
 * (receivables debit; revenue and sales tax credit). Applied on commit.
 */
export function planInvoicePosting(aos: AosState, company: CompanyState, tx: Tx, invoice: FreeTextInvoice, xpath: string, problems: ProblemList, nowIso: string): void {
  const before = problems.size;
  checkPeriodOpen(company, invoice.invoiceDate, 'InvoiceDate', `${xpath}/InvoiceDate`, problems);
  const rate = rateFor(company, invoice.currency, invoice.invoiceDate, invoice.exchRate, 'CurrencyCode', `${xpath}/CurrencyCode`, problems);
  if (!rate || problems.size > before) return;
  const entries: LedgerEntry[] = [];
  let totalCur = ZERO;
  let totalMST = ZERO;
  let taxCur = ZERO;
  let taxMSTTotal = ZERO;
  let balanceMST = ZERO;
  const postedLines: PostedInvoiceLine[] = [];
  const voucher = tx.take(company.seq.freeTextVoucher);
  const invoiceId = tx.take(company.seq.freeTextInvoice);
  for (const line of invoice.lines) {
    const amount = new Dec(line.amountCur);
    const amountMST = toMST(amount, rate);
    entries.push(ledgerEntryFor(company, line.ledger, voucher, invoice.invoiceDate, invoice.currency, amount.neg(), amountMST.neg(), line.description, 'FreeTextInvoice', line.defaultDimension));
    const tax = lineTax(amount, applicableTaxCodes(company, line.taxGroup, line.taxItemGroup));
    totalCur = totalCur.plus(amount);
    totalMST = totalMST.plus(amountMST);
    balanceMST = balanceMST.plus(amountMST);
    const taxMST = toMST(tax, rate);
    postedLines.push({ taxCur: fixed(tax, 2), amountMST: fixed(amountMST, 2), taxMST: fixed(taxMST, 2) });
    if (!tax.isZero()) {
      entries.push(plainEntry(company.postingAccounts.salesTaxPayable, voucher, invoice.invoiceDate, invoice.currency, tax.neg(), taxMST.neg(), `Sales tax ${invoiceId}`, 'FreeTextInvoice'));
      totalCur = totalCur.plus(tax);
      totalMST = totalMST.plus(taxMST);
      taxCur = taxCur.plus(tax);
      taxMSTTotal = taxMSTTotal.plus(taxMST);
    }
  }
  const customer = { type: 'Cust' as const, id: invoice.invoiceAccount, displayValue: invoice.invoiceAccount };
  entries.push(ledgerEntryFor(company, customer, voucher, invoice.invoiceDate, invoice.currency, totalCur, totalMST, `Invoice ${invoiceId}`, 'FreeTextInvoice', invoice.defaultDimension));
  const trans = newOpenTrans({
    recId: aos.nextRecId(),
    openRecId: aos.nextRecId(),
    accountNum: invoice.invoiceAccount,
    voucher,
    invoice: invoiceId,
    documentNum: invoice.documentNum,
    txt: invoice.customerRef,
    transDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    paymReference: '',
    currency: invoice.currency,
    exchRate: rate,
    amountCur: totalCur,
    amountMST: totalMST,
    transType: 'Cust',
  });
  tx.onCommit(() => {
    company.addTrans('Cust', trans);
    company.ledger.push(...entries);
    if (!invoice.posted) company.postedFreeTextInvoices++;
    invoice.posted = true;
    invoice.invoiceId = invoiceId;
    invoice.voucher = voucher;
    invoice.invoiceAmount = fixed(totalCur, 2);
    invoice.taxAmount = fixed(taxCur, 2);
    invoice.postedAt = nowIso;
    invoice.posting = {
      exchRate: rate.toFixed(),
      salesBalance: fixed(totalCur.minus(taxCur), 2),
      salesBalanceMST: fixed(balanceMST, 2),
      sumTax: fixed(taxCur, 2),
      sumTaxMST: fixed(taxMSTTotal, 2),
      invoiceAmount: fixed(totalCur, 2),
      invoiceAmountMST: fixed(totalMST, 2),
      lines: postedLines,
    };
    invoice.recVersion++;
  });
}
