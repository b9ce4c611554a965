import { buildAxDocument } from '../../connectors/ax/documents/build.js';
import type { AxWriteResult } from '../../connectors/ax/writer/envelope.js';
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
export async function writeOnce(deps: OrderToCashDeps, d: Delivery<unknown>, doc: MappedDocument, naturalKey: AxNaturalKey, transDate: string): Promise<AxWriteResult> {
  try {
    return await deps.ax.write({ service: doc.service, document: buildAxDocument(doc.document).node, messageId: d.idempotencyKey, naturalKey, resend: d.resend, signal: d.signal });
  } catch (err) {
    if (isKfaxError(err) && err.code === 'KFAX_AX_PERIOD_NOT_OPEN') {
      throw heldFor(err.message, `ax/period/${deps.company}/${transDate.slice(0, 7)}`, { error: err.toJSON() });
    }
    throw err;
  }
}
