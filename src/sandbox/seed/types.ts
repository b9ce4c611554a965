/**
 * The seeded "world" shared by both sandboxes: one UK trading company that keeps its books
 * in KashFlow and reports into a Dynamics AX group ledger. Plain data; each sandbox turns it
 * into its own store. Money is decimal text, dates are `yyyy-MM-dd`.
 */

export interface AddressSeed {
  line1: string;
  line2: string;
  town: string;
  county: string;
  postCode: string;
  /** ISO alpha-2 as KashFlow uses it (Greece = `EL`). */
  countryCode: string;
  countryName: string;
}

export interface ContactSeed {
  firstName: string;
  lastName: string;
  email: string;
  telephone: string;
}

/** A KashFlow customer or supplier. */
export interface PartySeed {
  code: string;
  name: string;
  contact: ContactSeed;
  address: AddressSeed;
  currency: string;
  paymentTermsDays: number;
  paymentTermsType: 'AfterIssuedDate' | 'AfterMonthEnd';
  vatNumber: string;
  /** Default nominal code for new lines (sales for customers, purchases for suppliers). */
  defaultNominalCode: number;
  isRegisteredInEC: boolean;
  isRegisteredOutsideEC: boolean;
  /** Custom fields (KashFlow `CustomTextBoxes` / `CustomCheckBoxes`). */
  customText: Record<string, string>;
  customChecks: Record<string, boolean>;
  createdDate: string;
  lastUpdatedDate: string;
  /** AX account number of the same party, when AX already knows it. */
  axAccount: string | undefined;
  /** AX customer/vendor group the party belongs to (when it exists in AX). */
  axGroup: string;
}

export interface NominalSeed {
  code: number;
  name: string;
  /** KashFlow classification id: 1 Turnover, 2 Cost of Sale, 3 Expense, 4 Fixed Asset, 5 Current Asset/Liability, 6 Capital & Reserves. */
  classification: 1 | 2 | 3 | 4 | 5 | 6;
  /** 1 sales type, 2 purchase type, 3 bank, 0 other (control accounts). */
  nomType: 0 | 1 | 2 | 3;
  vatRate: string;
  /** AX main account this nominal maps to in the example configuration. */
  axMainAccount: string;
}

export interface BankAccountSeed {
  id: number;
  /** Nominal code of the bank (KashFlow bank accounts are nominal codes). */
  code: number;
  name: string;
  isDefault: boolean;
  /** AX bank account id (BankAccountTable) used as the payment offset account. */
  axBankAccount: string;
}

export interface CurrencySeed {
  code: string;
  name: string;
  symbol: string;
  /** KashFlow rate: foreign units per 1 unit of home currency. */
  kashflowRate: string;
}

export interface VatRateSeed {
  id: number;
  rate: string;
  text: string;
  /** AX item sales tax group for this rate. */
  axItemTaxGroup: string;
}

export interface PaymentMethodSeed {
  id: number;
  name: string;
}

export interface ProductSeed {
  code: string;
  name: string;
  description: string;
  price: string;
  vatRate: string;
  nominalCode: number;
  isService: boolean;
  /** AX item number when the product exists in AX (AX masters products). */
  axItemId: string | undefined;
}

export interface ProjectSeed {
  number: number;
  name: string;
  reference: string;
  customerCode: string;
  status: 0 | 1 | 2;
  startDate: string;
  /** AX financial dimension value (Project) for this project. */
  axDimensionValue: string;
}

export interface DocumentLineSeed {
  description: string;
  quantity: string;
  rate: string;
  nominalCode: number;
  vatRate: string;
  vatExempt: boolean;
  productCode: string;
  projectNumber: number;
}

export interface PaymentSeed {
  date: string;
  amount: string;
  methodId: number;
  bankAccountId: number;
  note: string;
}

/** A historical sales invoice or purchase already in KashFlow. */
export interface DocumentSeed {
  number: number;
  partyCode: string;
  issuedDate: string;
  dueDate: string;
  reference: string;
  currency: string;
  exchangeRate: string;
  lines: DocumentLineSeed[];
  payments: PaymentSeed[];
}

export interface KashflowSeed {
  credentials: { username: string; password: string; memorableWord: string };
  companyName: string;
  homeCurrency: string;
  vatNumber: string;
  nominals: NominalSeed[];
  bankAccounts: BankAccountSeed[];
  currencies: CurrencySeed[];
  vatRates: VatRateSeed[];
  invoicePaymentMethods: PaymentMethodSeed[];
  purchasePaymentMethods: PaymentMethodSeed[];
  customers: PartySeed[];
  suppliers: PartySeed[];
  products: ProductSeed[];
  projects: ProjectSeed[];
  invoices: DocumentSeed[];
  purchases: DocumentSeed[];
}

export interface AxMainAccountSeed {
  id: string;
  name: string;
  /** Profit & loss or balance sheet. */
  type: 'ProfitAndLoss' | 'BalanceSheet';
  /** Account structure (by name) that applies to this main account. */
  structure: string;
}

export interface AxDimensionSeed {
  name: string;
  values: { value: string; description: string }[];
}

export interface AxAccountStructureSeed {
  name: string;
  /** Segment names in order; the first is always `MainAccount`. */
  segments: string[];
  delimiter: string;
}

export interface AxTaxCodeSeed {
  code: string;
  name: string;
  rate: string;
}

export interface AxPartySeed {
  accountNum: string;
  name: string;
  group: string;
  currency: string;
  paymTermId: string;
  taxGroup: string;
  vatNum: string;
  address: { street: string; city: string; county: string; zipCode: string; countryRegionId: string };
  email: string;
  phone: string;
  /** Financial dimension defaults. */
  defaultDimension: Record<string, string>;
}

export interface AxProductSeed {
  itemId: string;
  name: string;
  productType: 'Item' | 'Service';
  itemGroup: string;
  itemTaxGroup: string;
  salesPrice: string;
  /** Released to the company (InventTable exists). */
  released: boolean;
}

export interface AxPeriodSeed {
  /** `yyyy-MM`. */
  month: string;
  start: string;
  end: string;
  status: 'Open' | 'OnHold' | 'Closed';
}

export interface AxCompanySeed {
  /** DataAreaId, e.g. `kfuk`. */
  id: string;
  name: string;
  accountingCurrency: string;
  mainAccounts: AxMainAccountSeed[];
  dimensions: AxDimensionSeed[];
  accountStructures: AxAccountStructureSeed[];
  customerGroups: { id: string; name: string }[];
  vendorGroups: { id: string; name: string }[];
  paymentTerms: { id: string; days: number; afterMonthEnd: boolean }[];
  paymentModes: { id: string; name: string }[];
  currencies: { code: string; name: string }[];
  /**
   * Exchange rates into the accounting currency, AX style: `rate` units of accounting
   * currency per `displayFactor` (100) units of `from` currency, valid from `date`.
   */
  exchangeRates: { from: string; date: string; rate: string; displayFactor: number }[];
  taxCodes: AxTaxCodeSeed[];
  /** Customer/vendor side sales tax groups → tax codes. */
  salesTaxGroups: { id: string; codes: string[] }[];
  /** Item side sales tax groups → tax codes. */
  itemSalesTaxGroups: { id: string; codes: string[] }[];
  bankAccounts: { id: string; name: string; mainAccount: string; currency: string }[];
  journalNames: { id: string; name: string; type: 'Daily' | 'CustPayment' | 'VendInvoiceRegister' | 'VendPayment' }[];
  periods: AxPeriodSeed[];
  customers: AxPartySeed[];
  vendors: AxPartySeed[];
  products: AxProductSeed[];
  /** Main account used for customer balances (posting profile) and vendor balances. */
  receivablesAccount: string;
  payablesAccount: string;
  salesTaxPayableAccount: string;
  salesTaxReceivableAccount: string;
}

export interface AxUserSeed {
  domain: string;
  username: string;
  password: string;
  defaultCompany: string;
  language: string;
}

export interface AxSeed {
  /** Integration port name in the endpoint path. */
  portName: string;
  users: AxUserSeed[];
  companies: AxCompanySeed[];
}

/** Everything both sandboxes are seeded from. */
export interface World {
  seed: number;
  /** The sandbox's notion of today (`yyyy-MM-dd`). */
  today: string;
  kashflow: KashflowSeed;
  ax: AxSeed;
}
