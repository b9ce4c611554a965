/**
 * A table keyed case-insensitively, as AX (on SQL Server's default collation) compares
 * codes and account numbers. Iteration keeps insertion order.
 */
export class Keyed<T> {
  private readonly map = new Map<string, T>();

  constructor(
    private readonly keyOf: (row: T) => string,
    rows: Iterable<T> = [],
  ) {
    for (const r of rows) this.set(r);
  }

  static norm(key: string): string {
    return key.toUpperCase();
  }

  get(key: string): T | undefined {
    return this.map.get(key.toUpperCase());
  }

  has(key: string): boolean {
    return this.map.has(key.toUpperCase());
  }

  set(row: T): void {
    this.map.set(this.keyOf(row).toUpperCase(), row);
  }

  delete(key: string): boolean {
    return this.map.delete(key.toUpperCase());
  }

  values(): IterableIterator<T> {
    return this.map.values();
  }

  get size(): number {
    return this.map.size;
  }

  list(): T[] {
    return [...this.map.values()];
  }
}
