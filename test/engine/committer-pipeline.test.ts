import { describe, expect, it } from 'vitest';
import { GroupCommitter } from '../../src/engine/committer.js';
import { systemClock } from '../../src/engine/clock.js';
import type { Store } from '../../src/store/store.js';
import type { Settlement, SettleResult } from '../../src/store/types.js';

const EMPTY: SettleResult = { settled: [], lost: [], enqueued: [], released: [], unblocked: [] };

/**
 * Test double of a store's `settle` whose answers the test releases one by one, recording each
 * batch and how many were outstanding at once. `depth` is what it reports as writePipelineDepth.
 */
class ManualSettleDouble {
  readonly batches: number[][] = [];
  maxOutstanding = 0;
  private readonly answers: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  constructor(readonly writePipelineDepth: number | undefined) {}

  settle(_worker: string, settlements: readonly Settlement[]): Promise<SettleResult> {
    this.batches.push(settlements.map((s) => s.id));
    return new Promise((resolve, reject) => {
      this.answers.push({ resolve: () => resolve(EMPTY), reject });
      this.maxOutstanding = Math.max(this.maxOutstanding, this.answers.length);
    });
  }

  get outstanding(): number {
    return this.answers.length;
  }

  answerOldest(error?: Error): void {
    const a = this.answers.shift();
    if (!a) throw new Error('no outstanding settle');
    if (error) a.reject(error);
    else a.resolve();
  }
}

const settlement = (id: number): Settlement => ({ kind: 'returned', id, attempt: 1 });
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(check()).toBe(true);
}

function committerOn(store: ManualSettleDouble): { committer: GroupCommitter; committed: number[]; errors: unknown[] } {
  const committed: number[] = [];
  const errors: unknown[] = [];
  const committer = new GroupCommitter(
    store as unknown as Store,
    'w1',
    systemClock,
    { maxBatch: 100, delayMs: 0 },
    (items) => committed.push(...items.map((s) => s.id)),
    (err) => errors.push(err),
  );
  return { committer, committed, errors };
}

describe('group commit with pipelined writes', () => {
  it('writes the next batch while the previous one is unanswered, and reports them in commit order', async () => {
    const store = new ManualSettleDouble(2);
    const { committer, committed } = committerOn(store);
    committer.push(settlement(1));
    await until(() => store.outstanding === 1);
    committer.push(settlement(2));
    committer.push(settlement(3));
    await until(() => store.outstanding === 2);
    committer.push(settlement(4));
    for (let i = 0; i < 5; i++) await tick();
    // never more than the store's depth in flight
    expect(store.outstanding).toBe(2);
    expect(committer.pending).toBe(4);
    store.answerOldest();
    await until(() => committed.length === 1);
    expect(committed).toEqual([1]);
    await until(() => store.outstanding === 2);
    store.answerOldest();
    store.answerOldest();
    await until(() => committed.length === 4);
    expect(committed).toEqual([1, 2, 3, 4]);
    expect(store.batches).toEqual([[1], [2, 3], [4]]);
    expect(store.maxOutstanding).toBe(2);
    expect(await committer.drain(1_000)).toBe(true);
  });

  it('retries a failed batch after the others in flight, committing every settlement exactly once', async () => {
    const store = new ManualSettleDouble(2);
    const { committer, committed, errors } = committerOn(store);
    committer.push(settlement(1));
    await until(() => store.outstanding === 1);
    committer.push(settlement(2));
    await until(() => store.outstanding === 2);
    store.answerOldest(new Error('store unavailable'));
    store.answerOldest();
    await until(() => errors.length === 1 && committed.length === 1);
    expect(committed).toEqual([2]);
    // the failed batch comes back after the backoff, on its own
    await until(() => store.outstanding === 1);
    expect(store.batches.at(-1)).toEqual([1]);
    store.answerOldest();
    await until(() => committed.length === 2);
    expect(committed.sort()).toEqual([1, 2]);
    expect(committer.pending).toBe(0);
  });

  it('waits for each answer when the store does not take pipelined writes', async () => {
    const store = new ManualSettleDouble(undefined);
    const { committer, committed } = committerOn(store);
    committer.push(settlement(1));
    await until(() => store.outstanding === 1);
    committer.push(settlement(2));
    for (let i = 0; i < 5; i++) await tick();
    expect(store.outstanding).toBe(1);
    store.answerOldest();
    await until(() => store.outstanding === 1 && committed.length === 1);
    store.answerOldest();
    await until(() => committed.length === 2);
    expect(store.maxOutstanding).toBe(1);
    expect(store.batches).toEqual([[1], [2]]);
  });
});
