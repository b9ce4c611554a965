import type { FlowName } from '../../config/sections/flows.js';
import type { MessageTypeRegistry } from '../../engine/message-types.js';
import { customerSyncPayload, ENDPOINTS, invoiceSyncPayload, MESSAGE, paymentSyncPayload, shopOrderPayload, shopPaymentPayload } from '../contracts.js';
import { isPlainShopOrderPayload } from '../shop-order-check.js';
import { handleCustomerSync } from './customer-sync.js';
import type { OrderToCashDeps } from './deps.js';
import { handleInvoiceSync } from './invoice-sync.js';
import { handlePaymentSync } from './payment-sync.js';
import { handleShopOrder } from './shop-order.js';
import { handleShopPayment } from './shop-payment.js';

/** Which message types each flow runs. */
export const FLOW_MESSAGE_TYPES: Readonly<Record<Exclude<FlowName, 'polling'>, readonly string[]>> = {
  'shop-orders': [MESSAGE.shopOrder],
  'shop-payments': [MESSAGE.shopPayment],
  invoices: [MESSAGE.invoiceSync],
  payments: [MESSAGE.paymentSync],
  customers: [MESSAGE.customerSync],
};

/**
 * Registers the order-to-cash message types. Every type is registered (a process must know the
 * types its handlers enqueue); a type whose flow this process does not run gets no handler here
 * and is claimed only by the processes that run it (`runs` filters the worker).
 */
export function registerOrderToCash(registry: MessageTypeRegistry, deps: OrderToCashDeps): MessageTypeRegistry {
  return registry
    .define({ type: MESSAGE.shopOrder, endpoint: ENDPOINTS.kashflow, schema: shopOrderPayload, check: isPlainShopOrderPayload, handle: (d) => handleShopOrder(deps, d), description: 'shop order → KashFlow sales invoice' })
    .define({ type: MESSAGE.shopPayment, endpoint: ENDPOINTS.kashflow, schema: shopPaymentPayload, handle: (d) => handleShopPayment(deps, d), description: 'shop/gateway payment → KashFlow invoice payment' })
    .define({ type: MESSAGE.invoiceSync, endpoint: ENDPOINTS.ax, schema: invoiceSyncPayload, handle: (d) => handleInvoiceSync(deps, d), description: 'KashFlow sales invoice → AX free-text invoice' })
    .define({ type: MESSAGE.paymentSync, endpoint: ENDPOINTS.ax, schema: paymentSyncPayload, handle: (d) => handlePaymentSync(deps, d), description: 'KashFlow invoice payment → AX customer payment settling the invoice' })
    .define({ type: MESSAGE.customerSync, endpoint: ENDPOINTS.ax, schema: customerSyncPayload, handle: (d) => handleCustomerSync(deps, d), description: 'KashFlow customer → AX customer (created when missing)' });
}
