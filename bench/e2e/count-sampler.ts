/**
 * Samples a growing count (e.g. invoices posted in AX) at a fixed interval in the background,
 * so a benchmark can read it at any moment afterwards — the count at the end of a warm-up, at
 * the end of the load, and when it first reached a target — without stopping to ask.
 */

/** One reading: milliseconds since the epoch and the count then. */
export interface CountSample {
  readonly at: number;
  readonly count: number;
}

/** Background sampler of `read()`; a failed read is skipped (the next one tries again). */
export class CountSampler {
  readonly samples: CountSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private reading = false;

  constructor(
    private readonly read: () => Promise<number>,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts sampling (one reading at once, then every interval; a slow reading is not overlapped). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    void this.sample();
  }

  /** Takes one reading now and records it. */
  async sample(): Promise<CountSample | undefined> {
    if (this.reading) return undefined;
    this.reading = true;
    try {
      const count = await this.read();
      const s = { at: this.now(), count };
      this.samples.push(s);
      return s;
    } catch {
      return undefined;
    } finally {
      this.reading = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The latest count read (0 before any). */
  get latest(): number {
    return this.samples.at(-1)?.count ?? 0;
  }

  /** The first sample whose count reached `target`, if any. */
  firstAtLeast(target: number): CountSample | undefined {
    return this.samples.find((s) => s.count >= target);
  }

  /**
   * The count at time `at`, interpolated linearly between the samples around it (the first or
   * last sample's count outside their span; 0 with no samples).
   */
  countAt(at: number): number {
    const s = this.samples;
    if (s.length === 0) return 0;
    if (at <= s[0]!.at) return s[0]!.count;
    for (let i = 1; i < s.length; i++) {
      const b = s[i]!;
      if (b.at >= at) {
        const a = s[i - 1]!;
        return b.at === a.at ? b.count : a.count + ((b.count - a.count) * (at - a.at)) / (b.at - a.at);
      }
    }
    return s[s.length - 1]!.count;
  }
}
