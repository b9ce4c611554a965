import type { Dec } from '../../../canonical/money.js';

/**
 * Typed models of the AX 2012 AIF documents kfax creates (reference §2, §3). Amounts are
 * decimals rounded by the mapping; the XML builders only format them. Optional fields that
 * are `undefined` are not emitted.
 */

/** One financial dimension value (`Value {Name, Value}` in the sharedtypes namespace). */
export interface DimensionValue {
  readonly name: string;
  readonly value: string;
}

/** `AxdType_MultiTypeAccount`: a main account plus dimension segments, or a customer/vendor/bank id. */
export interface LedgerAccount {
  readonly account: string;
  /** Segments of the account structure joined by its delimiter. */
  readonly displayValue: string;
  /** The non-main-account segments (empty for Cust/Vend/Bank accounts). */
  readonly values: readonly DimensionValue[];
}

/** CustInvoiceTable (free-text invoice header). */
export interface FreeTextInvoiceHeader {
  orderAccount: string;
  invoiceAccount: string;
  currencyCode: string;
  invoiceDate: string;
  dueDate?: string;
  /** The KashFlow invoice number: kfax's natural key for finding the invoice again. */
  documentNum: string;
  /** AX style: accounting-currency units per 100 foreign units. */
  exchRate?: Dec;
  defaultDimension: DimensionValue[];
}

/** CustInvoiceLine. */
export interface FreeTextInvoiceLine {
  lineNum: number;
  description: string;
  quantity: Dec;
  unitPrice: Dec;
  amountCur: Dec;
  ledgerDimension: LedgerAccount;
  taxGroup?: string;
  taxItemGroup?: string;
  defaultDimension: DimensionValue[];
}

export interface FreeTextInvoiceDocument {
  kind: 'freeTextInvoice';
  header: FreeTextInvoiceHeader;
  lines: FreeTextInvoiceLine[];
}

/** LedgerJournalACType symbols. */
export type LedgerAccountType = 'Ledger' | 'Cust' | 'Vend' | 'Bank';

/** LedgerJournalTrans. Exactly one of the debit/credit amounts is set. */
export interface LedgerJournalLine {
  accountType: LedgerAccountType;
  ledgerDimension: LedgerAccount;
  offsetAccountType?: LedgerAccountType;
  offsetLedgerDimension?: LedgerAccount;
  amountCurDebit?: Dec;
  amountCurCredit?: Dec;
  currencyCode: string;
  exchRate?: Dec;
  transDate: string;
  documentDate?: string;
  due?: string;
  txt?: string;
  invoice?: string;
  documentNum?: string;
  paymReference?: string;
  markedInvoice?: string;
  taxGroup?: string;
  taxItemGroup?: string;
  defaultDimension: DimensionValue[];
}

/** LedgerJournalTable. */
export interface LedgerJournalHeader {
  journalName: string;
  name: string;
  currencyCode?: string;
}

/** Which journal service a journal document goes to. */
export type LedgerJournalKind = 'generalJournal' | 'customerPaymentJournal' | 'purchaseInvoiceJournal';

export interface LedgerJournalDocument {
  kind: LedgerJournalKind;
  header: LedgerJournalHeader;
  lines: LedgerJournalLine[];
}

/** DirPartyPostalAddressView. */
export interface PostalAddress {
  street: string;
  city: string;
  county: string;
  zipCode: string;
  countryRegionId: string;
  roles: string;
  isPrimary: boolean;
  locationName?: string;
}

/** DirPartyContactInfoView. */
export interface ContactInfo {
  type: 'Phone' | 'Email' | 'URL' | 'Fax';
  locator: string;
  isPrimary: boolean;
  isMobilePhone?: boolean;
}

/** DirParty (organisation or person). */
export interface DirParty {
  type: 'Organization' | 'Person';
  name: string;
  nameAlias?: string;
  languageId?: string;
  /** Person name parts (persons only). */
  firstName?: string;
  lastName?: string;
  addresses: PostalAddress[];
  contacts: ContactInfo[];
}

/** CustTable or VendTable with its party. `extraFields` are extra CustTable/VendTable fields from custom-field rules. */
export interface AccountTableDocument {
  kind: 'customer' | 'vendor';
  accountNum: string;
  group: string;
  currency: string;
  paymTermId?: string;
  paymMode?: string;
  taxGroup?: string;
  vatNum?: string;
  defaultDimension: DimensionValue[];
  extraFields: Record<string, string>;
  party: DirParty;
}

/** EcoResProduct (a distinct product) — the shared product. */
export interface ProductDocument {
  kind: 'product';
  productNumber: string;
  productType: 'Item' | 'Service';
  searchName: string;
  name: string;
  description: string;
  languageId: string;
}

/** InventTable (release of a product to the company) [G field names: ItemId, ItemGroupId, NameAlias, Product]. */
export interface ItemDocument {
  kind: 'item';
  itemId: string;
  productNumber: string;
  itemGroupId?: string;
  nameAlias: string;
}

/** Any document kfax builds for AX. */
export type AxDocument = FreeTextInvoiceDocument | LedgerJournalDocument | AccountTableDocument | ProductDocument | ItemDocument;
