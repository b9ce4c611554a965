import { buildAxDocument } from '../../connectors/ax/documents/build.js';
import type { EntityKey } from '../../connectors/ax/client/entity-keys.js';
import { isKfaxError } from '../../errors/kfax-error.js';
import { heldFor, type Delivery } from '../../engine/handler.js';
import type { MappedDocument } from '../../mapping/engine.js';
import type { OrderToCashDeps } from './deps.js';

/** The outcome of writing one document to AX exactly once. */
export type AxWriteOutcome<T> = { created: true; keys: EntityKey[] } | { created: false; found: T };

/**
 * Writes one mapped document to AX so that it lands exactly once:
 * 1. on a resend (an earlier attempt may have been applied), look the document up by its
 *    natural key first;
 * 2. create it with the message's idempotency key as the AIF MessageId;
 * 3. "Duplicate message" means an earlier attempt was applied: look it up (it must exist; if it
 *    is not visible yet the error stays in-doubt and the engine asks again later);
 * 4. a closed or on-hold period holds the message under a key per company and month, released
 *    when the period opens.
 */
export async function writeOnce<T>(deps: OrderToCashDeps, d: Delivery<unknown>, doc: MappedDocument, lookUp: () => Promise<T | undefined>, transDate: string): Promise<AxWriteOutcome<T>> {
  if (d.resend) {
    const found = await lookUp();
    if (found !== undefined) return { created: false, found };
  }
  try {
    const keys = await deps.ax.create(doc.service, buildAxDocument(doc.document).node, d.idempotencyKey);
    return { created: true, keys };
  } catch (err) {
    if (isKfaxError(err) && err.code === 'KFAX_AX_DUPLICATE_MESSAGE') {
      const found = await lookUp();
      if (found !== undefined) return { created: false, found };
      throw err;
    }
    if (isKfaxError(err) && err.code === 'KFAX_AX_PERIOD_NOT_OPEN') {
      throw heldFor(err.message, `ax/period/${deps.company}/${transDate.slice(0, 7)}`, { error: err.toJSON() });
    }
    throw err;
  }
}
