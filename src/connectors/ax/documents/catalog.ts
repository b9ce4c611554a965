/**
 * The AIF document services kfax writes to: external service name (used in the SOAPAction)
 * and document name (root element and namespace). Names marked [G] in the reference are the
 * defaults shared with the AX sandbox. The real names are the `ExternalName` of each service
 * node in the customer's AOT; kfax.yaml does not override these (only the services reconcile
 * reads, under `reconcile.services`), so a deployment whose names differ needs them changed here.
 */
export interface AxServiceName {
  /** External name in the action URI (e.g. `CustomerService`). */
  readonly service: string;
  /** Document (root element) name (e.g. `Customer`). */
  readonly document: string;
}

export const AX_SERVICES = {
  customer: { service: 'CustomerService', document: 'Customer' },
  vendor: { service: 'VendTableService', document: 'VendTable' },
  product: { service: 'EcoResProductService', document: 'EcoResProduct' },
  item: { service: 'ItemService', document: 'Item' },
  freeTextInvoice: { service: 'FreeTextInvoiceService', document: 'FreeTextInvoice' },
  generalJournal: { service: 'GeneralJournalService', document: 'LedgerGeneralJournal' },
  customerPaymentJournal: { service: 'CustPaymJournalService', document: 'CustPaymJournal' },
  purchaseInvoiceJournal: { service: 'PurchaseInvoiceService', document: 'PurchaseInvoice' },
} as const satisfies Record<string, AxServiceName>;

/** Keys of {@link AX_SERVICES}. */
export type AxServiceKey = keyof typeof AX_SERVICES;
