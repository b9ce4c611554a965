import { documentNamespace } from './namespaces.js';
import { CUST_PAYM_JOURNAL_DOCUMENT, CUSTOMER_TRANSACTION_DOCUMENT, EXCHANGE_RATES_DOCUMENT, FREE_TEXT_INVOICE_DOCUMENT, GENERAL_JOURNAL_DOCUMENT, PURCHASE_INVOICE_DOCUMENT } from './schema/ledger-documents.js';
import { CUSTOMER_DOCUMENT, ITEM_DOCUMENT, PRODUCT_DOCUMENT, VENDOR_DOCUMENT } from './schema/master-documents.js';
import { SALES_INVOICE_DOCUMENT } from './schema/sales-invoice-document.js';
import {
  ACCOUNT_STRUCTURE_DOCUMENT,
  BANK_ACCOUNT_DOCUMENT,
  CURRENCY_DOCUMENT,
  CUST_GROUP_DOCUMENT,
  DIMENSION_ATTRIBUTE_DOCUMENT,
  DIMENSION_VALUE_DOCUMENT,
  FISCAL_PERIOD_DOCUMENT,
  ITEM_GROUP_DOCUMENT,
  JOURNAL_NAME_DOCUMENT,
  MAIN_ACCOUNT_DOCUMENT,
  PAYM_MODE_DOCUMENT,
  PAYMENT_TERM_DOCUMENT,
  TAX_CODE_DOCUMENT,
  TAX_GROUP_DOCUMENT,
  TAX_ITEM_GROUP_DOCUMENT,
  VEND_GROUP_DOCUMENT,
} from './schema/reference-documents.js';
import type { DocumentSpec } from './schema/spec.js';

/** The standard document-service operations (reference §1.3). */
export const AIF_OPERATIONS = ['create', 'read', 'update', 'delete', 'find', 'findKeys', 'getKeys', 'getChangedKeys'] as const;
export type AifOperation = (typeof AIF_OPERATIONS)[number];

/** Operations that change data (and are subject to duplicate-message checks). */
export const WRITE_OPERATIONS: ReadonlySet<AifOperation> = new Set(['create', 'update', 'delete']);

/** Stable ids of the services on the sandbox's integration port (keys of the settings). */
export const SERVICE_IDS = [
  'customer',
  'vendor',
  'product',
  'item',
  'freeTextInvoice',
  'generalJournal',
  'custPaymJournal',
  'purchaseInvoice',
  'customerTransaction',
  'salesInvoice',
  'exchangeRates',
  'mainAccount',
  'dimensionAttribute',
  'dimensionValue',
  'accountStructure',
  'custGroup',
  'vendGroup',
  'paymentTerm',
  'paymMode',
  'currency',
  'taxCode',
  'taxGroup',
  'taxItemGroup',
  'bankAccount',
  'ledgerJournalName',
  'fiscalPeriod',
  'itemGroup',
] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

/** Static description of one document service. */
export interface ServiceDefinition {
  readonly id: ServiceId;
  /** AOT service class (reported in `AifFault/…/Service`). */
  readonly serviceClass: string;
  /**
   * Default external name (the `ExternalName` in the SOAPAction). Names the reference marks
   * "?" are guesses [G] and configurable through the settings.
   */
  readonly externalName: string;
  readonly document: DocumentSpec;
  readonly operations: readonly AifOperation[];
  /** Entity key fields returned by create/findKeys (defaults; some are configurable). */
  readonly keyFields: readonly string[];
  /** `ServiceOperationParameter` reported in faults (the X++ parameter name). */
  readonly parameterName: string;
  /** Confidence of the external name: C = confirmed by the reference, G = guess. */
  readonly externalNameConfidence: 'C' | 'G';
}

const REFERENCE_OPS: readonly AifOperation[] = ['read', 'find', 'findKeys'];

function reference(id: ServiceId, serviceClass: string, externalName: string, document: DocumentSpec, keyFields: readonly string[], confidence: 'C' | 'G' = 'G'): ServiceDefinition {
  return { id, serviceClass, externalName, document, operations: REFERENCE_OPS, keyFields, parameterName: `_${document.name.charAt(0).toLowerCase()}${document.name.slice(1)}`, externalNameConfidence: confidence };
}

/** Every service the sandbox's port exposes, with its defaults. */
export const SERVICE_DEFINITIONS: readonly ServiceDefinition[] = [
  { id: 'customer', serviceClass: 'CustCustomerService', externalName: 'CustomerService', document: CUSTOMER_DOCUMENT, operations: ['create', 'read', 'update', 'delete', 'find', 'findKeys', 'getKeys', 'getChangedKeys'], keyFields: ['AccountNum'], parameterName: '_customer', externalNameConfidence: 'C' },
  { id: 'vendor', serviceClass: 'VendVendTableService', externalName: 'VendTableService', document: VENDOR_DOCUMENT, operations: ['create', 'read', 'update', 'delete', 'find', 'findKeys', 'getKeys', 'getChangedKeys'], keyFields: ['AccountNum'], parameterName: '_vendTable', externalNameConfidence: 'C' },
  { id: 'product', serviceClass: 'EcoResProductService', externalName: 'EcoResProductService', document: PRODUCT_DOCUMENT, operations: ['create', 'read', 'find', 'findKeys', 'getKeys', 'getChangedKeys'], keyFields: ['DisplayProductNumber'], parameterName: '_ecoResProduct', externalNameConfidence: 'C' },
  { id: 'item', serviceClass: 'InventItemService', externalName: 'ItemService', document: ITEM_DOCUMENT, operations: ['create', 'read', 'find', 'findKeys'], keyFields: ['ItemId'], parameterName: '_item', externalNameConfidence: 'G' },
  { id: 'freeTextInvoice', serviceClass: 'CustFreeTextInvoiceService', externalName: 'FreeTextInvoiceService', document: FREE_TEXT_INVOICE_DOCUMENT, operations: ['create'], keyFields: ['RecId'], parameterName: '_custFreeTextInvoice', externalNameConfidence: 'G' },
  { id: 'generalJournal', serviceClass: 'LedgerGeneralJournalService', externalName: 'GeneralJournalService', document: GENERAL_JOURNAL_DOCUMENT, operations: ['create', 'read'], keyFields: ['JournalNum'], parameterName: '_ledgerGeneralJournal', externalNameConfidence: 'C' },
  { id: 'custPaymJournal', serviceClass: 'LedgerCustPaymJournalService', externalName: 'CustPaymJournalService', document: CUST_PAYM_JOURNAL_DOCUMENT, operations: ['create'], keyFields: ['JournalNum'], parameterName: '_custPaymJournal', externalNameConfidence: 'G' },
  { id: 'purchaseInvoice', serviceClass: 'LedgerPurchaseInvoiceService', externalName: 'PurchaseInvoiceService', document: PURCHASE_INVOICE_DOCUMENT, operations: ['create'], keyFields: ['JournalNum'], parameterName: '_purchaseInvoice', externalNameConfidence: 'G' },
  { id: 'customerTransaction', serviceClass: 'CustomerTransactionService', externalName: 'CustomerTransactionService', document: CUSTOMER_TRANSACTION_DOCUMENT, operations: ['read', 'find', 'findKeys'], keyFields: ['RecId'], parameterName: '_customerTransaction', externalNameConfidence: 'G' },
  { id: 'salesInvoice', serviceClass: 'SalesSalesInvoiceService', externalName: 'SalesInvoiceService', document: SALES_INVOICE_DOCUMENT, operations: ['read', 'find', 'findKeys'], keyFields: ['InvoiceId'], parameterName: '_salesInvoice', externalNameConfidence: 'G' },
  { id: 'exchangeRates', serviceClass: 'LedgerExchangeRatesService', externalName: 'ExchangeRatesService', document: EXCHANGE_RATES_DOCUMENT, operations: ['read', 'find', 'findKeys'], keyFields: ['FromCurrencyCode', 'ToCurrencyCode', 'ExchangeRateType'], parameterName: '_exchangeRates', externalNameConfidence: 'G' },
  reference('mainAccount', 'MainAccountService', 'MainAccountService', MAIN_ACCOUNT_DOCUMENT, ['MainAccountId']),
  reference('dimensionAttribute', 'DimensionAttributeService', 'DimensionAttributeService', DIMENSION_ATTRIBUTE_DOCUMENT, ['Name']),
  reference('dimensionValue', 'DimensionValueService', 'DimensionValueService', DIMENSION_VALUE_DOCUMENT, ['DimensionName', 'Value']),
  reference('accountStructure', 'AccountStructureService', 'AccountStructureService', ACCOUNT_STRUCTURE_DOCUMENT, ['Name']),
  reference('custGroup', 'CustCustomerGroupsService', 'CustGroupService', CUST_GROUP_DOCUMENT, ['CustGroup']),
  reference('vendGroup', 'VendVendGroupService', 'VendGroupService', VEND_GROUP_DOCUMENT, ['VendGroup'], 'C'),
  reference('paymentTerm', 'PaymPaymentTermsService', 'PaymentTermService', PAYMENT_TERM_DOCUMENT, ['PaymTermId']),
  reference('paymMode', 'CustPaymModeService', 'PaymModeService', PAYM_MODE_DOCUMENT, ['PaymMode']),
  reference('currency', 'CurrencyService', 'CurrencyService', CURRENCY_DOCUMENT, ['CurrencyCode']),
  reference('taxCode', 'TaxCodeService', 'TaxCodeService', TAX_CODE_DOCUMENT, ['TaxCode']),
  reference('taxGroup', 'TaxGroupService', 'TaxGroupService', TAX_GROUP_DOCUMENT, ['TaxGroup']),
  reference('taxItemGroup', 'TaxItemGroupService', 'TaxItemGroupService', TAX_ITEM_GROUP_DOCUMENT, ['TaxItemGroup']),
  reference('bankAccount', 'BankAccountService', 'BankAccountService', BANK_ACCOUNT_DOCUMENT, ['AccountID']),
  reference('ledgerJournalName', 'LedgerJournalNameService', 'LedgerJournalNameService', JOURNAL_NAME_DOCUMENT, ['JournalName']),
  reference('fiscalPeriod', 'FiscalPeriodService', 'FiscalPeriodService', FISCAL_PERIOD_DOCUMENT, ['Name']),
  reference('itemGroup', 'InventItemGroupService', 'ItemGroupService', ITEM_GROUP_DOCUMENT, ['ItemGroupId']),
];

const BY_ID = new Map(SERVICE_DEFINITIONS.map((d) => [d.id, d]));

/** The static definition of a service. */
export function serviceDefinition(id: ServiceId): ServiceDefinition {
  return BY_ID.get(id) as ServiceDefinition;
}

/** A service as currently configured on the port (external and document names applied). */
export interface PortService {
  readonly definition: ServiceDefinition;
  readonly externalName: string;
  readonly document: DocumentSpec;
  readonly keyFields: readonly string[];
  readonly operations: ReadonlySet<AifOperation>;
}

/** What the port needs from the settings to configure its services. */
export interface CatalogSettings {
  readonly externalNames: Readonly<Partial<Record<ServiceId, string>>>;
  readonly documentNames: Readonly<Partial<Record<ServiceId, string>>>;
  readonly freeTextInvoiceKeyField: string;
  readonly journalKeyField: string;
}

/** The services of the integration port, looked up by external name (case-sensitive, as WCF does). */
export class PortCatalog {
  private readonly byExternalName = new Map<string, PortService>();
  private readonly byId = new Map<ServiceId, PortService>();

  constructor(settings: CatalogSettings) {
    for (const def of SERVICE_DEFINITIONS) {
      const externalName = settings.externalNames[def.id] ?? def.externalName;
      const docName = settings.documentNames[def.id] ?? def.document.name;
      const document = docName === def.document.name ? def.document : { ...def.document, name: docName, namespace: documentNamespace(docName) };
      const keyFields = def.id === 'freeTextInvoice' ? [settings.freeTextInvoiceKeyField] : def.id === 'generalJournal' || def.id === 'custPaymJournal' || def.id === 'purchaseInvoice' ? [settings.journalKeyField] : def.keyFields;
      const svc: PortService = { definition: def, externalName, document, keyFields, operations: new Set(def.operations) };
      this.byExternalName.set(externalName, svc);
      this.byId.set(def.id, svc);
    }
  }

  byExternal(name: string): PortService | undefined {
    return this.byExternalName.get(name);
  }

  get(id: ServiceId): PortService {
    return this.byId.get(id) as PortService;
  }

  all(): PortService[] {
    return [...this.byId.values()];
  }
}
