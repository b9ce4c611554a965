/** The inbox events change detection produces, with the contracts' keys (`src/flows/contracts.ts`). */
import type { InboundEvent } from '../../../engine/inbox.js';
import { AGGREGATE, MESSAGE, MESSAGE_KEY } from '../../../flows/contracts.js';

/** `kashflow.invoice.sync` for invoice `number`: one message per invoice wherever it was detected. */
export function invoiceSyncEvent(source: string, number: number): InboundEvent {
  return {
    source,
    dedupeKey: `invoice:${number}`,
    type: MESSAGE.invoiceSync,
    key: MESSAGE_KEY.invoiceSync(number),
    aggregateKey: AGGREGATE.kashflowInvoice(number),
    payload: { number, detectedBy: 'poller' },
  };
}

/** `kashflow.payment.sync` for payment line `paymentId` of invoice `invoiceNumber`, ordered after its invoice. */
export function paymentSyncEvent(source: string, invoiceNumber: number, paymentId: number): InboundEvent {
  return {
    source,
    dedupeKey: `payment:${paymentId}`,
    type: MESSAGE.paymentSync,
    key: MESSAGE_KEY.paymentSync(paymentId),
    aggregateKey: AGGREGATE.kashflowInvoice(invoiceNumber),
    payload: { invoiceNumber, paymentId, detectedBy: 'poller' },
  };
}

/**
 * `kashflow.customer.sync` for a customer seen with `lastUpdated`. The inbox dedupe key holds the
 * timestamp (each change is its own event); the message identity is the customer, as the
 * contract says: the message means "make sure this customer exists in AX", so a later change
 * of a customer already carried is acknowledged as a duplicate.
 */
export function customerSyncEvent(source: string, code: string, lastUpdated: string): InboundEvent {
  return {
    source,
    dedupeKey: `customer:${code.toUpperCase()}:${lastUpdated}`,
    type: MESSAGE.customerSync,
    key: MESSAGE_KEY.customerSync(code),
    payload: { code, detectedBy: 'poller' },
  };
}
