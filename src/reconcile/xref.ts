import { XREF } from '../flows/contracts.js';
import type { Store } from '../store/store.js';

/** kfax's cross-references, as far as reconciliation uses them (all optional help). */
export interface XrefLookup {
  /** AX InvoiceId kfax recorded for a KashFlow invoice number. */
  axInvoiceId(number: string): Promise<string | undefined>;
  /** KashFlow invoice number kfax recorded for an AX InvoiceId. */
  kashflowInvoice(axInvoiceId: string): Promise<string | undefined>;
  /** KashFlow customer code kfax recorded for an AX customer account. */
  kashflowCustomer(axAccount: string): Promise<string | undefined>;
}

/** {@link XrefLookup} over the engine's store (the `XREF` names of the order-to-cash contracts). */
export class StoreXrefLookup implements XrefLookup {
  constructor(private readonly store: Store) {}

  async axInvoiceId(number: string): Promise<string | undefined> {
    const key = XREF.invoice(Number(number));
    return (await this.store.getXref(key.system, key.entity, key.sourceId))?.targetId;
  }

  async kashflowInvoice(axInvoiceId: string): Promise<string | undefined> {
    const key = XREF.invoice(0);
    return (await this.store.findXrefByTarget(key.system, key.entity, axInvoiceId))[0]?.sourceId;
  }

  async kashflowCustomer(axAccount: string): Promise<string | undefined> {
    const key = XREF.customer('');
    return (await this.store.findXrefByTarget(key.system, key.entity, axAccount))[0]?.sourceId;
  }
}
