import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KfaxError } from '../../src/errors/kfax-error.js';
import { TRANSITIONS, canTransition } from '../../src/engine/state-machine.js';
import { MESSAGE_STATES } from '../../src/store/types.js';
import { createTarget } from '../store/backends.js';
import { assertValidHistory, registry, testEngine, waitFor } from './helpers.js';

type Outcome = 'ok' | 'transient' | 'throttled' | 'in_doubt' | 'permanent' | 'unknown';

function act(outcome: Outcome): void {
  switch (outcome) {
    case 'ok':
      return;
    case 'transient':
      throw new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['ax', 503]);
    case 'throttled':
      throw new KfaxError('KFAX_REMOTE_THROTTLED', ['ax'], { retryAfterMs: 1 });
    case 'in_doubt':
      throw new KfaxError('KFAX_REMOTE_TIMEOUT', ['ax', 1]);
    case 'permanent':
      throw new KfaxError('KFAX_REMOTE_REJECTED', ['ax', 'no']);
    case 'unknown':
      throw new Error('bug');
  }
}

describe('state machine', () => {
  it('names every state and never leaves delivered', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...MESSAGE_STATES, 'new'].sort());
    for (const s of MESSAGE_STATES) expect(canTransition('delivered', s)).toBe(false);
    expect(canTransition(null, 'pending')).toBe(true);
    expect(canTransition(null, 'in_flight')).toBe(false);
  });

  it('keeps every message on legal transitions, whatever its handler does, and loses none', { timeout: 120_000 }, async () => {
    const target = await createTarget('sqlite');
    try {
      const store = await target.open();
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.array(fc.constantFrom<Outcome>('ok', 'transient', 'throttled', 'in_doubt', 'permanent', 'unknown'), { maxLength: 6 }), { minLength: 1, maxLength: 5 }), async (scripts) => {
          run++;
          const calls = new Map<number, { key: string; resend: boolean }[]>();
          const types = registry().define({
            type: `p${run}`,
            endpoint: `e${run}`,
            handle: (d) => {
              const list = calls.get(d.id) ?? [];
              list.push({ key: d.idempotencyKey, resend: d.resend });
              calls.set(d.id, list);
              const script = scripts[(d.payload as { n: number }).n]!;
              act(script[list.length - 1] ?? 'ok');
            },
          });
          const engine = testEngine(store, types, { endpoints: { [`e${run}`]: { breaker: null, retry: { baseDelayMs: 1, maxDelayMs: 3, maxAttempts: 4, unknownErrorMaxAttempts: 3, inDoubtMaxAttempts: 3 } } } });
          const ids = (await engine.enqueueMany(scripts.map((_, n) => ({ type: `p${run}`, payload: { n }, key: String(n) })))).map((r) => r.id!);
          await engine.start();
          try {
            const settled = (m: { state: string; runAt: number | null }): boolean => m.state === 'delivered' || m.state === 'dead' || (m.state === 'in_doubt' && m.runAt === null);
            const final = await waitFor(async () => {
              const all = await Promise.all(ids.map((id) => store.getMessage(id)));
              return all.every((m) => m && settled(m)) ? all : undefined;
            }, 20_000, 'every message to settle');
            for (const m of final) {
              assertValidHistory(m!);
              const seen = calls.get(m!.id) ?? [];
              // one handler call per claimed attempt, always with the message's own key
              expect(seen.length).toBe(m!.attempts);
              expect(new Set(seen.map((c) => c.key))).toEqual(new Set([m!.idempotencyKey]));
              // after an in-doubt answer, every later attempt is flagged as a re-send
              const firstDoubt = m!.history.findIndex((h) => h.to === 'in_doubt');
              if (firstDoubt >= 0) expect(seen.slice(m!.history.slice(0, firstDoubt).filter((h) => h.to === 'in_flight').length).every((c) => c.resend)).toBe(true);
              const script = scripts[ids.indexOf(m!.id)]!;
              const firstPermanent = script.indexOf('permanent');
              if (m!.state === 'delivered') expect(firstPermanent === -1 || firstPermanent >= seen.length).toBe(true);
            }
          } finally {
            await engine.stop();
          }
        }),
        { numRuns: 25 },
      );
    } finally {
      await target.dispose();
    }
  });
});
