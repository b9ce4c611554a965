import { parseKashflowCustomer } from '../../connectors/kashflow/wire/index.js';
import type { AccountTableDocument } from '../../connectors/ax/documents/types.js';
import type { Delivery, HandlerResult } from '../../engine/handler.js';
import { mapCanonical } from '../../mapping/engine.js';
import { XREF, type CustomerSyncPayload } from '../contracts.js';
import { naturalKeys } from '../../connectors/ax/writer/natural-key.js';
import { writeOnce } from './ax-write.js';
import type { OrderToCashDeps } from './deps.js';

/**
 * `kashflow.customer.sync`: makes sure a KashFlow customer exists in AX. AX masters customers,
 * so an existing AX customer is never changed; a missing one is created from the KashFlow record
 * through the mapping (account number rule, group, terms, address). Recording the xref releases
 * every invoice parked waiting for this customer.
 */
export async function handleCustomerSync(deps: OrderToCashDeps, d: Delivery<CustomerSyncPayload>): Promise<HandlerResult> {
  const ref = XREF.customer(d.payload.code);
  const known = await d.lookupXref(ref.system, ref.entity, ref.sourceId);
  if (known !== null) return { output: { account: known, already: true } };
  const customer = parseKashflowCustomer(await deps.kashflow.getCustomer(d.payload.code));
  const mapped = await mapCanonical(deps.mapping, { entity: 'customer', record: customer }, { reference: deps.reference });
  const doc = mapped.documents[0];
  if (!doc) throw new Error('the customer mapping produced no document');
  const account = (doc.document as AccountTableDocument).accountNum;
  if (await deps.ax.customerExists(account)) return { xrefs: [{ ...ref, targetId: account }], output: { account, created: false } };
  const result = await writeOnce(deps, d, doc, naturalKeys.customer(account), new Date().toISOString().slice(0, 10));
  return { xrefs: [{ ...ref, targetId: account }], output: { account, outcome: result.outcome, mappingVersion: mapped.mappingVersion.label } };
}
