import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlainStopSignal, type StopSignal } from '../../src/util/stop-signal.js';

type Op = { kind: 'add'; listener: number } | { kind: 'remove'; listener: number } | { kind: 'fire'; reason: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), listener: fc.nat(3) }),
  fc.record({ kind: fc.constant('remove' as const), listener: fc.nat(3) }),
  fc.record({ kind: fc.constant('fire' as const), reason: fc.string({ maxLength: 3 }) }),
);

/** What the listeners saw, and the signal's state after each step. */
function replay(signal: StopSignal, fire: (reason: string) => void, ops: readonly Op[]): unknown[] {
  const log: unknown[] = [];
  const listeners = [0, 1, 2, 3].map((k) => () => log.push(`ran ${k} (${String(signal.reason)})`));
  for (const o of ops) {
    if (o.kind === 'add') signal.addEventListener('abort', listeners[o.listener]!, { once: true });
    else if (o.kind === 'remove') signal.removeEventListener('abort', listeners[o.listener]!);
    else fire(o.reason);
    log.push([signal.aborted, signal.reason === undefined ? undefined : String(signal.reason)]);
  }
  return log;
}

describe('PlainStopSignal', () => {
  it('runs, skips and reports its listeners as an AbortController\'s signal does', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const controller = new AbortController();
        const plain = new PlainStopSignal();
        expect(replay(plain, (r) => plain.fire(r), ops)).toEqual(replay(controller.signal, (r) => controller.abort(r), ops));
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps running the other listeners when one throws, and throws its error on the next tick', async () => {
    const plain = new PlainStopSignal();
    const ran: number[] = [];
    plain.addEventListener('abort', () => {
      throw new Error('listener failed');
    });
    plain.addEventListener('abort', () => ran.push(2));
    const thrown = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
    plain.fire('stop');
    expect(ran).toEqual([2]);
    expect(((await thrown) as Error).message).toBe('listener failed');
  });
});
