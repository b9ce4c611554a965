import { parseKashflowCustomerPayments } from '../../connectors/kashflow/wire/index.js';
import { dependencyMissing, type Delivery, type HandlerResult } from '../../engine/handler.js';
import { KfaxError } from '../../errors/kfax-error.js';
import { mapCanonical } from '../../mapping/engine.js';
import { XREF, type PaymentSyncPayload } from '../contracts.js';
import { naturalKeys } from '../../connectors/ax/writer/natural-key.js';
import { writeOnce } from './ax-write.js';
import type { OrderToCashDeps } from './deps.js';

/**
 * `kashflow.payment.sync`: one KashFlow invoice payment becomes an AX customer payment journal
 * line marked against the invoice's AX InvoiceId, so posting settles the invoice. It parks until
 * the invoice is in AX (its xref), and runs after it (same aggregate).
 */
export async function handlePaymentSync(deps: OrderToCashDeps, d: Delivery<PaymentSyncPayload>): Promise<HandlerResult> {
  const { invoiceNumber, paymentId } = d.payload;
  const ref = XREF.payment(paymentId);
  const known = await d.lookupXref(ref.system, ref.entity, ref.sourceId);
  if (known !== null) return { output: { axVoucher: known, already: true } };
  const invoiceRef = XREF.invoice(invoiceNumber);
  const axInvoiceId = await d.lookupXref(invoiceRef.system, invoiceRef.entity, invoiceRef.sourceId);
  if (axInvoiceId === null) throw dependencyMissing(invoiceRef, { reason: `KashFlow invoice ${invoiceNumber} is not in AX yet` });

  const json = await deps.kashflow.getInvoice(invoiceNumber);
  const payment = parseKashflowCustomerPayments(json, { homeCurrency: deps.mapping.currency.accountingCurrency }).find((p) => p.id === paymentId);
  if (!payment) throw new KfaxError('KFAX_KASHFLOW_NOT_FOUND', [`payment ${paymentId} on invoice ${invoiceNumber}`]);
  const mapped = await mapCanonical(deps.mapping, { entity: 'customer-payment', record: payment }, { reference: deps.reference, xref: { axInvoiceId: (n) => (n === invoiceNumber ? axInvoiceId : undefined) } });
  const doc = mapped.documents[0];
  if (!doc) throw new Error('the payment mapping produced no document');
  const documentNum = paymentDocumentNum(doc);
  const result = await writeOnce(deps, d, doc, naturalKeys.customerPayment(documentNum), payment.date);
  const posted = await deps.ax.postedPayment(documentNum);
  // The xref is the payment's voucher once posted, else the journal the create answered with.
  const target = posted?.voucher || Object.values(result.keys[0] ?? {})[0] || documentNum;
  return { xrefs: [{ ...ref, targetId: target }], output: { axVoucher: posted?.voucher, axInvoiceId, documentNum, outcome: result.outcome, sentAs: result.sentAs, mappingVersion: mapped.mappingVersion.label } };
}

function paymentDocumentNum(doc: { document: unknown }): string {
  const lines = (doc.document as { lines?: { documentNum?: string }[] }).lines ?? [];
  const num = lines[0]?.documentNum;
  if (!num) throw new KfaxError('KFAX_MAPPING_FAILED', ['customer payment', 'the payment line has no DocumentNum (documents.customerPayment.documentNum)']);
  return num;
}
