/**
 * The sandbox's clock. By default it follows real time; tests and demos can pin "today"
 * or shift time (e.g. to make an invoice overdue or a session token expire) through the
 * control API.
 */
export class SandboxClock {
  private offsetMs = 0;
  private fixedMs: number | undefined;

  /** Milliseconds since the epoch, as the sandbox sees it. */
  nowMs(): number {
    return (this.fixedMs ?? Date.now()) + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** The UTC day number {@link today} last wrote, and its text. */
  private cachedDay = Number.NaN;
  private cachedToday = '';

  /** Today's date `yyyy-MM-dd` (UTC). */
  today(): string {
    const ms = this.nowMs();
    // The UTC date changes only every 86,400,000 ms: written once per day.
    const day = Math.floor(ms / 86_400_000);
    if (day !== this.cachedDay) {
      this.cachedToday = new Date(ms).toISOString().slice(0, 10);
      this.cachedDay = day;
    }
    return this.cachedToday;
  }

  /** Moves the clock forward (or back) by `ms`. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Pins the clock to an instant, or releases it with `undefined`. */
  pin(at: Date | undefined): void {
    this.fixedMs = at?.getTime();
    this.offsetMs = 0;
  }

  describe(): { now: string; today: string; pinned: boolean; offsetMs: number } {
    return { now: this.now().toISOString(), today: this.today(), pinned: this.fixedMs !== undefined, offsetMs: this.offsetMs };
  }
}
