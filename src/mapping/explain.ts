/** One explained value: where it went, what it is, and which rule produced it. */
export interface ExplainEntry {
  readonly path: string;
  readonly value: string;
  readonly rule: string;
}

/** Writes a run of entries on demand (in order), e.g. every line of an invoice. */
export type ExplainWriter = (out: ExplainEntry[]) => void;

/**
 * Collects explanations while a document is mapped. Entries are added directly or as a
 * deferred run ({@link defer}) whose text is only built when somebody reads {@link entries}:
 * an invoice's line explanations are most of the mapping's string work, and many callers
 * never read them. Either way `entries` lists every entry in the order it was recorded.
 */
export class Explanation {
  private readonly parts: (ExplainEntry | ExplainWriter)[] = [];
  private built: ExplainEntry[] | undefined;

  add(path: string, value: string, rule: string): void {
    this.parts.push({ path, value, rule });
    this.built = undefined;
  }

  /** Records a run of entries that `write` produces when the explanation is read. */
  defer(write: ExplainWriter): void {
    this.parts.push(write);
    this.built = undefined;
  }

  /** Every entry, in recording order (built once, then the same array on every read). */
  get entries(): ExplainEntry[] {
    if (this.built) return this.built;
    const out: ExplainEntry[] = [];
    for (const p of this.parts) {
      if (typeof p === 'function') p(out);
      else out.push(p);
    }
    this.built = out;
    return out;
  }
}
