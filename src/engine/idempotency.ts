/**
 * Deterministic idempotency keys. Every message carries a UUIDv5 derived from its stable
 * identity; the key becomes the AIF `MessageId` of the delivery, so a re-send, a retry after a
 * crash, or an operator edit-and-retry reaches the target with the same key and cannot apply
 * twice. The namespace must never change: doing so would change every key.
 */
import { parse as parseUuid, v5 as uuidv5 } from 'uuid';

/** The kfax UUIDv5 namespace. */
export const KFAX_IDEMPOTENCY_NAMESPACE = '2f1c6a4e-8d3b-5e7f-9a21-64c0b8d5e3f7';

// The namespace as bytes, parsed once (given as text, the library parses it on every call).
const NAMESPACE_BYTES = parseUuid(KFAX_IDEMPOTENCY_NAMESPACE);

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * UUIDv5 of `name`. The name goes to the library as its UTF-8 bytes, which for text without
 * surrogates are the bytes the library would make itself; text with surrogates (where it refuses
 * a lone one) is left to the library as text, so every outcome is the library's.
 */
function keyOf(name: string): string {
  return uuidv5(SURROGATE.test(name) ? name : Buffer.from(name, 'utf8'), NAMESPACE_BYTES);
}

/** Key of a message enqueued directly or ingested: identity `<type>:<key>`. */
export function rootIdempotencyKey(type: string, key: string): string {
  return keyOf(`${type}:${key}`);
}

/** Key of a follow-up message: derived from its parent's key, its type and its own key. */
export function followUpIdempotencyKey(parentKey: string, type: string, key: string): string {
  return keyOf(`${parentKey}/${type}:${key}`);
}
