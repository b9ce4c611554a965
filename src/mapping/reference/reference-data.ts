import type { Dec } from '../../canonical/money.js';
import type { AccountStructure, FiscalPeriod, MainAccount } from '../../canonical/reference.js';

/** An AX customer or vendor as far as the mapping cares. */
export interface AxPartyRef {
  readonly accountNum: string;
  readonly name: string;
  readonly group: string;
  readonly currency: string;
}

/** A released AX product as far as the mapping cares. */
export interface AxProductRef {
  readonly itemId: string;
  readonly name: string;
  readonly itemGroup: string;
  readonly itemTaxGroup: string;
}

/** An AX exchange rate in force on a date: `rate` accounting units per `displayFactor` foreign units. */
export interface AxRateRef {
  readonly from: string;
  readonly date: string;
  readonly rate: Dec;
  readonly displayFactor: number;
}

/**
 * AX reference data of one company, as the mapping needs it. Two implementations: a JSON
 * snapshot file ({@link SnapshotReferenceData}) and, later, the live AX connector. All
 * look-ups are synchronous: a live implementation loads (and caches) before mapping starts.
 */
export interface AxReferenceData {
  readonly company: string;
  readonly accountingCurrency: string;
  /**
   * Changes whenever an answer may have changed (a refresh, a record fetched on demand);
   * absent when the implementation cannot tell. The mapping remembers line decisions across
   * documents only for reference data with a revision (and forgets them when it changes);
   * without one it remembers them for one document at a time.
   */
  readonly revision?: number;
  mainAccount(id: string): MainAccount | undefined;
  accountStructure(name: string): AccountStructure | undefined;
  /** Dimension names known in the company. */
  dimensionNames(): readonly string[];
  /** True when the dimension exists and has this value. */
  hasDimensionValue(dimension: string, value: string): boolean;
  hasCustomerGroup(id: string): boolean;
  hasVendorGroup(id: string): boolean;
  hasPaymentTerms(id: string): boolean;
  hasPaymentMode(id: string): boolean;
  hasCurrency(code: string): boolean;
  hasBankAccount(id: string): boolean;
  /** Journal name setup (`type` is the AX journal type: Daily, CustPayment, VendInvoiceRegister…). */
  journalName(id: string): { readonly id: string; readonly type: string } | undefined;
  /** Tax codes of a sales tax group (customer/vendor side). */
  salesTaxGroupCodes(id: string): readonly string[] | undefined;
  /** Tax codes of an item sales tax group. */
  itemTaxGroupCodes(id: string): readonly string[] | undefined;
  /** Percentage of a tax code. */
  taxCodeRate(code: string): Dec | undefined;
  /** The latest rate for `from` valid on `date` (rate date ≤ date). */
  exchangeRate(from: string, date: string): AxRateRef | undefined;
  customer(accountNum: string): AxPartyRef | undefined;
  vendor(accountNum: string): AxPartyRef | undefined;
  product(itemId: string): AxProductRef | undefined;
  period(date: string): FiscalPeriod | undefined;
}
