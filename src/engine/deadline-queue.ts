/**
 * Handler deadlines without a timer per message: one timer per distinct timeout. Entries with the
 * same timeout expire in the order they were added, so each timeout keeps a FIFO list whose head
 * is the next to expire, and a single timer set for that head. A removed entry is unlinked in
 * O(1); the timer is not moved for it — when it fires early it is simply set again for the new
 * head, which under steady load means about one timer per timeout period, not one per message.
 */

/**
 * What {@link Deadlines} keeps: an intrusive list node, so that tracking an entry allocates
 * nothing. The fields belong to the queue; `expire` is called once, at the deadline.
 */
export interface DeadlineEntry {
  /** `performance.now()` at which the entry expires (set by the queue). */
  deadlineAt: number;
  deadlinePrev: DeadlineEntry | undefined;
  deadlineNext: DeadlineEntry | undefined;
  /** The list the entry is in, or undefined when it is in none. */
  deadlineList: DeadlineList | undefined;
  expire(): void;
}

/**
 * Node timers fire on whole milliseconds of the event loop's cached clock, so a timer can fire up
 * to a millisecond before `performance.now()` reaches its target. Entries due within this slack
 * expire then, as a timer per entry would have fired them.
 */
const TIMER_SLACK_MS = 1;

/** The entries of one timeout, oldest (first to expire) first, and its timer. */
export class DeadlineList {
  private head: DeadlineEntry | undefined;
  private tail: DeadlineEntry | undefined;
  /** Pending while the list is not empty; set for a time at or before the head's deadline. */
  private timer: NodeJS.Timeout | undefined;
  private readonly onTimer = (): void => this.expireDue();

  constructor(readonly timeoutMs: number) {}

  /** Appends an entry that expires `timeoutMs` from now. */
  add(entry: DeadlineEntry): void {
    const at = performance.now() + this.timeoutMs;
    entry.deadlineAt = at;
    entry.deadlineList = this;
    entry.deadlineNext = undefined;
    entry.deadlinePrev = this.tail;
    if (this.tail) this.tail.deadlineNext = entry;
    else this.head = entry;
    this.tail = entry;
    // No timer while the list was empty and its timer had fired, or while expiring (an expiry may
    // start other handlers): set one for the head, which may be older than this entry.
    if (this.timer === undefined) this.arm((this.head as DeadlineEntry).deadlineAt);
    else if (this.head === entry) this.timer.ref(); // the list was empty: the timer keeps the process alive again
  }

  /** Unlinks an entry (no-op when it is not in this list). */
  remove(entry: DeadlineEntry): void {
    if (entry.deadlineList !== this) return;
    const { deadlinePrev: prev, deadlineNext: next } = entry;
    if (prev) prev.deadlineNext = next;
    else this.head = next;
    if (next) next.deadlinePrev = prev;
    else this.tail = prev;
    entry.deadlinePrev = undefined;
    entry.deadlineNext = undefined;
    entry.deadlineList = undefined;
    // Nothing left to time out: like a cleared per-message timer, the pending one must not keep
    // the process alive. It stays set (cheaper than a new one for the next entry) and finds nothing.
    if (this.head === undefined) this.timer?.unref();
  }

  private arm(at: number): void {
    this.timer = setTimeout(this.onTimer, Math.max(0, Math.ceil(at - performance.now())));
  }

  private expireDue(): void {
    this.timer = undefined;
    const now = performance.now() + TIMER_SLACK_MS;
    try {
      for (let entry = this.head; entry !== undefined && entry.deadlineAt <= now; entry = this.head) {
        this.remove(entry);
        entry.expire();
      }
    } finally {
      if (this.head && this.timer === undefined) this.arm(this.head.deadlineAt);
    }
  }
}

/** The deadline lists of every timeout in use. */
export class Deadlines {
  private readonly lists = new Map<number, DeadlineList>();

  /** Tracks `entry` until it expires `timeoutMs` from now or is removed. */
  add(entry: DeadlineEntry, timeoutMs: number): void {
    let list = this.lists.get(timeoutMs);
    if (!list) {
      list = new DeadlineList(timeoutMs);
      this.lists.set(timeoutMs, list);
    }
    list.add(entry);
  }

  /** Stops tracking `entry`; no-op when it expired or was never added. */
  remove(entry: DeadlineEntry): void {
    entry.deadlineList?.remove(entry);
  }
}
