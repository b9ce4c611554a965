import { LosslessNumber } from 'lossless-json';

/**
 * A single-pass reader for the plain JSON that clients send — no string escapes, no duplicate
 * keys, no `__proto__` key — returning what lossless-json's `parse` returns for it (numbers as
 * `LosslessNumber`s with their text as written) without building strings character by
 * character. Anything else, well-formed or not, makes {@link readPlainJson} return
 * `undefined`, and the caller hands the text to lossless-json: every refusal and its message
 * come from there unchanged.
 */
export function readPlainJson(text: string): unknown {
  const r = new PlainJson(text);
  try {
    const value = r.value();
    r.space();
    return r.i === text.length ? value : undefined;
  } catch {
    // BAIL, or a stack overflow on deep nesting: lossless-json decides.
    return undefined;
  }
}

/** Thrown inside the reader to hand the text to lossless-json. */
const BAIL: unique symbol = Symbol('bail');

const hasOwn = Object.prototype.hasOwnProperty;

class PlainJson {
  i = 0;
  constructor(private readonly s: string) {}

  /** Skips JSON whitespace (space, tab, LF, CR). */
  space(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  value(): unknown {
    this.space();
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 34) return this.string();
    if (c === 123) return this.object();
    if (c === 91) return this.array();
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    if (s.startsWith('true', this.i)) return this.keyword(4, true);
    if (s.startsWith('false', this.i)) return this.keyword(5, false);
    if (s.startsWith('null', this.i)) return this.keyword(4, null);
    throw BAIL;
  }

  private keyword<T>(length: number, value: T): T {
    this.i += length;
    return value;
  }

  /** A string without escapes or control characters. */
  private string(): string {
    const s = this.s;
    const start = this.i + 1;
    const end = s.indexOf('"', start);
    if (end < 0) throw BAIL;
    for (let k = start; k < end; k++) {
      const c = s.charCodeAt(k);
      if (c < 0x20 || c === 92) throw BAIL;
    }
    this.i = end + 1;
    return s.slice(start, end);
  }

  /** `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?` */
  private number(): LosslessNumber {
    const s = this.s;
    const start = this.i;
    let i = start;
    if (s.charCodeAt(i) === 45) i++;
    let c = s.charCodeAt(i);
    if (c === 48) i++;
    else if (c >= 49 && c <= 57) {
      i++;
      while (isDigit(s.charCodeAt(i))) i++;
    } else throw BAIL;
    if (s.charCodeAt(i) === 46) {
      i++;
      if (!isDigit(s.charCodeAt(i))) throw BAIL;
      while (isDigit(s.charCodeAt(i))) i++;
    }
    c = s.charCodeAt(i);
    if (c === 101 || c === 69) {
      i++;
      c = s.charCodeAt(i);
      if (c === 43 || c === 45) i++;
      if (!isDigit(s.charCodeAt(i))) throw BAIL;
      while (isDigit(s.charCodeAt(i))) i++;
    }
    this.i = i;
    return new LosslessNumber(s.slice(start, i));
  }

  private object(): Record<string, unknown> {
    const s = this.s;
    this.i++;
    const out: Record<string, unknown> = {};
    this.space();
    if (s.charCodeAt(this.i) === 125) {
      this.i++;
      return out;
    }
    for (;;) {
      this.space();
      if (s.charCodeAt(this.i) !== 34) throw BAIL;
      const key = this.string();
      if (key === '__proto__' || hasOwn.call(out, key)) throw BAIL;
      this.space();
      if (s.charCodeAt(this.i) !== 58) throw BAIL;
      this.i++;
      out[key] = this.value();
      this.space();
      const c = s.charCodeAt(this.i++);
      if (c === 125) return out;
      if (c !== 44) throw BAIL;
    }
  }

  private array(): unknown[] {
    const s = this.s;
    this.i++;
    const out: unknown[] = [];
    this.space();
    if (s.charCodeAt(this.i) === 93) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.space();
      const c = s.charCodeAt(this.i++);
      if (c === 93) return out;
      if (c !== 44) throw BAIL;
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
