import type { Delivery, HandlerResult } from '../../engine/handler.js';
import { addDays } from '../../util/dates.js';
import { fixedText } from '../../util/fixed-text.js';
import { RawJsonNumber } from '../../util/json-raw.js';
import { AGGREGATE, MESSAGE, MESSAGE_KEY, XREF, type ShopOrderPayload } from '../contracts.js';
import type { OrderToCashDeps } from './deps.js';
import { exVatRate } from './ex-vat-rate.js';

/**
 * `shop.order`: a shop order becomes a KashFlow sales invoice. The buyer is found by e-mail or
 * created; the invoice carries the order name as CustomerReference, which is how a resend finds an
 * invoice an earlier attempt may have created (KashFlow has no idempotency keys). On success the
 * invoice's AX sync is enqueued with the invoice's global identity, so a poller seeing the same
 * invoice adds nothing.
 */
export async function handleShopOrder(deps: OrderToCashDeps, d: Delivery<ShopOrderPayload>): Promise<HandlerResult> {
  const order = d.payload;
  const orderXref = XREF.shopOrder(order.source, order.orderId);
  const known = await d.lookupXref(orderXref.system, orderXref.entity, orderXref.sourceId);
  if (known !== null) return { output: { invoice: Number(known), already: true } };

  const buyerXref = XREF.shopCustomer(order.email);
  let customerCode = (await d.lookupXref(buyerXref.system, buyerXref.entity, buyerXref.sourceId)) ?? (await deps.kashflow.findCustomerByEmail(order.email));
  let createdCustomer = false;
  if (customerCode === undefined || customerCode === null) {
    customerCode = await deps.kashflow.createCustomer(customerBody(order));
    createdCustomer = true;
  }

  // Only a resend can find an invoice an earlier attempt created (look up before re-creating).
  let number = d.resend && !createdCustomer ? await deps.kashflow.findInvoiceByReference(customerCode, order.orderName) : undefined;
  const createdInvoice = number === undefined;
  if (number === undefined) number = await deps.kashflow.createInvoice(await invoiceBody(deps, order, customerCode));

  const enqueue = deps.flows.enabled.includes('invoices') && deps.flows.invoiceTrigger === 'issued' ? [{ type: MESSAGE.invoiceSync, payload: { number, detectedBy: 'shop' as const }, key: MESSAGE_KEY.invoiceSync(number), global: true, aggregateKey: AGGREGATE.kashflowInvoice(number) }] : [];
  return {
    xrefs: [
      { ...orderXref, targetId: String(number) },
      { ...buyerXref, targetId: customerCode },
    ],
    enqueue,
    output: { invoice: number, customer: customerCode, createdCustomer, createdInvoice },
  };
}

function customerBody(order: ShopOrderPayload): Record<string, unknown> {
  const [first, ...rest] = order.customerName.split(' ');
  const address = { Line1: order.address.line1, Line2: order.address.line2, Line3: order.address.town, Line4: order.address.county, PostCode: order.address.postCode, CountryCode: order.address.countryCode || 'GB' };
  return {
    Name: order.companyName || order.customerName,
    Email: order.email,
    Contacts: [{ Name: order.customerName, Firstname: first ?? '', LastName: rest.join(' '), Email: order.email }],
    Addresses: [address],
    Currency: { Code: order.currency },
    PaymentTerms: { Days: 0, Type: 'AfterIssuedDate' },
    Note: `Created by kfax from ${order.source} order ${order.orderName}`,
    CreateCustomerCodeIfDuplicate: true,
  };
}

async function invoiceBody(deps: OrderToCashDeps, order: ShopOrderPayload, customerCode: string): Promise<Record<string, unknown>> {
  const rate = order.currency === deps.mapping.currency.accountingCurrency ? '1' : await deps.kashflow.exchangeRate(order.currency);
  return {
    CustomerCode: customerCode,
    IssuedDate: `${order.orderDate} 12:00:00`,
    DueDate: `${addDays(order.orderDate, deps.shop.dueDays)} 12:00:00`,
    CustomerReference: order.orderName,
    Currency: { Code: order.currency, ExchangeRate: new RawJsonNumber(fixedText(rate, 4)) },
    LineItems: order.lines.map((l, i) => {
      // KashFlow rates are ex-VAT; a tax-inclusive shop price is converted (4 dp, half-up).
      const unitRate = order.pricesIncludeTax ? exVatRate(l.unitPrice, l.vatPercent) : fixedText(l.unitPrice, 4);
      return {
        Number: i + 1,
        Description: l.sku ? `${l.description} (${l.sku})` : l.description,
        Quantity: new RawJsonNumber(fixedText(l.quantity, 4)),
        Rate: new RawJsonNumber(unitRate),
        NominalCode: l.kind === 'shipping' ? deps.shop.shippingNominalCode : deps.shop.salesNominalCode,
        VATLevel: new RawJsonNumber(fixedText(l.vatPercent, 4)),
        VATExempt: false,
      };
    }),
  };
}
