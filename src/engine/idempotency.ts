/**
 * Deterministic idempotency keys. Every message carries a UUIDv5 derived from its stable
 * identity; the key becomes the AIF `MessageId` of the delivery, so a re-send, a retry after a
 * crash, or an operator edit-and-retry reaches the target with the same key and cannot apply
 * twice. The namespace must never change: doing so would change every key.
 */
import { hash } from 'node:crypto';
import { parse as parseUuid, v5 as uuidv5 } from 'uuid';

/** The kfax UUIDv5 namespace. */
export const KFAX_IDEMPOTENCY_NAMESPACE = '2f1c6a4e-8d3b-5e7f-9a21-64c0b8d5e3f7';

// The namespace as bytes, parsed once (given as text, the library parses it on every call).
const NAMESPACE_BYTES = parseUuid(KFAX_IDEMPOTENCY_NAMESPACE);

const SURROGATE = /[\uD800-\uDFFF]/;

/** The UUID variant digit (10xx) for a SHA-1 hex digit: its low two bits kept. */
const VARIANT_DIGIT = '89ab';

/**
 * UUIDv5 of `name` as RFC 9562 defines it, computed here for text without surrogates:
 * SHA-1 of the namespace bytes then the name's UTF-8 bytes (one-shot `crypto.hash`, no hash
 * object), its first 16 bytes in hex with the version digit set to 5 and the variant bits to
 * 10 — what the library computes and writes, at a third of its cost (two copies of the bytes,
 * a `Hash` object and a digit-by-digit text build less). Text with surrogates (where the
 * library refuses a lone one) is left to the library, so every outcome is the library's; the
 * property test in `test/engine/idempotency.test.ts` holds both to the library.
 */
function keyOf(name: string): string {
  if (SURROGATE.test(name)) return uuidv5(name, NAMESPACE_BYTES);
  const bytes = Buffer.allocUnsafe(16 + Buffer.byteLength(name, 'utf8'));
  bytes.set(NAMESPACE_BYTES, 0);
  bytes.write(name, 16, 'utf8');
  const h = hash('sha1', bytes, 'hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${VARIANT_DIGIT[parseInt(h[16]!, 16) & 3]!}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Key of a message enqueued directly or ingested: identity `<type>:<key>`. */
export function rootIdempotencyKey(type: string, key: string): string {
  return keyOf(`${type}:${key}`);
}

/** Key of a follow-up message: derived from its parent's key, its type and its own key. */
export function followUpIdempotencyKey(parentKey: string, type: string, key: string): string {
  return keyOf(`${parentKey}/${type}:${key}`);
}
