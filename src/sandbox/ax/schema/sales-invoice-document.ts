import { documentNamespace } from '../namespaces.js';
import { date, decimal, dimensionSet, f, money, multiTypeAccount, recIdFields, str, type DocumentSpec, type RecordSpec } from './spec.js';

/**
 * Posted sales invoices (reference §2.1 "Posted sales invoice (outbound)": SalesSalesInvoiceService,
 * AxdSalesInvoice, read only [C1]). The external name is unknown ([G] `SalesInvoiceService`),
 * and so are the exact field lists: the names below are the AX 2012 table fields of
 * `CustInvoiceJour` / `CustInvoiceTrans` as far as they are standard knowledge; `DocumentNum`
 * on the journal (kfax's natural key carried over from the free-text invoice), the
 * accounting-currency amounts and `LineAmountTax`/`LineAmountTaxMST` on the lines are [G].
 */

const read = { access: 'read' as const };

/** One posted invoice line. */
export const CUST_INVOICE_TRANS: RecordSpec = {
  name: 'CustInvoiceTrans',
  label: 'Customer invoice lines (CustInvoiceTrans)',
  fields: [
    f('DefaultDimension', dimensionSet, read),
    f('LedgerDimension', multiTypeAccount, read),
    f('LineAmount', money, { ...read, mandatory: true }),
    f('LineAmountMST', money, read),
    f('LineAmountTax', money, read),
    f('LineAmountTaxMST', money, read),
    f('LineNum', decimal, { ...read, mandatory: true }),
    f('Name', str(60), read),
    f('Qty', decimal, read),
    f('SalesPrice', decimal, read),
    f('TaxGroup', str(10), read),
    f('TaxItemGroup', str(10), read),
    ...recIdFields(),
  ],
  children: [],
};

/** The posted invoice journal: totals in invoice currency and in accounting currency (MST). */
export const CUST_INVOICE_JOUR: RecordSpec = {
  name: 'CustInvoiceJour',
  label: 'Customer invoice journal (CustInvoiceJour)',
  fields: [
    f('CurrencyCode', str(3), { ...read, mandatory: true }),
    f('CustomerRef', str(60), read),
    f('DocumentNum', str(20), read),
    f('DueDate', date, read),
    f('ExchRate', decimal, read),
    f('InvoiceAccount', str(20), { ...read, mandatory: true }),
    f('InvoiceAmount', money, { ...read, mandatory: true }),
    f('InvoiceAmountMST', money, { ...read, mandatory: true }),
    f('InvoiceDate', date, { ...read, mandatory: true }),
    f('InvoiceId', str(20), { ...read, mandatory: true }),
    f('LedgerVoucher', str(20), read),
    f('OrderAccount', str(20), read),
    f('SalesBalance', money, { ...read, mandatory: true }),
    f('SalesBalanceMST', money, read),
    f('SumTax', money, { ...read, mandatory: true }),
    f('SumTaxMST', money, read),
    ...recIdFields(),
  ],
  children: [{ record: CUST_INVOICE_TRANS, many: true }],
};

/** `SalesInvoice` (AxdSalesInvoice) document: `CustInvoiceJour` → `CustInvoiceTrans`. */
export const SALES_INVOICE_DOCUMENT: DocumentSpec = { name: 'SalesInvoice', namespace: documentNamespace('SalesInvoice'), root: CUST_INVOICE_JOUR };
