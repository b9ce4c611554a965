/**
 * A keyed collection that remembers sorted views of itself until it changes, so that list
 * endpoints do not re-sort an unchanged list on every page request.
 */
export class Collection<K extends string | number, T> {
  private readonly items = new Map<K, T>();
  private readonly views = new Map<string, { version: number; rows: readonly T[] }>();
  private changes = 0;
  /** Highest key, kept up to date on insert; recomputed after the highest one is deleted. */
  private highest: K | undefined;
  private highestKnown = true;

  /** Changes whenever an item is added, replaced, removed or touched. */
  get version(): number {
    return this.changes;
  }

  get size(): number {
    return this.items.size;
  }

  get(key: K): T | undefined {
    return this.items.get(key);
  }

  has(key: K): boolean {
    return this.items.has(key);
  }

  set(key: K, value: T): void {
    this.items.set(key, value);
    if (this.highestKnown && (this.highest === undefined || key > this.highest)) this.highest = key;
    this.changes++;
  }

  delete(key: K): boolean {
    const removed = this.items.delete(key);
    if (removed && key === this.highest) this.highestKnown = false;
    if (removed) this.changes++;
    return removed;
  }

  /** Marks the collection changed after an in-place edit of one of its items. */
  touch(): void {
    this.changes++;
  }

  /** The highest key (keys compared with `>`), or undefined when empty. O(1) except after the highest key was deleted. */
  highestKey(): K | undefined {
    if (!this.highestKnown) {
      this.highest = undefined;
      for (const k of this.items.keys()) if (this.highest === undefined || k > this.highest) this.highest = k;
      this.highestKnown = true;
    }
    return this.highest;
  }

  values(): IterableIterator<T> {
    return this.items.values();
  }

  /**
   * The items sorted by `compare`, cached under `viewKey` until the collection changes.
   * The caller must put everything the comparison depends on into `viewKey`.
   */
  sorted(viewKey: string, compare: (a: T, b: T) => number): readonly T[] {
    const cached = this.views.get(viewKey);
    if (cached && cached.version === this.changes) return cached.rows;
    if (this.views.size > 64) this.views.clear();
    const rows = [...this.items.values()].sort(compare);
    this.views.set(viewKey, { version: this.changes, rows });
    return rows;
  }
}
