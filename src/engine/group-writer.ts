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

interface Waiting {
  readonly message: NewMessage;
  readonly resolve: (r: EnqueueResult) => void;
  readonly reject: (e: unknown) => void;
}

export class GroupWriter {
  private queue: Waiting[] = [];
  private writing = false;

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
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      // Let callers of the same turn of the event loop join the first group.
      await new Promise((r) => setImmediate(r));
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, this.maxBatch);
        const messages = group.map((w) => w.message);
        const now = this.clock.now();
        try {
          const results = await this.store.enqueue(messages, { now });
          this.onWritten(messages, results, now);
          group.forEach((w, i) => w.resolve(results[i]!));
        } catch (err) {
          for (const w of group) w.reject(err);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
