import { rateFor } from '../domain/currency.js';
import { checkPeriodOpen } from '../domain/periods.js';
import type { ProblemList } from '../soap/aif-error.js';
import type { AosState } from '../state/aos.js';
import type { CompanyState } from '../state/company.js';
import type { FreeTextInvoice, LedgerEntry } from '../state/ledger-types.js';
import type { Tx } from '../state/tx.js';
import { invoiceAmounts, type LineAmounts } from './invoice-amounts.js';
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
  const voucher = tx.take(company.seq.freeTextVoucher);
  const invoiceId = tx.take(company.seq.freeTextInvoice);
  const amounts = invoiceAmounts(company, invoice, rate);
  invoice.lines.forEach((line, i) => {
    const a = amounts.lines[i] as LineAmounts;
    entries.push(ledgerEntryFor(company, line.ledger, voucher, invoice.invoiceDate, invoice.currency, a.creditCur, a.creditMST, line.description, 'FreeTextInvoice', line.defaultDimension));
    if (a.tax) entries.push(plainEntry(company.postingAccounts.salesTaxPayable, voucher, invoice.invoiceDate, invoice.currency, a.tax.creditCur, a.tax.creditMST, `Sales tax ${invoiceId}`, 'FreeTextInvoice'));
  });
  const { totalCur, totalMST } = amounts;
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
    invoice.invoiceAmount = amounts.invoiceAmount;
    invoice.taxAmount = amounts.sumTax;
    invoice.postedAt = nowIso;
    invoice.posting = {
      exchRate: rate.toFixed(),
      salesBalance: amounts.salesBalance,
      salesBalanceMST: amounts.salesBalanceMST,
      sumTax: amounts.sumTax,
      sumTaxMST: amounts.sumTaxMST,
      invoiceAmount: amounts.invoiceAmount,
      invoiceAmountMST: amounts.invoiceAmountMST,
      lines: amounts.lines.map((l) => l.posted),
    };
    invoice.recVersion++;
  });
}
