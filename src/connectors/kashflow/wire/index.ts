/** KashFlow REST JSON (as the API returns it) → canonical model. */
export { inferKashflowEntity, parseKashflowDocument } from './detect.js';
export { parseKashflowInvoice, parseKashflowPurchase, kashflowLineAmounts } from './invoice.js';
export { parseKashflowCustomerPayments } from './payment.js';
export { parseKashflowJournal } from './journal.js';
export { parseKashflowCustomer, parseKashflowSupplier } from './party.js';
export { parseKashflowProduct } from './product.js';
export { parseWireDate, WireReader } from './reader.js';
export type { WireParseOptions } from './common.js';
