/** One explained value: where it went, what it is, and which rule produced it. */
export interface ExplainEntry {
  readonly path: string;
  readonly value: string;
  readonly rule: string;
}

/** Collects explanations while a document is mapped. */
export class Explanation {
  readonly entries: ExplainEntry[] = [];

  add(path: string, value: string, rule: string): void {
    this.entries.push({ path, value, rule });
  }
}
