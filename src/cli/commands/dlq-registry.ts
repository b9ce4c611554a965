import { MessageTypeRegistry } from '../../engine/message-types.js';
import type { OrderToCashDeps } from '../../flows/order-to-cash/deps.js';
import { registerOrderToCash } from '../../flows/order-to-cash/register.js';

/**
 * The message types `kfax dlq` validates edited payloads with: the flows' types registered by
 * the very function `kfax run` uses (same names, endpoints and payload schemas), so an edit is
 * checked against what the handler will accept. The CLI only validates and never delivers: the
 * handlers get no connectors, mapping or engine, and using any of them is an error.
 */
export function flowMessageTypes(): MessageTypeRegistry {
  const unavailable = new Proxy({} as OrderToCashDeps, {
    get(_target, key) {
      throw new Error(`kfax dlq only validates payloads; ${String(key)} is not available to handlers here`);
    },
  });
  return registerOrderToCash(new MessageTypeRegistry(), unavailable);
}
