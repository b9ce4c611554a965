/**
 * Remembers what was worked out for a list of keys, for the next object with the same keys in
 * the same order (records of one kind share their key lists). One slot per list length keeps
 * the memory bounded; a look-up compares the list with the one remembered, so a different list
 * of the same length simply replaces it.
 */
export class KeyListMemo<T> {
  private readonly slots: ({ readonly keys: readonly string[]; readonly value: T } | undefined)[] = [];

  /** `maxKeys`: longer lists are worked out every time; `build`: what to remember for a list. */
  constructor(
    private readonly maxKeys: number,
    private readonly build: (keys: string[]) => T,
  ) {}

  /** The value for `keys`, built once per run of objects with the same key list. */
  get(keys: string[]): T {
    const n = keys.length;
    if (n > this.maxKeys) return this.build(keys);
    const known = this.slots[n];
    if (known !== undefined && sameKeys(known.keys, keys)) return known.value;
    const value = this.build(keys);
    this.slots[n] = { keys, value };
    return value;
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
