import { expect, it } from 'vitest';
import { runCrashWorkload } from '../../src/engine/bench/crash.js';
import { BACKENDS, createTarget } from '../store/backends.js';
import { describe } from 'vitest';

for (const backend of BACKENDS) {
  describe(`${backend}: engine: kill -9`, () => {
    it(
      'loses nothing and applies nothing twice when a worker process is killed mid-batch and restarted',
      async () => {
        const target = await createTarget(backend);
        try {
          const result = await runCrashWorkload({ url: target.url, ...(target.schema ? { schema: target.schema } : {}) }, { messages: 400, leaseMs: 1_000, killAtFraction: 0.4, timeoutMs: 60_000 });
          expect(result.allDelivered).toBe(true);
          expect(result.lost).toBe(0);
          expect(result.duplicated).toBe(0);
          // the kill really happened mid-batch: the dead worker held leases…
          expect(result.inFlightAtKill).toBeGreaterThan(0);
          // …and the messages it had in flight were re-sent, then resolved by look-up or absorbed by the key
          expect(result.lookups + result.redelivered).toBeGreaterThan(0);
          // every message ends delivered with a valid history
          const store = await target.open({ migrate: false });
          const dead = await store.listMessages({ states: ['dead', 'in_doubt', 'parked', 'held', 'retry_wait', 'pending', 'in_flight'], limit: 10 });
          expect(dead).toEqual([]);
        } finally {
          await target.dispose();
        }
      },
      90_000,
    );
  });
}
