import type { Dec } from '../../../canonical/money.js';

/** A number sequence such as `C000001` or `FTI-000001`. */
export class NumberSequence {
  next: number;
  constructor(
    readonly prefix: string,
    readonly width: number,
    start = 1,
  ) {
    this.next = start;
  }

  format(n: number): string {
    return `${this.prefix}${String(n).padStart(this.width, '0')}`;
  }
}

/**
 * One AIF call as a transaction. Handlers first validate and plan without touching any
 * store (reserving number-sequence values and settlement amounts here), then register
 * closures that apply the plan; {@link commit} runs them. A fault thrown while planning
 * therefore leaves nothing behind, which is how AX rolls back a failed document.
 */
export class Tx {
  private readonly offsets = new Map<NumberSequence, number>();
  private readonly applies: (() => void)[] = [];
  private readonly settled = new Map<object, Dec>();
  private readonly names = new Set<string>();
  private committed = false;

  /** The next value of a sequence within this transaction (consumed on commit). */
  take(seq: NumberSequence): string {
    const off = this.offsets.get(seq) ?? 0;
    this.offsets.set(seq, off + 1);
    return seq.format(seq.next + off);
  }

  /** Amount of an open transaction already settled by earlier lines of this call. */
  settledSoFar(openTrans: object): Dec | undefined {
    return this.settled.get(openTrans);
  }

  reserveSettlement(openTrans: object, total: Dec): void {
    this.settled.set(openTrans, total);
  }

  /** Claims a key (e.g. a new account number) for this call; false when already claimed. */
  claim(key: string): boolean {
    if (this.names.has(key)) return false;
    this.names.add(key);
    return true;
  }

  onCommit(apply: () => void): void {
    if (this.committed) throw new Error('transaction already committed');
    this.applies.push(apply);
  }

  /** Applies the plan. Apply closures must not fail (everything was validated before). */
  commit(): void {
    this.committed = true;
    for (const [seq, off] of this.offsets) seq.next += off;
    for (const apply of this.applies) apply();
  }
}
