/**
 * Deterministic idempotency keys. Every message carries a UUIDv5 derived from its stable
 * identity; the key becomes the AIF `MessageId` of the delivery, so a re-send, a retry after a
 * crash, or an operator edit-and-retry reaches the target with the same key and cannot apply
 * twice. The namespace must never change: doing so would change every key.
 */
import { v5 as uuidv5 } from 'uuid';

/** The kfax UUIDv5 namespace. */
export const KFAX_IDEMPOTENCY_NAMESPACE = '2f1c6a4e-8d3b-5e7f-9a21-64c0b8d5e3f7';

/** Key of a message enqueued directly or ingested: identity `<type>:<key>`. */
export function rootIdempotencyKey(type: string, key: string): string {
  return uuidv5(`${type}:${key}`, KFAX_IDEMPOTENCY_NAMESPACE);
}

/** Key of a follow-up message: derived from its parent's key, its type and its own key. */
export function followUpIdempotencyKey(parentKey: string, type: string, key: string): string {
  return uuidv5(`${parentKey}/${type}:${key}`, KFAX_IDEMPOTENCY_NAMESPACE);
}
