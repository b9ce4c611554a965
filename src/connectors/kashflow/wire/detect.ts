import { ENTITY_KINDS, type CanonicalDocument, type EntityKind } from '../../../canonical/model.js';
import { KfaxError } from '../../../errors/kfax-error.js';
import type { WireParseOptions } from './common.js';
import { parseKashflowInvoice, parseKashflowPurchase } from './invoice.js';
import { parseKashflowJournal } from './journal.js';
import { parseKashflowCustomer, parseKashflowSupplier } from './party.js';
import { parseKashflowCustomerPayments } from './payment.js';
import { parseKashflowProduct } from './product.js';
import { WireReader } from './reader.js';

/**
 * Tells which entity a KashFlow JSON document is from its shape, or explains why it cannot.
 * Signals: `PaymentLine`+`Invoice` → payment; `LineItems` with a customer/supplier code →
 * invoice/purchase; `Lines`/`JournalLines` → journal; customer-only fields (`Addresses`,
 * `CustomTextBoxes`, `InvoiceCount`…) vs supplier-only fields (`PaymentMethod`, `BankAccount`,
 * `FirstPurchaseDate`…); `Price` with `VATRate`/`NominalCode` → product.
 */
export function inferKashflowEntity(json: unknown): EntityKind {
  const r = new WireReader(json);
  if (r.has('PaymentLine', 'Payment') && r.has('Invoice')) return 'customer-payment';
  if (r.has('LineItems')) {
    if (r.has('CustomerCode', 'CustomerId', 'CustomerName')) return 'sales-invoice';
    if (r.has('SupplierCode', 'SupplierId', 'SupplierName')) return 'purchase-invoice';
    throw unknownShape('it has LineItems but neither CustomerCode nor SupplierCode');
  }
  if (r.has('Lines', 'JournalLines')) return 'journal';
  if (r.has('Code', 'Name')) {
    const customerSignals = ['Addresses', 'DeliveryAddresses', 'CustomTextBoxes', 'CustomCheckBoxes', 'InvoiceCount', 'FirstInvoiceDate', 'IsRegisteredOutsideEC', 'DiscountRate', 'DefaultCustomerReference', 'ShowDiscount'].filter((n) => r.has(n)).length;
    const supplierSignals = ['PaymentMethod', 'BankAccount', 'FirstPurchaseDate', 'LastPurchaseDate', 'BilledNetAmount', 'TotalDueAmount', 'DefaultPdfTheme', 'IsCISReverseCharge'].filter((n) => r.has(n)).length;
    const productSignals = ['Price', 'WholesalePrice', 'ManagesStock', 'QuantityInStock', 'VATRate'].filter((n) => r.has(n)).length;
    const best = Math.max(customerSignals, supplierSignals, productSignals);
    if (best > 0) {
      const winners = [customerSignals === best ? 'customer' : '', supplierSignals === best ? 'supplier' : '', productSignals === best ? 'product' : ''].filter(Boolean);
      if (winners.length === 1) return winners[0] as EntityKind;
      throw unknownShape(`it looks like more than one of ${winners.join(', ')}`);
    }
  }
  throw unknownShape('none of the known KashFlow shapes matches');
}

function unknownShape(reason: string): KfaxError {
  return new KfaxError('KFAX_MAPPING_ENTITY_UNKNOWN', [`${reason}; pass --entity (one of ${ENTITY_KINDS.join(', ')})`]);
}

/** Parses a KashFlow document of a known entity into canonical records (payments may give several). */
export function parseKashflowDocument(entity: EntityKind, json: unknown, options: WireParseOptions = {}): CanonicalDocument[] {
  switch (entity) {
    case 'sales-invoice':
      return [{ entity, record: parseKashflowInvoice(json, options) }];
    case 'purchase-invoice':
      return [{ entity, record: parseKashflowPurchase(json, options) }];
    case 'customer-payment':
      return parseKashflowCustomerPayments(json, options).map((record) => ({ entity, record }));
    case 'journal':
      return [{ entity, record: parseKashflowJournal(json) }];
    case 'customer':
      return [{ entity, record: parseKashflowCustomer(json) }];
    case 'supplier':
      return [{ entity, record: parseKashflowSupplier(json) }];
    case 'product':
      return [{ entity, record: parseKashflowProduct(json) }];
  }
}
