import type { AxMainAccountSeed, BankAccountSeed, CurrencySeed, NominalSeed, PaymentMethodSeed, VatRateSeed } from './types.js';

/**
 * The fixed part of the seed: a small UK chart of accounts in KashFlow, the AX main
 * accounts they map to, banks, currencies and VAT. Same for every seed so that the example
 * mapping configuration in `examples/` always matches.
 */
export const NOMINALS: readonly NominalSeed[] = [
  { code: 1100, name: 'Trade Debtors', classification: 5, nomType: 0, vatRate: '0', axMainAccount: '130100' },
  { code: 1200, name: 'Bank Current Account', classification: 5, nomType: 3, vatRate: '0', axMainAccount: '110110' },
  { code: 1210, name: 'Bank Deposit Account', classification: 5, nomType: 3, vatRate: '0', axMainAccount: '110120' },
  { code: 1230, name: 'Petty Cash', classification: 5, nomType: 3, vatRate: '0', axMainAccount: '110130' },
  { code: 1250, name: 'Card Payments Clearing', classification: 5, nomType: 3, vatRate: '0', axMainAccount: '110140' },
  { code: 2100, name: 'Trade Creditors', classification: 5, nomType: 0, vatRate: '0', axMainAccount: '211100' },
  { code: 2200, name: 'VAT Liability', classification: 5, nomType: 0, vatRate: '0', axMainAccount: '222100' },
  { code: 2201, name: 'VAT on Purchases', classification: 5, nomType: 0, vatRate: '0', axMainAccount: '222200' },
  { code: 3000, name: 'Share Capital', classification: 6, nomType: 0, vatRate: '0', axMainAccount: '300100' },
  { code: 4000, name: 'Sales', classification: 1, nomType: 1, vatRate: '20', axMainAccount: '401100' },
  { code: 4010, name: 'Sales - Online Shop', classification: 1, nomType: 1, vatRate: '20', axMainAccount: '401200' },
  { code: 4020, name: 'Sales - Wholesale', classification: 1, nomType: 1, vatRate: '20', axMainAccount: '401300' },
  { code: 4050, name: 'Consultancy Income', classification: 1, nomType: 1, vatRate: '20', axMainAccount: '402100' },
  { code: 4900, name: 'Carriage Charged', classification: 1, nomType: 1, vatRate: '20', axMainAccount: '403100' },
  { code: 4905, name: 'Other Income', classification: 1, nomType: 1, vatRate: '0', axMainAccount: '409100' },
  { code: 5000, name: 'Cost of Sales - Goods', classification: 2, nomType: 2, vatRate: '20', axMainAccount: '501100' },
  { code: 5100, name: 'Carriage Inwards', classification: 2, nomType: 2, vatRate: '20', axMainAccount: '502100' },
  { code: 6200, name: 'Subcontractors', classification: 2, nomType: 2, vatRate: '20', axMainAccount: '601100' },
  { code: 7000, name: 'Wages and Salaries', classification: 3, nomType: 2, vatRate: '0', axMainAccount: '603100' },
  { code: 7100, name: 'Rent and Rates', classification: 3, nomType: 2, vatRate: '0', axMainAccount: '606100' },
  { code: 7200, name: 'Heat, Light and Power', classification: 3, nomType: 2, vatRate: '5', axMainAccount: '606200' },
  { code: 7500, name: 'Office Costs', classification: 3, nomType: 2, vatRate: '20', axMainAccount: '607100' },
  { code: 7502, name: 'Telephone and Internet', classification: 3, nomType: 2, vatRate: '20', axMainAccount: '607200' },
  { code: 7600, name: 'Professional Fees', classification: 3, nomType: 2, vatRate: '20', axMainAccount: '608100' },
  { code: 7900, name: 'Bank Charges', classification: 3, nomType: 2, vatRate: '0', axMainAccount: '618100' },
  { code: 8200, name: 'Software Subscriptions', classification: 3, nomType: 2, vatRate: '20', axMainAccount: '607300' },
];

/** AX main accounts (company chart). P&L accounts use the structure with dimensions. */
export const MAIN_ACCOUNTS: readonly AxMainAccountSeed[] = [
  ...NOMINALS.map((n): AxMainAccountSeed => ({
    id: n.axMainAccount,
    name: n.name,
    type: n.classification <= 3 ? 'ProfitAndLoss' : 'BalanceSheet',
    structure: n.classification <= 3 ? 'MainAccount-BU-Dept' : 'MainAccount only',
  })),
  { id: '618200', name: 'Exchange rate differences', type: 'ProfitAndLoss', structure: 'MainAccount-BU-Dept' },
  { id: '618300', name: 'Penny rounding', type: 'ProfitAndLoss', structure: 'MainAccount-BU-Dept' },
  { id: '999999', name: 'Suspense', type: 'BalanceSheet', structure: 'MainAccount only' },
];

export const BANK_ACCOUNTS: readonly BankAccountSeed[] = [
  { id: 1, code: 1200, name: 'Current Account', isDefault: true, axBankAccount: 'BARC-CUR' },
  { id: 2, code: 1210, name: 'Deposit Account', isDefault: false, axBankAccount: 'BARC-DEP' },
  { id: 3, code: 1230, name: 'Petty Cash', isDefault: false, axBankAccount: 'PETTY' },
  { id: 4, code: 1250, name: 'Card Payments', isDefault: false, axBankAccount: 'CARDCLR' },
];

/** KashFlow rates are foreign units per 1 GBP (reference §7.2). */
export const CURRENCIES: readonly CurrencySeed[] = [
  { code: 'GBP', name: 'Pound Sterling', symbol: '£', kashflowRate: '1.0000' },
  { code: 'EUR', name: 'Euro', symbol: '€', kashflowRate: '1.1700' },
  { code: 'USD', name: 'US Dollar', symbol: '$', kashflowRate: '1.2700' },
  { code: 'AUD', name: 'Australian Dollar', symbol: 'A$', kashflowRate: '1.9500' },
];

export const VAT_RATES: readonly VatRateSeed[] = [
  { id: 1, rate: '20', text: 'Standard 20%', axItemTaxGroup: 'STD' },
  { id: 2, rate: '5', text: 'Reduced 5%', axItemTaxGroup: 'RED' },
  { id: 3, rate: '0', text: 'Zero rated 0%', axItemTaxGroup: 'ZERO' },
];

/** Item tax group for VAT-exempt (KashFlow `VATExempt: true`) lines. */
export const EXEMPT_ITEM_TAX_GROUP = 'EXEMPT';

export const INVOICE_PAYMENT_METHODS: readonly PaymentMethodSeed[] = [
  { id: 1, name: 'Cash' },
  { id: 2, name: 'Cheque' },
  { id: 3, name: 'BACS' },
  { id: 4, name: 'Credit/Debit Card' },
  { id: 5, name: 'Direct Debit' },
  { id: 6, name: 'Online Payment (Stripe)' },
];

export const PURCHASE_PAYMENT_METHODS: readonly PaymentMethodSeed[] = [
  { id: 1, name: 'Cash' },
  { id: 2, name: 'Cheque' },
  { id: 3, name: 'BACS' },
  { id: 4, name: 'Company Card' },
];

/** AX financial dimensions (Contoso-like). */
export const DIMENSIONS = [
  { name: 'BusinessUnit', values: [{ value: '010', description: 'Retail' }, { value: '020', description: 'Wholesale' }, { value: '030', description: 'Services' }, { value: '040', description: 'Online' }] },
  { name: 'Department', values: [{ value: 'SALES', description: 'Sales' }, { value: 'OPS', description: 'Operations' }, { value: 'FIN', description: 'Finance' }, { value: 'ADMIN', description: 'Administration' }] },
  { name: 'CostCenter', values: [{ value: 'CC100', description: 'Head office' }, { value: 'CC200', description: 'Warehouse' }, { value: 'CC300', description: 'Shop' }, { value: 'CC400', description: 'Field' }] },
  { name: 'Channel', values: [{ value: 'WEB', description: 'Web shop' }, { value: 'STORE', description: 'Store' }, { value: 'B2B', description: 'Trade' }] },
  { name: 'Project', values: [] as { value: string; description: string }[] },
];
