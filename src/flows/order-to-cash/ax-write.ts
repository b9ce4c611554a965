import { buildAxDocument } from '../../connectors/ax/documents/build.js';
import type { AxWriteRequest, AxWriteResult } from '../../connectors/ax/writer/envelope.js';
import { prebuiltRecords } from '../../connectors/ax/writer/document-parts.js';
import type { AxNaturalKey } from '../../connectors/ax/writer/natural-key.js';
import { isKfaxError } from '../../errors/kfax-error.js';
import { heldFor, type Delivery } from '../../engine/handler.js';
import type { MappedDocument } from '../../mapping/engine.js';
import type { OrderToCashDeps } from './deps.js';

/**
 * Writes one mapped document to AX exactly once through the AX writer: the message's idempotency
 * key is the AIF MessageId, a resend is looked up by natural key first, "Duplicate message" is
 * resolved by look-up, and batch mode takes over when AX keeps timing out. A closed or on-hold
 * period holds the message under a key per company and month, released when the period opens.
 */
export function writeOnce(deps: OrderToCashDeps, d: Delivery<unknown>, doc: MappedDocument, naturalKey: AxNaturalKey, transDate: string): Promise<AxWriteResult> {
  // The request is built here, not in the async function below: V8 keeps an async function's
  // parameters and locals until it returns, and neither the mapped document nor its element tree
  // is needed once the records' XML is written — a batched write can wait seconds. The writer
  // only waits on the stop: the engine's stop signal spares an AbortController and its listener.
  let request: AxWriteRequest;
  try {
    request = { service: doc.service, document: prebuiltRecords(buildAxDocument(doc.document).node), messageId: d.idempotencyKey, naturalKey, resend: d.resend, signal: d.stopSignal ?? d.signal };
  } catch (err) {
    return Promise.reject(err as Error);
  }
  return writeRequest(deps, request, transDate);
}

async function writeRequest(deps: OrderToCashDeps, request: AxWriteRequest, transDate: string): Promise<AxWriteResult> {
  try {
    return await deps.ax.write(request);
  } catch (err) {
    if (isKfaxError(err) && err.code === 'KFAX_AX_PERIOD_NOT_OPEN') {
      throw heldFor(err.message, `ax/period/${deps.company}/${transDate.slice(0, 7)}`, { error: err.toJSON() });
    }
    throw err;
  }
}
