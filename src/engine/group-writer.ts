/**
 * Group commit at the inbox. Single-event ingests (webhooks) that arrive while a commit is in
 * progress are written together by the next one: each caller's promise resolves only after the
 * transaction holding its event committed, so acknowledging the sender stays durable, but a
 * burst costs one fsync instead of one per event. Events are validated before they get here,
 * so the only failures left (the store itself) fail the whole group, and every caller sees it.
 */
import type { Store } from '../store/store.js';
import type { EnqueueResult, NewMessage } from '../store/types.js';
import type { Clock } from './clock.js';
import { PipelineWake, nextTurn } from './write-pipeline.js';

interface Waiting {
  readonly message: NewMessage;
  readonly resolve: (r: EnqueueResult) => void;
  readonly reject: (e: unknown) => void;
}

export class GroupWriter {
  private queue: Waiting[] = [];
  private writing = false;
  /** Wakes a pipelined drain that waits with room for another group. */
  private readonly wakeup = new PipelineWake();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly maxBatch: number,
    private readonly onWritten: (messages: readonly NewMessage[], results: readonly EnqueueResult[], now: number) => void,
  ) {}

  /** Writes one message with the next group; resolves after its commit. */
  write(message: NewMessage): Promise<EnqueueResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (!this.wakeup.wake() && !this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    // With a store that takes pipelined writes (the SQLite store on its own thread) the next
    // group is sent while the previous one is being written; each group's callers still
    // resolve only after their own commit.
    const depth = Math.max(1, this.store.writePipelineDepth ?? 1);
    const inFlight: Promise<void>[] = [];
    try {
      // Let callers of the same turn of the event loop join the first group.
      await nextTurn();
      while (this.queue.length > 0 || inFlight.length > 0) {
        const room = inFlight.length < depth;
        if (room && this.queue.length > 0) {
          inFlight.push(this.writeGroup(this.queue.splice(0, this.maxBatch)));
          if (depth > 1) await nextTurn();
          continue;
        }
        // Room for another group but nothing queued: a new write may start it before the oldest answers.
        if (room && (await this.wakeup.newWorkBefore(inFlight[0]!))) {
          await nextTurn(); // let that turn's other writes join
          continue;
        }
        try {
          await inFlight[0];
        } finally {
          inFlight.shift();
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** Writes one group and settles its callers' promises. Never rejects. */
  private async writeGroup(group: Waiting[]): Promise<void> {
    const messages = group.map((w) => w.message);
    const now = this.clock.now();
    let results: EnqueueResult[];
    try {
      results = await this.store.enqueue(messages, { now });
      this.onWritten(messages, results, now);
    } catch (err) {
      for (const w of group) w.reject(err);
      return;
    }
    group.forEach((w, i) => w.resolve(results[i]!));
  }
}
