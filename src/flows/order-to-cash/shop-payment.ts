import { Dec, fixed } from '../../canonical/money.js';
import { dependencyMissing, type Delivery, type FollowUp, type HandlerResult } from '../../engine/handler.js';
import { AGGREGATE, MESSAGE, MESSAGE_KEY, XREF, type ShopPaymentPayload } from '../contracts.js';
import type { OrderToCashDeps } from './deps.js';

interface PaymentLineJson {
  Id?: unknown;
  Note?: unknown;
}

/**
 * `shop.payment`: a gateway or shop payment is recorded against the order's KashFlow invoice.
 * It parks until the order's invoice exists. The payment note carries the gateway payment id,
 * which is how a resend finds a payment an earlier attempt may have recorded; a payment for an
 * invoice that is already fully paid (e.g. reported by two sources) is not recorded twice.
 */
export async function handleShopPayment(deps: OrderToCashDeps, d: Delivery<ShopPaymentPayload>): Promise<HandlerResult> {
  const p = d.payload;
  const paymentXref = XREF.shopPayment(p.source, p.paymentId);
  const known = await d.lookupXref(paymentXref.system, paymentXref.entity, paymentXref.sourceId);
  if (known !== null) return { output: { payment: Number(known), already: true } };

  const orderXref = XREF.shopOrder(deps.orderSourceOf(p.source), p.orderId);
  const invoiceRef = await d.lookupXref(orderXref.system, orderXref.entity, orderXref.sourceId);
  if (invoiceRef === null) throw dependencyMissing(orderXref, { reason: `order ${p.orderId} has no KashFlow invoice yet` });
  const invoiceNumber = Number(invoiceRef);

  const note = paymentNote(p);
  const invoice = await deps.kashflow.getInvoice(invoiceNumber);
  const lines = (Array.isArray(invoice.PaymentLines) ? invoice.PaymentLines : []) as PaymentLineJson[];
  const existing = lines.find((l) => String(l.Note ?? '').includes(note));
  let paymentId: number | undefined = existing ? Number(existing.Id) : undefined;
  if (paymentId === undefined) {
    const due = new Dec(String(invoice.DueAmount ?? '0'));
    if (due.lte(0)) return { xrefs: [{ ...paymentXref, targetId: 'none' }], output: { skipped: 'invoice already fully paid', invoice: invoiceNumber } };
    paymentId = await deps.kashflow.insertInvoicePayment({ documentNumber: invoiceNumber, date: p.date, note, methodId: deps.shop.paymentMethodId, bankAccountId: deps.shop.bankAccountId, amount: fixed(new Dec(p.amount), 2) });
  }
  const enqueue: FollowUp[] = deps.flows.enabled.includes('payments') ? [{ type: MESSAGE.paymentSync, payload: { invoiceNumber, paymentId, detectedBy: 'shop' as const }, key: MESSAGE_KEY.paymentSync(paymentId), global: true, aggregateKey: AGGREGATE.kashflowInvoice(invoiceNumber) }] : [];
  // A trigger of "paid": the invoice goes to AX once this payment completes it.
  if (deps.flows.enabled.includes('invoices') && deps.flows.invoiceTrigger === 'paid') {
    enqueue.unshift({ type: MESSAGE.invoiceSync, payload: { number: invoiceNumber, detectedBy: 'shop' }, key: MESSAGE_KEY.invoiceSync(invoiceNumber), global: true, aggregateKey: AGGREGATE.kashflowInvoice(invoiceNumber) });
  }
  return { xrefs: [{ ...paymentXref, targetId: String(paymentId) }], enqueue, output: { payment: paymentId, invoice: invoiceNumber, recorded: existing === undefined } };
}

/** The note kfax writes on the KashFlow payment; it identifies the payment on a resend. */
export function paymentNote(p: ShopPaymentPayload): string {
  return `${p.source} payment ${p.paymentId}`;
}
