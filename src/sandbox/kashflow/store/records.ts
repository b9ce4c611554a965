import { v5 as uuidv5 } from 'uuid';
import type { Dec } from '../../../canonical/money.js';

/**
 * In-memory records of the KashFlow sandbox. Money and quantities are decimals; business
 * dates are `yyyy-MM-dd`; instants are epoch milliseconds on the sandbox clock.
 *
 * Internal ids are deliberately drawn from ranges that never overlap document numbers,
 * nominal codes or each other (customer ids 30001…, invoice ids 100001…, …) so that a client
 * that confuses an `Id` with a `Number` or `Code` fails loudly against the sandbox.
 */
export const ID_BASE = {
  nominal: 300,
  product: 600,
  project: 700,
  customer: 30_000,
  supplier: 40_000,
  invoice: 100_000,
  purchase: 200_000,
  journal: 300_000,
  payment: 500_000,
  bulkPayment: 800_000,
  line: 900_000,
} as const;

const KEY_NAMESPACE = '6f1c2a57-3d0e-4b8e-9a51-4b46a1f0c0de';

/** A deterministic GUID for an entity (customer `Key` and the like). */
export function entityKey(kind: string, id: number): string {
  return uuidv5(`${kind}:${id}`, KEY_NAMESPACE);
}

/** Something whose list-summary JSON text is cached until it changes (or the day / settings change). */
export interface Cached {
  /** `today|epoch` the cached texts were built for. */
  cacheKey?: string | undefined;
  summaryJson?: string | undefined;
  detailJson?: string | undefined;
}

export interface AddressRec {
  line1: string;
  line2: string;
  line3: string;
  line4: string;
  postCode: string;
  countryCode: string;
  countryName: string;
}

export interface ContactRec {
  name: string;
  title: string;
  firstName: string;
  lastName: string;
  email: string;
  telephone: string;
  mobile: string;
  fax: string;
  website: string;
}

export interface NameValue {
  name: string;
  value: string;
}

export interface PaymentTermsRec {
  days: number;
  type: string;
}

export interface CurrencyRec {
  id: number;
  code: string;
  name: string;
  symbol: string;
  exchangeRate: Dec;
  displaySymbolOnRight: boolean;
  isDefault: boolean;
}

export interface NominalRec {
  id: number;
  code: number;
  name: string;
  /** 1 Turnover … 6 Capital & Reserves. */
  classification: number;
  /** 1 sales, 2 purchase, 3 bank, 0 other. */
  nomType: number;
  vatRate: Dec;
  archived: boolean;
  description: string;
}

export interface BankAccountRec {
  id: number;
  code: number;
  name: string;
  isDefault: boolean;
  isArchived: boolean;
  startingDate: string;
  startingAmount: Dec;
  note: string;
}

export interface VatRateRec {
  id: number;
  rate: Dec;
  text: string;
}

export interface PaymentMethodRec {
  id: number;
  name: string;
}

export interface CustomerRec extends Cached {
  id: number;
  code: string;
  name: string;
  contacts: ContactRec[];
  addresses: AddressRec[];
  deliveryAddresses: AddressRec[];
  useCustomDeliveryAddress: boolean;
  email: string;
  telephone: string;
  mobile: string;
  fax: string;
  website: string;
  currencyCode: string;
  paymentTerms: PaymentTermsRec;
  discountRate: Dec;
  showDiscount: boolean;
  vatNumber: string;
  autoIncludeVatNumber: boolean;
  isRegisteredInEC: boolean;
  isRegisteredOutsideEC: boolean;
  note: string;
  source: number;
  defaultNominalCode: number;
  defaultCustomerReference: string;
  receivesWholesalePricing: boolean;
  applyWht: boolean;
  whtRate: Dec;
  whtReferences: NameValue[];
  customTextBoxes: NameValue[];
  customCheckBoxes: NameValue[];
  createdMs: number;
  updatedMs: number;
  isArchived: boolean;
  automaticCreditControlEnabled: boolean;
  key: string;
  uniqueEntityNumber: string;
  emailTemplateNumber: number;
  pdfThemeId: number;
}

export interface SupplierRec extends Cached {
  id: number;
  code: string;
  name: string;
  contacts: ContactRec[];
  address: AddressRec;
  currencyCode: string;
  paymentTerms: PaymentTermsRec;
  vatNumber: string;
  isRegisteredInEC: boolean;
  defaultNominalCode: number;
  paymentMethod: number;
  bankAccount: { name: string; number: string; sortCode: string };
  defaultPdfTheme: number;
  note: string;
  createdMs: number;
  updatedMs: number;
  isArchived: boolean;
  applyWithholdingTax: boolean;
  withholdingTaxRate: Dec;
  withholdingTaxReferences: NameValue[];
  isCISReverseCharge: boolean;
  tradeBorderType: number;
  isVatRateEnabled: boolean;
  defaultVatRate: Dec;
  vatExempt: boolean;
  uniqueEntityNumber: string;
}

export interface ProductRec extends Cached {
  id: number;
  code: string;
  name: string;
  description: string;
  price: Dec;
  wholesalePrice: Dec;
  vatRate: Dec;
  nominalCode: number;
  autoFill: boolean;
  managesStock: boolean;
  quantityInStock: Dec;
  warnAt: Dec;
  isArchived: boolean;
}

export interface ProjectRec {
  id: number;
  number: number;
  name: string;
  reference: string;
  description: string;
  note: string;
  customerCode: string;
  startDate: string | null;
  endDate: string | null;
  /** 0 complete, 1 active, 2 archived. */
  status: number;
  excludeVat: boolean;
  targetSalesAmount: Dec;
  targetPurchasesAmount: Dec;
}

export type DocumentKind = 'invoice' | 'purchase';

export interface LineRec {
  lineId: number;
  number: number;
  description: string;
  quantity: Dec;
  rate: Dec;
  nominalCode: number;
  productCode: string;
  productName: string;
  vatLevel: Dec;
  vatExempt: boolean;
  taxCode: string | null;
  projectNumber: number;
  /** Quantity × Rate rounded to 2 dp (computed). */
  net: Dec;
  /** round2(net × VATLevel / 100), 0 when exempt (computed). */
  vatAmount: Dec;
}

export interface PaymentRec {
  id: number;
  kind: DocumentKind;
  documentNumber: number;
  date: string;
  /** Document currency [G]. */
  amount: Dec;
  method: number;
  accountId: number;
  note: string;
  reference: string;
  bulkId: number | null;
  bulkNumber: number | null;
}

export interface DocumentRec extends Cached {
  /**
   * The cached detail text is kept in two pieces around `PreviousNumber`/`NextNumber`:
   * `detailJson` is the part before them, this the part after (built with it, read only with it).
   */
  detailTail?: string | undefined;
  kind: DocumentKind;
  id: number;
  number: number;
  /** Code of the customer (invoice) or supplier (purchase), as stored on the party. */
  partyCode: string;
  reference: string;
  issuedDate: string;
  dueDate: string;
  createdMs: number;
  currencyCode: string;
  exchangeRate: Dec;
  lines: LineRec[];
  payments: PaymentRec[];
  projectNumber: number;
  address: AddressRec | null;
  deliveryAddress: AddressRec | null;
  useCustomDeliveryAddress: boolean;
  vatNumber: string;
  customerDiscount: Dec;
  inEc: boolean;
  outsideEc: boolean;
  isArchived: boolean;
  additionalFieldValue: string;
  /** Σ line nets, Σ line VAT, their sum (computed on every write). */
  net: Dec;
  vat: Dec;
  gross: Dec;
}

export interface JournalLineRec {
  number: number;
  nominalCode: number;
  debit: Dec;
  credit: Dec;
  comment: string;
  projectNumber: number;
}

export interface JournalRec extends Cached {
  id: number;
  number: number;
  date: string;
  description: string;
  lines: JournalLineRec[];
  createdMs: number;
}

export interface BulkPaymentRec {
  id: number;
  number: number;
  kind: DocumentKind;
  date: string;
  accountId: number;
  method: number;
  comment: string;
  paymentIds: number[];
}
