import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { KfClient } from './helpers.js';

/**
 * Field-name drift guard: the exact PascalCase field sets, written out literally from
 * /work/shared/reference/kashflow-api.md (§5), so that renaming a field fails here.
 */

const sb = useSandbox();
const kf = new KfClient(sb);

beforeAll(async () => {
  await kf.login();
});

const keys = (o: object): string[] => Object.keys(o).sort();
const sorted = (a: string[]): string[] => [...a].sort();

const CUSTOMER = ['Id', 'Code', 'Name', 'DisplayName', 'Contacts', 'Addresses', 'DeliveryAddresses', 'UseCustomDeliveryAddress', 'Email', 'TelephoneNumber', 'MobileNumber', 'FaxNumber', 'Website', 'Currency', 'PaymentTerms', 'DiscountRate', 'ShowDiscount', 'VATNumber', 'AutoIncludeVATNumber', 'IsRegisteredInEC', 'IsRegisteredOutsideEC', 'Note', 'Source', 'DefaultNominalCode', 'DefaultCustomerReference', 'ReceivesWholesalePricing', 'ApplyWHT', 'WHTRate', 'WHTReferences', 'CustomTextBoxes', 'CustomCheckBoxes', 'CreatedDate', 'LastUpdatedDate', 'FirstInvoiceDate', 'LastInvoiceDate', 'InvoiceCount', 'InvoicedNetAmount', 'InvoicedVATAmount', 'TotalPaidAmount', 'OutstandingBalance', 'AverageDaysToPay', 'IsArchived', 'IsGoCardlessMandateSet', 'AutomaticCreditControlEnabled', 'Key', 'UniqueEntityNumber', 'EmailTemplateNumber', 'PDFThemeId', 'EnvelopeUrl', 'CreateCustomerCodeIfDuplicate', 'CreateCustomerNameIfEmptyOrNull'];
const SUPPLIER = ['Id', 'Code', 'Name', 'Contacts', 'Address', 'Currency', 'PaymentTerms', 'VatNumber', 'IsRegisteredInEC', 'DefaultNominalCode', 'PaymentMethod', 'BankAccount', 'DefaultPdfTheme', 'Note', 'CreatedDate', 'LastUpdatedDate', 'FirstPurchaseDate', 'LastPurchaseDate', 'OutstandingBalance', 'TotalPaidAmount', 'TotalDueAmount', 'BilledNetAmount', 'BilledVatAmount', 'IsArchived', 'ApplyWithholdingTax', 'WithholdingTaxRate', 'WithholdingTaxReferences', 'IsCISReverseCharge', 'TradeBorderType', 'IsVatRateEnabled', 'DefaultVatRate', 'VatExempt', 'UniqueEntityNumber', 'CreateSupplierCodeIfDuplicate', 'CreateSupplierNameIfEmptyOrNull'];
const CONTACT = ['Name', 'Title', 'Firstname', 'LastName', 'Email', 'Telephone', 'Mobile', 'Fax', 'Website'];
const ADDRESS = ['Line1', 'Line2', 'Line3', 'Line4', 'PostCode', 'CountryCode', 'CountryName'];
const CURRENCY = ['Id', 'Code', 'Name', 'Symbol', 'ExchangeRate', 'DisplaySymbolOnRight'];
const INVOICE = ['Id', 'Number', 'CustomerCode', 'CustomerId', 'CustomerName', 'CustomerKey', 'CustomerContactName', 'CustomerContactFirstName', 'CustomerContactLastName', 'CustomerReference', 'IssuedDate', 'DueDate', 'CreatedDate', 'LastPaymentDate', 'PaidDate', 'Status', 'NetAmount', 'VATAmount', 'GrossAmount', 'HomeCurrencyGrossAmount', 'HomeCurrencyVATAmount', 'TotalPaidAmount', 'DueAmount', 'FormattedDueAmount', 'OverdueDays', 'Currency', 'LineItems', 'PaymentLines', 'Address', 'DeliveryAddress', 'UseCustomDeliveryAddress', 'UpdateCustomerAddress', 'UpdateCustomerDeliveryAddress', 'VATNumber', 'CustomerDiscount', 'InvoiceInECMemberState', 'InvoiceOutsideECMemberState', 'ProjectNumber', 'ProjectName', 'ProjectGrossAmount', 'Permalink', 'PackingSlipPermalink', 'PreviousNumber', 'NextNumber', 'ReminderLetters', 'EmailCount', 'FileCount', 'IsArchived', 'SuppressNumber', 'AutomaticCreditControlEnabled', 'PayOnlinePaymentProcessor', 'TradeBorderType', 'Type', 'VATReturnId', 'IsCISReverseCharge', 'CISRCNetAmount', 'CISRCVatAmount', 'IsWhtDeductionToBeApplied'];
const PURCHASE = ['Id', 'Number', 'SupplierCode', 'SupplierName', 'SupplierReference', 'IssuedDate', 'DueDate', 'PaidDate', 'Status', 'NetAmount', 'VATAmount', 'GrossAmount', 'HomeCurrencyGrossAmount', 'TotalPaidAmount', 'DueAmount', 'OverdueDays', 'Currency', 'LineItems', 'PaymentLines', 'Permalink', 'PreviousNumber', 'NextNumber', 'FileCount', 'ProjectNumber', 'ProjectName', 'PurchaseInECMemberState', 'StockManagementApplicable', 'AdditionalFieldValue', 'IsWhtDeductionToBeApplied', 'IsCISReverseCharge', 'CISRCNetAmount', 'CISRCVatAmount', 'TradeBorderType', 'IsEmailSent', 'VATReturnId', 'Type'];
const LINE = ['Number', 'Description', 'Quantity', 'Rate', 'NominalCode', 'NominalId', 'NominalName', 'ProductCode', 'ProductName', 'VATLevel', 'VATAmount', 'VATExempt', 'TaxCode', 'ProjectNumber', 'HomeCurrencyRate', 'HomeCurrencyVATAmount', 'ApplyTax1', 'ApplyTax2', 'ApplyTax3', 'ApplyTax4', 'ApplyTax5', 'Tax1Amount', 'Tax2Amount', 'Tax3Amount', 'Tax4Amount', 'Tax5Amount'];
const PURCHASE_LINE = [...LINE, 'Disallowed', 'StockInfo', 'ImportDuty', 'HomeCurrencyImportDuty'];
const PAYMENT_LINE = ['Id', 'Date', 'Amount', 'Method', 'AccountId', 'Note', 'Reference', 'Permalink', 'BulkId', 'BulkPaymentNumber', 'BFSTransactionId', 'BankTransactionId', 'PaymentProcessor', 'PaymentProcessorEnumValue', 'IsPaymentCreditNote', 'VATReturnId', 'InvoiceNumber', 'PayDate'];
const BULK = ['Number', 'Date', 'AccountId', 'Method', 'Comment', 'Reconciled', 'Permalink', 'PaymentItems'];
const BULK_ITEM = [...PAYMENT_LINE, 'ContactName', 'ContactReference', 'ObjectNumber', 'ObjectIssuedDate', 'PaidDate', 'CustomerName'];
const NOMINAL = ['Id', 'Code', 'Name', 'Type', 'NomType', 'Classification', 'ControlAccountClassification', 'Sa103Code', 'Archived', 'Disallowed', 'Description', 'VATRate', 'VATExempt', 'Price', 'WholeSalePrice', 'AutoFillLineItem', 'IsProduct', 'DefaultProduct', 'DigitalService', 'Special', 'AllowDelete', 'PlOption', 'BsOption', 'IRISCoAName', 'IsIRISCoA', 'ManageStockLevel', 'QuantityInStock', 'StockWarningQuantity', 'ComplianceCode'];
const BANK = ['Id', 'Code', 'AccountName', 'IsDefaultAccount', 'IsArchived', 'StartingDate', 'StartingAmount', 'BankBalance', 'ReconcileDate', 'TransactionLockEnabled', 'TransactionLockDate', 'DefaultInvoicePaymentType', 'DefaultReceiptPaymentType', 'Note', 'IncludeOnDashBoard', 'ShowPaidInFirst', 'IconId', 'BankFeedsAccountId', 'FeedAccountName', 'FeedAccountNumber', 'FeedAccountHolder', 'FeedSource', 'FeedSiteName', 'LastTransactionImportDate', 'Order', 'Period'];
const PROJECT = ['Id', 'Number', 'Name', 'Reference', 'Description', 'Note', 'CustomerCode', 'CustomerId', 'CustomerName', 'StartDate', 'EndDate', 'Status', 'StatusName', 'ExcludeVAT', 'TargetSalesAmount', 'TargetPurchasesAmount', 'ActualSalesAmount', 'ActualPurchasesAmount', 'ActualSalesVATAmount', 'ActualPurchasesVATAmount', 'ActualJournalsAmount', 'WorkInProgressAmount', 'AssociatedQuotesCount', 'VatAmountBankTransactions'];
const PRODUCT = ['Id', 'Code', 'Name', 'Description', 'Price', 'WholesalePrice', 'VATRate', 'NominalCode', 'NominalId', 'AutoFill', 'ManagesStock', 'QuantityInStock', 'WarnAt', 'IsArchived'];
// Journals: the REST shape is unknown [U]; this pins the sandbox's documented guess.
const JOURNAL = ['Id', 'Number', 'Date', 'Description', 'CreatedDate', 'Lines'];
const JOURNAL_LINE = ['Number', 'NominalCode', 'NominalName', 'Debit', 'Credit', 'Comment', 'ProjectNumber'];
const ENVELOPE = ['Data', 'MetaData'];
const METADATA = ['FirstPageUrl', 'LastPageUrl', 'NextPageUrl', 'PreviousPageUrl', 'TotalRecords'];

describe('field names match the reference exactly', () => {
  it('customer detail and list item', async () => {
    const list = (await kf.get('/customers?perpage=1')).json();
    expect(keys(list)).toEqual(sorted(ENVELOPE));
    expect(keys(list.MetaData)).toEqual(sorted(METADATA));
    expect(keys(list.Data[0])).toEqual(sorted(CUSTOMER));
    const d = (await kf.get(`/customers/${list.Data[0].Code}`)).json();
    expect(keys(d)).toEqual(sorted(CUSTOMER));
    expect(keys(d.Contacts[0])).toEqual(sorted(CONTACT));
    expect(keys(d.Addresses[0])).toEqual(sorted(ADDRESS));
    expect(keys(d.Currency)).toEqual(sorted(CURRENCY));
    expect(keys(d.PaymentTerms)).toEqual(['Days', 'Type']);
    expect(keys(d.CustomTextBoxes[0])).toEqual(['Name', 'Value']);
  });

  it('supplier detail and list item', async () => {
    const list = (await kf.get('/suppliers?perpage=1')).json();
    expect(keys(list.Data[0])).toEqual(sorted(SUPPLIER));
    const d = (await kf.get(`/suppliers/${list.Data[0].Code}`)).json();
    expect(keys(d)).toEqual(sorted(SUPPLIER));
    expect(keys(d.Address)).toEqual(sorted(ADDRESS));
    expect(keys(d.BankAccount)).toEqual(['Name', 'Number', 'SortCode']);
  });

  it('sales invoice detail, list item, line and payment line', async () => {
    const list = (await kf.get('/invoices?perpage=1')).json();
    expect(keys(list.Data[0])).toEqual(sorted(INVOICE));
    const paid = (await kf.get('/invoices?perpage=100')).json().Data.find((i: { TotalPaidAmount: number }) => i.TotalPaidAmount > 0);
    const d = (await kf.get(`/invoices/${paid.Number}`)).json();
    expect(keys(d)).toEqual(sorted(INVOICE));
    expect(keys(d.LineItems[0])).toEqual(sorted(LINE));
    expect(keys(d.PaymentLines[0])).toEqual(sorted(PAYMENT_LINE));
    expect(keys(d.Currency)).toEqual(sorted(CURRENCY));
  });

  it('purchase detail, list item, line and payment line (no SupplierId by default)', async () => {
    const list = (await kf.get('/purchases?perpage=1')).json();
    expect(keys(list.Data[0])).toEqual(sorted(PURCHASE));
    const paid = (await kf.get('/purchases?perpage=100')).json().Data.find((i: { TotalPaidAmount: number }) => i.TotalPaidAmount > 0);
    const d = (await kf.get(`/purchases/${paid.Number}`)).json();
    expect(keys(d)).toEqual(sorted(PURCHASE));
    expect(keys(d.LineItems[0])).toEqual(sorted(PURCHASE_LINE));
    expect(keys(d.PaymentLines[0])).toEqual(sorted(PAYMENT_LINE));
  });

  it('bulk payment and its items', async () => {
    const r = (await kf.send('POST', '/invoices/bulk/payments', { AccountId: 1, Method: 3, PaymentItems: [{ ObjectNumber: 1002, Amount: 1 }] })).json();
    expect(keys(r)).toEqual(sorted(BULK));
    expect(keys(r.PaymentItems[0])).toEqual(sorted(BULK_ITEM));
  });

  it('reference data: currencies, VAT rates, nominals, bank accounts, payment methods', async () => {
    expect(keys((await kf.get('/currencies')).json()[0])).toEqual(['Code', 'DisplaySymbolOnRight', 'ExchangeRate', 'Name', 'Symbol']);
    expect(keys((await kf.get('/vat/settings/vatrates')).json()[0])).toEqual(['VATId', 'VATRate', 'VATText']);
    expect(keys((await kf.get('/nominals')).json()[0])).toEqual(sorted(NOMINAL));
    expect(keys((await kf.get('/nominals/4000')).json())).toEqual(sorted(NOMINAL));
    const bank = (await kf.get('/bankaccounts')).json()[0];
    expect(keys(bank)).toEqual(sorted(BANK));
    expect(keys((await kf.get('/bankaccounts/1')).json())).toEqual(sorted(BANK));
    expect(keys((await kf.get('/bankaccounts/list')).json().Data[0])).toEqual(sorted(BANK));
    expect(keys((await kf.get('/paymentmethods/invoice')).json()[0])).toEqual(['Id', 'Name']);
  });

  it('projects, products and journals', async () => {
    expect(keys((await kf.get('/projects')).json()[0])).toEqual(sorted(PROJECT));
    expect(keys((await kf.get('/projects/1')).json())).toEqual(sorted(PROJECT));
    const product = (await kf.get('/products')).json()[0];
    expect(keys(product)).toEqual(sorted(PRODUCT));
    expect(keys((await kf.get(`/products/${product.NominalCode}/${product.Code}`)).json())).toEqual(sorted(PRODUCT));
    expect(keys((await kf.get('/products/list')).json().Data[0])).toEqual(sorted(PRODUCT));
    const j = (await kf.send('POST', '/journals', { Lines: [{ NominalCode: 7100, Debit: 1 }, { NominalCode: 2100, Credit: 1 }] })).json();
    expect(keys(j)).toEqual(sorted(JOURNAL));
    expect(keys(j.Lines[0])).toEqual(sorted(JOURNAL_LINE));
    expect(keys((await kf.get('/journals')).json().Data[0])).toEqual(sorted(JOURNAL));
  });
});
