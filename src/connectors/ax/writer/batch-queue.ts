/**
 * Coalesces items that arrive close together into groups: a group is flushed when it holds
 * `maxItems`, or `lingerMs` after its first item arrived. Items of different group keys never
 * share a flush.
 */
export class BatchQueue<T extends { readonly id: string; readonly groupKey: string }> {
  private readonly groups = new Map<string, { items: T[]; timer: ReturnType<typeof setTimeout> | undefined }>();

  constructor(
    private readonly maxItems: () => number,
    private readonly lingerMs: () => number,
    private readonly flushGroup: (items: T[]) => void,
  ) {}

  /** Adds an item; flushes its group at once when full. */
  add(item: T): void {
    let group = this.groups.get(item.groupKey);
    if (!group) {
      group = { items: [], timer: undefined };
      this.groups.set(item.groupKey, group);
    }
    group.items.push(item);
    if (group.items.length >= this.maxItems()) {
      this.flush(item.groupKey);
      return;
    }
    if (group.timer === undefined) {
      const key = item.groupKey;
      group.timer = setTimeout(() => this.flush(key), this.lingerMs());
    }
  }

  /** Takes an item out before its group is flushed; false when it was already flushed. */
  remove(item: T): boolean {
    const group = this.groups.get(item.groupKey);
    const i = group ? group.items.findIndex((x) => x.id === item.id) : -1;
    if (!group || i < 0) return false;
    group.items.splice(i, 1);
    if (group.items.length === 0) {
      clearTimeout(group.timer);
      this.groups.delete(item.groupKey);
    }
    return true;
  }

  /** Items waiting in all groups. */
  get size(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.items.length;
    return n;
  }

  /** Flushes every group now (shutdown). */
  flushAll(): void {
    for (const key of [...this.groups.keys()]) this.flush(key);
  }

  private flush(key: string): void {
    const group = this.groups.get(key);
    if (!group) return;
    clearTimeout(group.timer);
    this.groups.delete(key);
    const max = this.maxItems();
    for (let i = 0; i < group.items.length; i += max) this.flushGroup(group.items.slice(i, i + max));
  }
}
