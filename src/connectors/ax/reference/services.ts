/**
 * The AIF services kfax reads AX reference data from. Except VendGroupService, CustomerService,
 * VendTableService and EcoResProductService, AX 2012 has no known standard document service for
 * these: the names are the AX sandbox's [G] and every one can be renamed (the `ExternalName`
 * of the service node in the customer's AOT) or skipped.
 */
export interface ReferenceServiceName {
  /** External name used in the SOAPAction. */
  readonly service: string;
  /** Top-level record element of its document. */
  readonly record: string;
}

export const REFERENCE_SERVICES = {
  mainAccount: { service: 'MainAccountService', record: 'MainAccount' },
  dimensionAttribute: { service: 'DimensionAttributeService', record: 'DimensionAttribute' },
  dimensionValue: { service: 'DimensionValueService', record: 'DimensionValue' },
  accountStructure: { service: 'AccountStructureService', record: 'AccountStructure' },
  custGroup: { service: 'CustGroupService', record: 'CustGroup' },
  vendGroup: { service: 'VendGroupService', record: 'VendGroup' },
  paymentTerm: { service: 'PaymentTermService', record: 'PaymTerm' },
  paymMode: { service: 'PaymModeService', record: 'CustPaymModeTable' },
  currency: { service: 'CurrencyService', record: 'Currency' },
  taxCode: { service: 'TaxCodeService', record: 'TaxTable' },
  taxGroup: { service: 'TaxGroupService', record: 'TaxGroupHeading' },
  taxItemGroup: { service: 'TaxItemGroupService', record: 'TaxItemGroupHeading' },
  bankAccount: { service: 'BankAccountService', record: 'BankAccountTable' },
  ledgerJournalName: { service: 'LedgerJournalNameService', record: 'LedgerJournalName' },
  fiscalPeriod: { service: 'FiscalPeriodService', record: 'FiscalCalendarPeriod' },
  exchangeRates: { service: 'ExchangeRatesService', record: 'ExchangeRateCurrencyPair' },
  customer: { service: 'CustomerService', record: 'CustTable' },
  vendor: { service: 'VendTableService', record: 'VendTable' },
  product: { service: 'EcoResProductService', record: 'Product' },
  item: { service: 'ItemService', record: 'InventTable' },
} as const satisfies Record<string, ReferenceServiceName>;

/** Ids of {@link REFERENCE_SERVICES}. */
export type ReferenceServiceId = keyof typeof REFERENCE_SERVICES;

/** Services that hold master data (customers, vendors, products) rather than setup. */
export const PARTY_AND_PRODUCT_SERVICES: readonly ReferenceServiceId[] = ['customer', 'vendor', 'product', 'item'];

/** The service names in force: defaults with overrides applied. */
export function referenceServiceNames(overrides: Partial<Record<ReferenceServiceId, Partial<ReferenceServiceName>>> = {}): Record<ReferenceServiceId, ReferenceServiceName> {
  const out = {} as Record<ReferenceServiceId, ReferenceServiceName>;
  for (const [id, def] of Object.entries(REFERENCE_SERVICES) as [ReferenceServiceId, ReferenceServiceName][]) out[id] = { ...def, ...overrides[id] };
  return out;
}
