import { describe, expect, it } from 'vitest';
import { MessageRun } from '../../src/engine/message-run.js';

const never = { handle: () => new Promise<never>(() => undefined) };

/** A run whose handler never settles, with what its two signals saw when `stop` stopped it. */
function stopped(stop: (run: MessageRun) => void, lookFirst: boolean): { signal: unknown[]; stopSignal: unknown[] } {
  const run = new MessageRun('t', 1000, 'w1');
  void run.start(never, {} as never);
  const seen = { signal: [] as unknown[], stopSignal: [] as unknown[] };
  const look = (): void => {
    const s = run.signal();
    const p = run.stopSignal();
    s.addEventListener('abort', () => seen.signal.push(['ran', s.reason]), { once: true });
    p.addEventListener('abort', () => seen.stopSignal.push(['ran', p.reason]), { once: true });
    seen.signal.push([s.aborted, s.reason]);
    seen.stopSignal.push([p.aborted, p.reason]);
  };
  if (lookFirst) look();
  stop(run);
  look();
  return seen;
}

describe('MessageRun stop signal', () => {
  for (const [name, stop] of [
    ['handler timeout', (r: MessageRun) => r.expire()],
    ['shutdown', (r: MessageRun) => r.interrupt()],
  ] as const) {
    it(`stops with the same reason and at the same moment as the AbortSignal (${name})`, () => {
      for (const lookFirst of [true, false]) {
        const seen = stopped(stop, lookFirst);
        expect(seen.stopSignal).toEqual(seen.signal);
        expect(seen.stopSignal.at(-1)).toEqual([true, expect.objectContaining({ code: name === 'shutdown' ? 'KFAX_SHUTDOWN_INTERRUPTED' : 'KFAX_HANDLER_TIMEOUT' })]);
      }
    });
  }
});
