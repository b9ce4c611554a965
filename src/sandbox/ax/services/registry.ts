import { SERVICE_DEFINITIONS, type ServiceId } from '../catalog.js';
import type { ServiceHandlers } from '../operations/context.js';
import { freeTextInvoiceHandlers } from './free-text-invoice.js';
import { journalHandlers } from './journals.js';
import { customerHandlers, vendorHandlers } from './parties.js';
import { itemHandlers, productHandlers } from './products.js';
import { referenceHandlers } from './reference-data.js';
import { salesInvoiceHandlers } from './sales-invoices.js';
import { customerTransactionHandlers } from './transactions.js';

const SPECIFIC: Partial<Record<ServiceId, ServiceHandlers>> = {
  customer: customerHandlers,
  vendor: vendorHandlers,
  product: productHandlers,
  item: itemHandlers,
  freeTextInvoice: freeTextInvoiceHandlers,
  generalJournal: journalHandlers('Daily', true),
  custPaymJournal: journalHandlers('CustPayment', false),
  purchaseInvoice: journalHandlers('VendInvoiceRegister', false),
  customerTransaction: customerTransactionHandlers,
  salesInvoice: salesInvoiceHandlers,
};

/** Operation handlers of every service of the port, by service id. */
export const SERVICE_HANDLERS: ReadonlyMap<ServiceId, ServiceHandlers> = new Map(SERVICE_DEFINITIONS.map((d) => [d.id, SPECIFIC[d.id] ?? referenceHandlers(d.id, d.keyFields)]));
