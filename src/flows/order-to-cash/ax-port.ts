import type { AxConnection } from '../../connectors/ax/writer/connect.js';
import type { AxWriteRequest, AxWriteResult } from '../../connectors/ax/writer/envelope.js';
import type { CustTransRef } from '../../connectors/ax/writer/cust-trans.js';
import { isPayment, isPostedInvoice } from '../../connectors/ax/writer/lookups.js';

/** What the order-to-cash flows need from AX: exactly-once writes and look-ups by natural key. */
export interface AxPort {
  /** Creates one document exactly once (batch mode and look-up on resend are the writer's). */
  write(request: AxWriteRequest): Promise<AxWriteResult>;
  /** True when the customer account exists in AX. */
  customerExists(account: string): Promise<boolean>;
  /** The posted invoice transaction carrying this KashFlow number (DocumentNum), if any. */
  postedInvoice(documentNum: string): Promise<CustTransRef | undefined>;
  /** The posted payment transaction carrying this DocumentNum, if any. */
  postedPayment(documentNum: string): Promise<CustTransRef | undefined>;
}

/** {@link AxPort} over the AX connection (writer + look-ups; look-ups by DocumentNum coalesced). */
export function axPortOf(ax: Pick<AxConnection, 'writer' | 'lookups' | 'documentLookups'>): AxPort {
  return {
    write: (request) => ax.writer.create(request),
    customerExists: async (account) => (await ax.lookups.customer(account)).length > 0,
    postedInvoice: async (documentNum) => (await ax.documentLookups.load(documentNum)).find(isPostedInvoice),
    postedPayment: async (documentNum) => (await ax.documentLookups.load(documentNum)).find(isPayment),
  };
}
