import type { ShopConfig } from '../../config/sections/shop.js';
import type { FlowsConfig } from '../../config/sections/flows.js';
import type { EnqueueRequest } from '../../engine/inbox.js';
import type { CompiledMapping } from '../../mapping/compile/compile.js';
import type { AxReferenceData } from '../../mapping/reference/reference-data.js';
import type { EnqueueResult } from '../../store/types.js';
import type { AxPort } from './ax-port.js';
import type { KashflowPort } from './kashflow-port.js';

/** What the order-to-cash handlers are built from. */
export interface OrderToCashDeps {
  readonly kashflow: KashflowPort;
  readonly ax: AxPort;
  readonly mapping: CompiledMapping;
  readonly reference: AxReferenceData;
  /** Enqueues a message outside a handler's completion (used for idempotent requests such as "sync this customer"). */
  readonly enqueue: (request: EnqueueRequest) => Promise<EnqueueResult>;
  readonly shop: ShopConfig['kashflow'];
  readonly flows: FlowsConfig;
  /** The shop source whose order a payment source pays (Stripe pays Shopify orders, by default). */
  readonly orderSourceOf: (paymentSource: string) => string;
  /** AX legal entity (for hold keys). */
  readonly company: string;
}
