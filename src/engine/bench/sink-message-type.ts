/**
 * The message type of the crash workload: deliver `{ seq }` to the idempotent sink with the
 * message's idempotency key. On a re-send it first looks the key up, as a real AX handler
 * looks the document up by natural key after an in-doubt attempt.
 */
import { z } from 'zod';
import { KfaxError } from '../../errors/kfax-error.js';
import type { MessageTypeDefinition } from '../message-types.js';

/** Type name used by the crash workload. */
export const SINK_MESSAGE_TYPE = 'bench.sink.deliver';

/** The definition, bound to a sink URL. */
export function sinkMessageType(sinkUrl: string): MessageTypeDefinition<{ seq: number }> {
  return {
    type: SINK_MESSAGE_TYPE,
    endpoint: 'sink',
    schema: z.object({ seq: z.number().int() }),
    handle: async (d) => {
      try {
        if (d.resend) {
          const found = await fetch(`${sinkUrl}/effects/${encodeURIComponent(d.idempotencyKey)}`, { signal: d.signal });
          if (found.status === 200) return { output: { resolvedBy: 'lookup' } };
        }
        const res = await fetch(`${sinkUrl}/deliver`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': d.idempotencyKey },
          body: JSON.stringify({ seq: d.payload.seq }),
          signal: d.signal,
        });
        if (res.status >= 500) throw new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['sink', res.status]);
        if (res.status >= 400) throw new KfaxError('KFAX_REMOTE_REJECTED', ['sink', String(res.status)]);
        return { output: { status: res.status } };
      } catch (err) {
        if (err instanceof KfaxError) throw err;
        // No answer: the sink may or may not have applied it.
        throw new KfaxError('KFAX_REMOTE_CONNECTION_LOST', ['sink', (err as Error).message], { cause: err });
      }
    },
  };
}
