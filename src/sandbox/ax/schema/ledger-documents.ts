import { documentNamespace } from '../namespaces.js';
import { concurrencyFields, date, decimal, dimensionSet, enumOf, f, money, multiTypeAccount, NO_YES, recIdFields, str, type DocumentSpec, type FieldSpec, type RecordSpec } from './spec.js';

/**
 * Financial documents: free-text invoice, the three LedgerJournalTable/LedgerJournalTrans
 * journals, customer transactions and exchange rates (reference §2.6, §2.7, §7).
 */

// ---- free-text invoice ----------------------------------------------------------------

export const CUST_INVOICE_LINE: RecordSpec = {
  name: 'CustInvoiceLine',
  label: 'Free text invoice lines (CustInvoiceLine)',
  fields: [
    f('AmountCur', money),
    f('DefaultDimension', dimensionSet),
    f('Description', str(60)),
    f('LedgerDimension', multiTypeAccount),
    f('LineNum', decimal),
    f('Quantity', decimal),
    f('TaxGroup', str(10)),
    f('TaxItemGroup', str(10)),
    f('UnitPrice', decimal),
    ...recIdFields(),
  ],
  children: [],
};

/**
 * Header of a free-text invoice. Field names partly [G] (reference §2.6): `DocumentNum` is the
 * client's natural key (binding decision), `CustomerRef` is accepted as well; `PaymTermId` is
 * used for the terms of payment (AX's table field is `Payment`; the brief and reference use
 * `PaymTermId`). `InvoiceId`, `InvoiceAmount` and `Posted` are set by posting and are read-only.
 */
export const CUST_INVOICE_TABLE: RecordSpec = {
  name: 'CustInvoiceTable',
  label: 'Free text invoices (CustInvoiceTable)',
  fields: [
    ...concurrencyFields(),
    f('CurrencyCode', str(3)),
    f('CustomerRef', str(60)),
    f('DefaultDimension', dimensionSet),
    f('DocumentNum', str(20)),
    f('DueDate', date),
    f('ExchRate', decimal),
    f('InvoiceAccount', str(20)),
    f('InvoiceAmount', money, { access: 'read' }),
    f('InvoiceDate', date),
    f('InvoiceId', str(20), { access: 'read' }),
    f('OrderAccount', str(20), { mandatory: true }),
    f('PaymTermId', str(10)),
    f('Posted', NO_YES, { access: 'read' }),
    f('TaxGroup', str(10)),
  ],
  children: [{ record: CUST_INVOICE_LINE, many: true }],
};

export const FREE_TEXT_INVOICE_DOCUMENT: DocumentSpec = { name: 'FreeTextInvoice', namespace: documentNamespace('FreeTextInvoice'), root: CUST_INVOICE_TABLE };

// ---- journals -------------------------------------------------------------------------

/** `LedgerJournalACType` (integer order: Ledger 0, Cust 1, Vend 2, Project 3, FixedAssets 4, Bank 6). */
export const ACCOUNT_TYPE = enumOf('AxdEnum_LedgerJournalACType', ['Ledger', 'Cust', 'Vend', 'Project', 'FixedAssets', 'Bank'], 'Ledger');
export const SETTLEMENT_TYPE = enumOf('AxdEnum_SettlementType', ['None', 'OpenTransact', 'SelectedTransact'], 'None');
export const JOURNAL_TYPE = enumOf('AxdEnum_LedgerJournalType', ['Daily', 'CustPayment', 'VendInvoiceRegister', 'VendPayment'], 'Daily');

const JOURNAL_TRANS_FIELDS: FieldSpec[] = [
  f('AccountType', ACCOUNT_TYPE, { mandatory: true }),
  f('AmountCurCredit', money),
  f('AmountCurDebit', money),
  f('Company', str(4)),
  f('CurrencyCode', str(3)),
  f('DefaultDimension', dimensionSet),
  f('DocumentDate', date),
  f('DocumentNum', str(20)),
  f('Due', date),
  f('ExchRate', decimal),
  f('Invoice', str(20)),
  f('LedgerDimension', multiTypeAccount),
  f('LineNum', decimal, { access: 'read' }),
  f('MarkedInvoice', str(20)),
  f('OffsetAccountType', ACCOUNT_TYPE),
  f('OffsetLedgerDimension', multiTypeAccount),
  f('PaymId', str(40)),
  f('PaymReference', str(40)),
  f('SettleVoucher', SETTLEMENT_TYPE),
  f('TaxGroup', str(10)),
  f('TaxItemGroup', str(10)),
  f('TransDate', date),
  f('Txt', str(60)),
  f('Voucher', str(20)),
  ...recIdFields(),
];

export const LEDGER_JOURNAL_TRANS: RecordSpec = { name: 'LedgerJournalTrans', label: 'Journal lines (LedgerJournalTrans)', fields: JOURNAL_TRANS_FIELDS, children: [] };

export const LEDGER_JOURNAL_TABLE: RecordSpec = {
  name: 'LedgerJournalTable',
  label: 'Journals (LedgerJournalTable)',
  fields: [
    ...concurrencyFields(),
    f('CurrencyCode', str(3)),
    f('DefaultDimension', dimensionSet),
    f('JournalName', str(10), { mandatory: true }),
    f('JournalNum', str(10), { access: 'read' }),
    f('JournalType', JOURNAL_TYPE, { access: 'read' }),
    f('Name', str(60)),
    f('Posted', NO_YES, { access: 'read' }),
  ],
  children: [{ record: LEDGER_JOURNAL_TRANS, many: true }],
};

export const GENERAL_JOURNAL_DOCUMENT: DocumentSpec = { name: 'LedgerGeneralJournal', namespace: documentNamespace('LedgerGeneralJournal'), root: LEDGER_JOURNAL_TABLE };
/** Document root/namespace of AxdCustPaymJournal is [G] (reference §2.7). */
export const CUST_PAYM_JOURNAL_DOCUMENT: DocumentSpec = { name: 'CustPaymJournal', namespace: documentNamespace('CustPaymJournal'), root: LEDGER_JOURNAL_TABLE };
export const PURCHASE_INVOICE_DOCUMENT: DocumentSpec = { name: 'PurchaseInvoice', namespace: documentNamespace('PurchaseInvoice'), root: LEDGER_JOURNAL_TABLE };

// ---- customer transactions (read only) --------------------------------------------------

/** `LedgerTransType` subset. */
export const TRANS_TYPE = enumOf('AxdEnum_LedgerTransType', ['None', 'Sales', 'Purch', 'Cust', 'Vend', 'Payment', 'GeneralJournal', 'ExchAdjustment'], 'None');

const read = { access: 'read' as const };

const CUST_TRANS_OPEN: RecordSpec = {
  name: 'CustTransOpen',
  label: 'Open customer transactions (CustTransOpen)',
  fields: [f('AmountCur', money, { ...read, mandatory: true }), f('AmountMST', money, read), f('DueDate', date, read), f('TransDate', date, read), ...recIdFields()],
  children: [],
};

const CUST_SETTLEMENT: RecordSpec = {
  name: 'CustSettlement',
  label: 'Customer settlements (CustSettlement)',
  fields: [f('OffsetRecId', { kind: 'int64' }, read), f('OffsetTransVoucher', str(20), read), f('SettleAmountCur', money, read), f('SettleAmountMST', money, read), f('TransDate', date, read), ...recIdFields()],
  children: [],
};

export const CUST_TRANS: RecordSpec = {
  name: 'CustTrans',
  label: 'Customer transactions (CustTrans)',
  fields: [
    f('AccountNum', str(20), read),
    f('AmountCur', money, { ...read, mandatory: true }),
    f('AmountMST', money, read),
    f('Closed', date, read),
    f('CurrencyCode', str(3), read),
    f('DocumentNum', str(20), read),
    f('DueDate', date, read),
    f('ExchRate', decimal, read),
    f('Invoice', str(20), read),
    f('PaymReference', str(40), read),
    f('SettleAmountCur', money, read),
    f('SettleAmountMST', money, read),
    f('TransDate', date, read),
    f('TransType', TRANS_TYPE, read),
    f('Txt', str(60), read),
    f('Voucher', str(20), read),
    ...recIdFields(),
  ],
  children: [
    { record: CUST_TRANS_OPEN, many: true },
    { record: CUST_SETTLEMENT, many: true },
  ],
};

export const CUSTOMER_TRANSACTION_DOCUMENT: DocumentSpec = { name: 'CustomerTransaction', namespace: documentNamespace('CustomerTransaction'), root: CUST_TRANS };

// ---- exchange rates -----------------------------------------------------------------------

const EXCHANGE_RATE: RecordSpec = {
  name: 'ExchangeRate',
  label: 'Exchange rates (ExchangeRate)',
  fields: [f('ExchangeRate', decimal, { mandatory: true }), f('ValidFrom', date, { mandatory: true }), f('ValidTo', date), ...recIdFields()],
  children: [],
};

/**
 * AX 2012 exchange rates (LedgerExchangeRatesService, AxdExchangeRates): a currency pair with
 * its dated rates. Rates are accounting-currency units per `ExchangeRateDisplayFactor` (100)
 * foreign units, as in the seed and the journals' `ExchRate`.
 */
export const EXCHANGE_RATE_CURRENCY_PAIR: RecordSpec = {
  name: 'ExchangeRateCurrencyPair',
  label: 'Currency pairs (ExchangeRateCurrencyPair)',
  fields: [
    f('ExchangeRateDisplayFactor', enumOf('AxdEnum_ExchangeRateDisplayFactor', ['One', 'Ten', 'Hundred', 'Thousand', 'TenThousand'], 'One')),
    f('ExchangeRateType', str(20), { mandatory: true }),
    f('FromCurrencyCode', str(3), { mandatory: true }),
    f('ToCurrencyCode', str(3), { mandatory: true }),
    ...recIdFields(),
  ],
  children: [{ record: EXCHANGE_RATE, many: true }],
};

export const EXCHANGE_RATES_DOCUMENT: DocumentSpec = { name: 'ExchangeRates', namespace: documentNamespace('ExchangeRates'), root: EXCHANGE_RATE_CURRENCY_PAIR };
