import type { MessageState, SettleResult } from './types.js';

/** The mutable form of a {@link SettleResult}, filled in by a backend during one group commit. */
export interface SettleAccumulator {
  settled: { id: number; to: MessageState }[];
  lost: number[];
  enqueued: { id: number; endpoint: string }[];
  released: { id: number; endpoint: string }[];
  unblocked: string[];
  /** Aggregate keys of messages that reached delivered or dead in this batch. */
  finishedAggregates: Set<string>;
}

/** An empty accumulator. */
export function newSettleAccumulator(): SettleAccumulator {
  return { settled: [], lost: [], enqueued: [], released: [], unblocked: [], finishedAggregates: new Set() };
}

/** The result to return: everything but the working set of aggregate keys. */
export function settleResult(acc: SettleAccumulator): SettleResult {
  return { settled: acc.settled, lost: acc.lost, enqueued: acc.enqueued, released: acc.released, unblocked: acc.unblocked };
}
