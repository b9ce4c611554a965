import type { Envelope, Member, MemberOutcome } from './envelope.js';

/**
 * What the writer knows about one document (by MessageId) between calls.
 *
 * - `pending`: queued or on the wire; later callers wait for it instead of sending again.
 * - `inDoubt`: the envelope whose outcome is unknown. The document may travel again only in
 *   that envelope (same MessageId, same members), so AX's duplicate check covers it.
 * - `result`: an outcome that has not reached a caller yet (its caller gave up waiting), or
 *   "applied" that a look-up could not confirm yet.
 */
export interface MemoryEntry {
  readonly member: Member;
  pending?: Promise<MemberOutcome>;
  inDoubt?: Envelope;
  result?: Extract<MemberOutcome, { kind: 'created' | 'applied' }>;
  touchedAt: number;
}

/**
 * The writer's memory of documents in flight and of envelopes with unknown outcome. It is
 * process memory: after a restart the engine re-sends in-doubt messages with `resend`, and
 * the writer looks them up by natural key instead. Entries are forgotten `ttlMs` after their
 * last use; an in-doubt envelope is forgotten for all its members at once, so no member can be
 * sent alone while another still plans to re-send the envelope.
 */
export class WriterMemory {
  private readonly entries = new Map<string, MemoryEntry>();
  private lastPrune = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(id: string): MemoryEntry | undefined {
    return this.entries.get(id);
  }

  /** The entry of a member, created when absent. */
  entry(member: Member): MemoryEntry {
    let e = this.entries.get(member.id);
    if (!e) {
      e = { member, touchedAt: this.now() };
      this.entries.set(member.id, e);
    }
    return e;
  }

  /** Forgets an entry that is idle (nothing pending, no envelope in doubt). */
  forget(entry: MemoryEntry): void {
    if (this.entries.get(entry.member.id) === entry && !entry.pending && !entry.inDoubt) this.entries.delete(entry.member.id);
  }

  /** Records an envelope's outcome for each member. */
  settle(outcomes: ReadonlyMap<string, MemberOutcome>, members: readonly Member[]): void {
    const now = this.now();
    for (const m of members) {
      const o = outcomes.get(m.id);
      if (!o) continue;
      const e = this.entry(m);
      e.pending = undefined;
      e.touchedAt = now;
      if (o.kind === 'created' || o.kind === 'applied') {
        e.result = o;
        e.inDoubt = undefined;
      } else if (o.kind === 'unknown') {
        e.result = undefined;
        e.inDoubt = o.envelope;
        o.envelope.touchedAt = now;
      } else {
        e.result = undefined;
        e.inDoubt = undefined;
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Drops expired idle entries (at most every few seconds). */
  prune(): void {
    const now = this.now();
    if (now - this.lastPrune < Math.min(10_000, this.ttlMs)) return;
    this.lastPrune = now;
    const expired = now - this.ttlMs;
    for (const e of [...this.entries.values()]) {
      if (e.pending) continue;
      if (e.inDoubt) {
        const env = e.inDoubt;
        if (env.touchedAt > expired) continue;
        const active = env.members.some((m) => this.entries.get(m.id)?.pending !== undefined);
        if (active) continue;
        for (const m of env.members) {
          const other = this.entries.get(m.id);
          if (other?.inDoubt === env) {
            other.inDoubt = undefined;
            if (!other.result) this.entries.delete(m.id);
          }
        }
        continue;
      }
      if (e.touchedAt <= expired) this.entries.delete(e.member.id);
    }
  }
}
