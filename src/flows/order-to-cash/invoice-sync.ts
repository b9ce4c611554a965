import { parseKashflowInvoice } from '../../connectors/kashflow/wire/index.js';
import { dependencyMissing, type Delivery, type HandlerResult } from '../../engine/handler.js';
import { KfaxError } from '../../errors/kfax-error.js';
import { mapCanonical } from '../../mapping/engine.js';
import { MESSAGE, MESSAGE_KEY, XREF, type InvoiceSyncPayload } from '../contracts.js';
import { naturalKeys } from '../../connectors/ax/writer/natural-key.js';
import type { AxWriteResult } from '../../connectors/ax/writer/envelope.js';
import { writeOnce } from './ax-write.js';
import type { OrderToCashDeps } from './deps.js';

type SalesInvoice = ReturnType<typeof parseKashflowInvoice>;

/**
 * The invoice as KashFlow answered this process's create of it, while fresh and not on a re-send
 * (a re-send always reads KashFlow); undefined when not held or when it does not read as a
 * whole invoice, and the invoice is then read back.
 */
function readCreatedInvoice(deps: OrderToCashDeps, d: Delivery<InvoiceSyncPayload>, read: (json: unknown) => SalesInvoice): SalesInvoice | undefined {
  if (d.resend) return undefined;
  const held = deps.kashflow.createdInvoice(d.payload.number);
  if (held === undefined) return undefined;
  try {
    return read(held);
  } catch {
    return undefined;
  }
}

/**
 * `kashflow.invoice.sync`: a KashFlow sales invoice becomes an AX free-text invoice, exactly once.
 * The customer must exist in AX first: when it does not, a customer sync is requested and the
 * invoice parks until that customer's xref is recorded. The AX invoice id (assigned when AX posts
 * the invoice) becomes the invoice's xref, which releases its payments.
 */
export async function handleInvoiceSync(deps: OrderToCashDeps, d: Delivery<InvoiceSyncPayload>): Promise<HandlerResult> {
  const n = d.payload.number;
  const ref = XREF.invoice(n);
  const known = await d.lookupXref(ref.system, ref.entity, ref.sourceId);
  if (known !== null) {
    deps.kashflow.forgetCreatedInvoice(n);
    return { output: { axInvoiceId: known, already: true } };
  }

  const { writing, summary } = await startInvoiceWrite(deps, d);
  const result = await writing;
  // The xref is AX's InvoiceId, assigned when AX posts the invoice; the create answers with a RecId.
  const posted = await deps.ax.postedInvoice(String(n));
  if (!posted?.invoice) {
    // Created but not posted yet (AX posts free-text invoices in a separate step): ask again later.
    throw new KfaxError('KFAX_AX_NOT_FOUND', ['posted invoice for KashFlow invoice', String(n)], { kind: 'transient', details: { outcome: result.outcome } });
  }
  // Done once this result commits; a retry (the commit failed) reads the invoice back.
  deps.kashflow.forgetCreatedInvoice(n);
  return {
    xrefs: [{ ...ref, targetId: posted.invoice }],
    output: { axInvoiceId: posted.invoice, voucher: posted.voucher, outcome: result.outcome, sentAs: result.sentAs, gross: summary.gross, currency: summary.currency, mappingVersion: summary.mappingVersion },
  };
}

/** What the handler's output takes from the mapping. */
interface InvoiceSummary {
  readonly gross: string | undefined;
  readonly currency: string | undefined;
  readonly mappingVersion: string;
}

/**
 * Reads the invoice, checks its customer is in AX (else requests it and parks), maps it and
 * starts its AX write. A function of its own because V8 keeps an async function's locals until it
 * returns: the invoice and the mapping result end with this one, and only the write and the
 * output summary stay alive while the write waits for its AIF batch.
 */
async function startInvoiceWrite(deps: OrderToCashDeps, d: Delivery<InvoiceSyncPayload>): Promise<{ writing: Promise<AxWriteResult>; summary: InvoiceSummary }> {
  const n = d.payload.number;
  const read = (json: unknown): SalesInvoice => parseKashflowInvoice(json, { homeCurrency: deps.mapping.currency.accountingCurrency });
  const invoice = readCreatedInvoice(deps, d, read) ?? read(await deps.kashflow.getInvoice(n));
  const customerRef = XREF.customer(invoice.partyCode);
  if ((await d.lookupXref(customerRef.system, customerRef.entity, customerRef.sourceId)) === null) {
    await deps.enqueue({ type: MESSAGE.customerSync, payload: { code: invoice.partyCode, detectedBy: 'invoice' }, key: MESSAGE_KEY.customerSync(invoice.partyCode) });
    throw dependencyMissing(customerRef, { reason: `customer ${invoice.partyCode} is not in AX yet` });
  }

  const mapped = await mapCanonical(deps.mapping, { entity: 'sales-invoice', record: invoice }, { reference: deps.reference });
  const doc = mapped.documents[0];
  if (!doc) throw new Error('the invoice mapping produced no document');
  const writing = writeOnce(deps, d, doc, naturalKeys.freeTextInvoice(String(n)), invoice.issuedDate);
  return { writing, summary: { gross: mapped.totals?.gross.toFixed(2), currency: mapped.totals?.currency, mappingVersion: mapped.mappingVersion.label } };
}
