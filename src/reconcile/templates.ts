/**
 * Text templates with `{name}` placeholders (the mapping's `KF-{code}`, `KFPAY-{paymentId}`),
 * used both ways: to build the AX value kfax writes, and to read the KashFlow key back out of
 * an AX value (so documents posted before kfax existed reconcile by the same rule).
 */
export class KeyTemplate {
  private readonly pattern: RegExp;

  /**
   * @param text the template, e.g. `KF-{code}`
   * @param key the placeholder holding the KashFlow key
   * @param keyPattern what the key looks like (regex source), e.g. `\d+` for numbers
   */
  constructor(
    readonly text: string,
    readonly key: string,
    keyPattern = '.+?',
  ) {
    let source = '';
    let seen = false;
    let last = 0;
    for (const m of text.matchAll(/\{([A-Za-z][A-Za-z0-9_.]*)\}/g)) {
      source += escape(text.slice(last, m.index));
      if (m[1] === key) {
        source += seen ? '\\k<key>' : `(?<key>${keyPattern})`;
        seen = true;
      } else source += '.*?';
      last = m.index + m[0].length;
    }
    source += escape(text.slice(last));
    this.pattern = new RegExp(`^${source}$`, 'i');
    this.usable = seen;
  }

  /** False when the template does not contain the key (values cannot be read back). */
  readonly usable: boolean;

  /** The template with the key filled in (other placeholders left empty). */
  fill(value: string): string {
    return this.text.replace(/\{([A-Za-z][A-Za-z0-9_.]*)\}/g, (_, name: string) => (name === this.key ? value : ''));
  }

  /** The key read back from a value, or undefined when the value does not fit the template. */
  extract(value: string): string | undefined {
    if (!this.usable) return undefined;
    return this.pattern.exec(value.trim())?.groups?.key;
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}
