/**
 * The webhook route's acceptance answer as JSON text, written directly: Fastify then sends the
 * text as it is instead of serializing an answer object (`JSON.stringify` after its
 * pre-serialization step). Same bytes and content type as the serialized object; a property
 * test (`test/server/webhook-answer.test.ts`) holds the text to `JSON.stringify`.
 */
import type { EnqueueResult } from '../../store/types.js';

/** The content type Fastify gives a serialized JSON answer. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** An id as JSON: store ids are safe integers (or null for a pruned duplicate's original). */
function idText(id: number | null): string {
  return Number.isSafeInteger(id) ? String(id) : JSON.stringify(id);
}

/**
 * `JSON.stringify({ accepted: true, duplicate, ids })` for the results of one delivery, with
 * `duplicate` true when every result is a duplicate.
 */
export function acceptedAnswer(results: readonly EnqueueResult[]): { readonly duplicate: boolean; readonly text: string } {
  let duplicate = true;
  let ids = '';
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    if (!r.duplicate) duplicate = false;
    ids += i === 0 ? idText(r.id) : `,${idText(r.id)}`;
  }
  return { duplicate, text: `{"accepted":true,"duplicate":${duplicate},"ids":[${ids}]}` };
}
