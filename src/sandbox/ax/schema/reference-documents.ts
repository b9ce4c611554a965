import { documentNamespace } from '../namespaces.js';
import { date, decimal, enumOf, f, int, recIdFields, str, type DocumentSpec, type RecordSpec } from './spec.js';

/**
 * Read-only reference-data documents (find/read) for `kfax mapping validate`. Except for
 * vendor groups (VendVendGroupService, external name `VendGroupService`, reference §2.1) AX 2012
 * has no (or no known) document service for these: service and document names and fields are
 * [G] and configurable through the catalog.
 */

const read = { access: 'read' as const };

function record(name: string, label: string, fields: RecordSpec['fields'], children: RecordSpec['children'] = []): RecordSpec {
  return { name, label, fields: [...fields, ...recIdFields()], children };
}

function doc(name: string, root: RecordSpec): DocumentSpec {
  return { name, namespace: documentNamespace(name), root };
}

export const MAIN_ACCOUNT_DOCUMENT = doc(
  'MainAccount',
  record('MainAccount', 'Main accounts (MainAccount)', [f('AccountStructure', str(60), read), f('MainAccountId', str(20), { ...read, mandatory: true }), f('Name', str(60), read), f('Type', enumOf('AxdEnum_DimensionLedgerAccountType', ['ProfitAndLoss', 'BalanceSheet'], 'ProfitAndLoss'), { ...read, mandatory: true })]),
);

export const DIMENSION_ATTRIBUTE_DOCUMENT = doc('DimensionAttribute', record('DimensionAttribute', 'Financial dimensions (DimensionAttribute)', [f('Name', str(60), { ...read, mandatory: true })]));

export const DIMENSION_VALUE_DOCUMENT = doc(
  'DimensionValue',
  record('DimensionValue', 'Financial dimension values (DimensionFinancialTag)', [f('Description', str(60), read), f('DimensionName', str(60), { ...read, mandatory: true }), f('Value', str(30), { ...read, mandatory: true })]),
);

const SEGMENT = record('AccountStructureSegment', 'Account structure segments', [f('DimensionName', str(60), { ...read, mandatory: true }), f('Position', int, { ...read, mandatory: true })]);
export const ACCOUNT_STRUCTURE_DOCUMENT = doc('AccountStructure', record('AccountStructure', 'Account structures (DimensionHierarchy)', [f('Delimiter', str(1), { ...read, mandatory: true }), f('Name', str(60), { ...read, mandatory: true })], [{ record: SEGMENT, many: true }]));

export const CUST_GROUP_DOCUMENT = doc('CustGroup', record('CustGroup', 'Customer groups (CustGroup)', [f('CustGroup', str(10), { ...read, mandatory: true }), f('Name', str(60), read)]));
export const VEND_GROUP_DOCUMENT = doc('VendGroup', record('VendGroup', 'Vendor groups (VendGroup)', [f('Name', str(60), read), f('VendGroup', str(10), { ...read, mandatory: true })]));

export const PAYMENT_TERM_DOCUMENT = doc(
  'PaymTerm',
  record('PaymTerm', 'Terms of payment (PaymTerm)', [f('Description', str(60), read), f('NumOfDays', int, read), f('PaymMethod', enumOf('AxdEnum_NetCurrent', ['Net', 'CurrentMonth'], 'Net'), read), f('PaymTermId', str(10), { ...read, mandatory: true })]),
);

export const PAYM_MODE_DOCUMENT = doc('PaymMode', record('CustPaymModeTable', 'Methods of payment (CustPaymModeTable)', [f('Name', str(60), read), f('PaymMode', str(10), { ...read, mandatory: true })]));

export const CURRENCY_DOCUMENT = doc('Currency', record('Currency', 'Currencies (Currency)', [f('CurrencyCode', str(3), { ...read, mandatory: true }), f('Txt', str(60), read)]));

export const TAX_CODE_DOCUMENT = doc('TaxCode', record('TaxTable', 'Sales tax codes (TaxTable)', [f('TaxCode', str(10), { ...read, mandatory: true }), f('TaxName', str(60), read), f('TaxValue', decimal, { ...read, mandatory: true })]));

const TAX_GROUP_DATA = record('TaxGroupData', 'Sales tax group codes (TaxGroupData)', [f('TaxCode', str(10), { ...read, mandatory: true })]);
export const TAX_GROUP_DOCUMENT = doc('TaxGroup', record('TaxGroupHeading', 'Sales tax groups (TaxGroupHeading)', [f('TaxGroup', str(10), { ...read, mandatory: true }), f('TaxGroupName', str(60), read)], [{ record: TAX_GROUP_DATA, many: true }]));

const TAX_ON_ITEM = record('TaxOnItem', 'Item sales tax group codes (TaxOnItem)', [f('TaxCode', str(10), { ...read, mandatory: true })]);
export const TAX_ITEM_GROUP_DOCUMENT = doc('TaxItemGroup', record('TaxItemGroupHeading', 'Item sales tax groups (TaxItemGroupHeading)', [f('Name', str(60), read), f('TaxItemGroup', str(10), { ...read, mandatory: true })], [{ record: TAX_ON_ITEM, many: true }]));

export const BANK_ACCOUNT_DOCUMENT = doc(
  'BankAccount',
  record('BankAccountTable', 'Bank accounts (BankAccountTable)', [f('AccountID', str(10), { ...read, mandatory: true }), f('CurrencyCode', str(3), read), f('MainAccount', str(20), read), f('Name', str(60), read)]),
);

export const JOURNAL_NAME_DOCUMENT = doc(
  'LedgerJournalName',
  record('LedgerJournalName', 'Journal names (LedgerJournalName)', [f('JournalName', str(10), { ...read, mandatory: true }), f('JournalType', enumOf('AxdEnum_LedgerJournalType', ['Daily', 'CustPayment', 'VendInvoiceRegister', 'VendPayment'], 'Daily'), { ...read, mandatory: true }), f('Name', str(60), read)]),
);

export const FISCAL_PERIOD_DOCUMENT = doc(
  'FiscalPeriod',
  record('FiscalCalendarPeriod', 'Ledger fiscal periods (LedgerFiscalCalendarPeriod)', [f('EndDate', date, { ...read, mandatory: true }), f('Name', str(60), { ...read, mandatory: true }), f('StartDate', date, { ...read, mandatory: true }), f('Status', enumOf('AxdEnum_FiscalPeriodStatus', ['Open', 'OnHold', 'Closed']), { ...read, mandatory: true })]),
);

export const ITEM_GROUP_DOCUMENT = doc('ItemGroup', record('InventItemGroup', 'Item groups (InventItemGroup)', [f('ItemGroupId', str(10), { ...read, mandatory: true }), f('Name', str(60), read)]));
