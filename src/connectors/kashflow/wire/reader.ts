import { Dec, parseDecimal } from '../../../canonical/money.js';
import { KfaxError } from '../../../errors/kfax-error.js';
import { plainDecimal } from '../../../canonical/units.js';
import { KeyListMemo } from '../../../util/key-list-memo.js';

/** Integer digits a KashFlow decimal may have (its values fit decimal(18,4) with room to spare). */
const MAX_DECIMAL_DIGITS = 15;
const MAX_DECIMAL = new Dec(10).pow(MAX_DECIMAL_DIGITS);
/** Decimal places a KashFlow decimal may have (the API sends 4–6; generous, but bounded). */
const MAX_DECIMAL_PLACES = 20;

/**
 * Lenient reader over one KashFlow JSON object, as the API returns it (reference §3.4, §9):
 * property names match case-insensitively (`VATNumber` = `VatNumber`), booleans may be 0/1,
 * numbers may be JSON numbers, lossless-json numbers or numeric strings, dates are
 * `yyyy-MM-dd HH:mm:ss` with an optional ` +hh:mm` offset (ISO `T` also accepted), and
 * `null` means absent. Every error names the JSON path and the reason.
 *
 * When two property names differ only in case, the later one (in `Object.keys` order) wins.
 * Values are read from the object when asked for: the reader is for JSON data, which nothing
 * changes while it is read.
 */
export class WireReader {
  readonly path: string;
  private readonly record: Record<string, unknown>;
  private readonly index: KeyIndex;

  constructor(value: unknown, path = '$') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(path, `expected an object, got ${kindOf(value)}`);
    this.path = path;
    this.record = value as Record<string, unknown>;
    this.index = indexes.get(Object.keys(value));
  }

  /** True when any of the names is present with a non-null value. */
  has(...names: string[]): boolean {
    return this.find(names) !== undefined;
  }

  /** Raw value of the first present name. */
  raw(...names: string[]): unknown {
    return this.find(names);
  }

  /** Raw value of the first of the names present with a non-null value. */
  private find(names: string | readonly string[]): unknown {
    if (typeof names === 'string') return this.value(names);
    for (let i = 0; i < names.length; i++) {
      const v = this.value(names[i] as string);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** The value of one name, `undefined` when absent or null. */
  private value(name: string): unknown {
    const key = this.index.keyOf(name);
    if (key === undefined) return undefined;
    const v = this.record[key];
    return v === null ? undefined : v;
  }

  private at(names: string | readonly string[]): string {
    return `${this.path}.${(typeof names === 'string' ? names : names[0]) ?? '?'}`;
  }

  /** Text; numbers are turned into their text. Absent → `fallback` (default ''). Trimmed. */
  str(names: string | string[], fallback = ''): string {
    const v = this.find(names);
    if (v === undefined) return fallback;
    if (typeof v === 'string') return v.trim();
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (isLossless(v)) return v.value;
    throw invalid(this.at(names), `expected text, got ${kindOf(v)}`);
  }

  /** Required non-empty text. */
  reqStr(names: string | string[]): string {
    const s = this.str(names);
    if (s === '') throw invalid(this.at(names), 'is required');
    return s;
  }

  /** Optional integer; `undefined` when absent or empty text. */
  optInt(names: string | string[]): number | undefined {
    const v = this.find(names);
    if (v === undefined || v === '') return undefined;
    // (a safe integer reads as itself; -0 as 0, as through its text)
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v + 0;
    const d = parseDecimal(v);
    if (d === undefined || !d.isInteger() || d.abs().gt(Number.MAX_SAFE_INTEGER)) throw invalid(this.at(names), `expected a whole number, got ${kindOf(v)}`);
    return d.toNumber();
  }

  /** Required integer. */
  int(names: string | string[]): number {
    const n = this.optInt(names);
    if (n === undefined) throw invalid(this.at(names), 'is required');
    return n;
  }

  /** Optional decimal. */
  optDec(names: string | string[]): Dec | undefined {
    const v = this.find(names);
    if (v === undefined || v === '') return undefined;
    // Plain text of at most 15 digits is within both bounds below: no need to check them.
    const plain = typeof v === 'string' ? plainDecimal(v) : undefined;
    if (plain !== undefined) return plain;
    const d = parseDecimal(v);
    if (d === undefined) throw invalid(this.at(names), `expected a number, got ${kindOf(v)}`);
    // KashFlow amounts, quantities and rates have at most 14 integer digits and 4–6 decimals;
    // anything far outside is refused here rather than overflowing the arithmetic later.
    if (d.abs().gte(MAX_DECIMAL)) throw invalid(this.at(names), `out of range: at most ${MAX_DECIMAL_DIGITS} digits before the decimal point`);
    if (d.decimalPlaces() > MAX_DECIMAL_PLACES) throw invalid(this.at(names), `too precise: at most ${MAX_DECIMAL_PLACES} decimal places`);
    return d;
  }

  /** Required decimal. */
  dec(names: string | string[]): Dec {
    const d = this.optDec(names);
    if (d === undefined) throw invalid(this.at(names), 'is required');
    return d;
  }

  /** Boolean from true/false, 0/1 or their text; absent → `fallback`. */
  bool(names: string | string[], fallback = false): boolean {
    const v = this.find(names);
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    const text = (isLossless(v) ? v.value : String(v)).trim().toLowerCase();
    if (text === '1' || text === 'true' || text === 'yes') return true;
    if (text === '0' || text === 'false' || text === 'no' || text === '') return false;
    throw invalid(this.at(names), `expected true/false or 0/1, got ${kindOf(v)}`);
  }

  /** Optional business date `yyyy-MM-dd`; the `1900-01-01` "no date" sentinel counts as absent. */
  optDate(names: string | string[]): string | undefined {
    const v = this.find(names);
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string') throw invalid(this.at(names), `expected a date text, got ${kindOf(v)}`);
    const d = parseWireDate(v);
    if (d === undefined) throw invalid(this.at(names), `expected a date like "2024-05-01 12:00:00", got ${JSON.stringify(v.slice(0, 40))}`);
    return d === '1900-01-01' ? undefined : d;
  }

  /** Required business date. */
  date(names: string | string[]): string {
    const d = this.optDate(names);
    if (d === undefined) throw invalid(this.at(names), 'is required');
    return d;
  }

  /** Nested object, or `undefined` when absent/null. */
  obj(names: string | string[]): WireReader | undefined {
    const v = this.find(names);
    return v === undefined ? undefined : new WireReader(v, this.at(names));
  }

  /** Array of nested objects; absent/null → []. */
  arr(names: string | string[]): WireReader[] {
    const v = this.find(names);
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw invalid(this.at(names), `expected a list, got ${kindOf(v)}`);
    return v.map((item, i) => new WireReader(item, `${this.at(names)}[${i}]`));
  }
}

/**
 * Which own key each name resolves to, for one list of keys: the last key (in `Object.keys`
 * order) equal to the name ignoring case. Built once per list of keys and shared by the
 * objects that have the same keys in the same order (KashFlow's answers all do).
 */
class KeyIndex {
  private readonly byLowerName = new Map<string, string>();
  /** Names as asked for (the readers' own constants) → key, or null when absent. */
  private readonly resolved = new Map<string, string | null>();

  constructor(readonly keys: readonly string[]) {
    for (const k of keys) this.byLowerName.set(k.toLowerCase(), k);
  }

  keyOf(name: string): string | undefined {
    let key = this.resolved.get(name);
    if (key === undefined) {
      key = this.byLowerName.get(name.toLowerCase()) ?? null;
      if (this.resolved.size < MAX_RESOLVED) this.resolved.set(name, key);
    }
    return key ?? undefined;
  }
}

const MAX_RESOLVED = 512;
/** Key indexes kept for the next object with the same keys (lists of up to 256 keys). */
const indexes = new KeyListMemo<KeyIndex>(256, (keys) => new KeyIndex(keys));

const WIRE_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * Business date of a KashFlow date text: the calendar date as written, in the writer's own
 * zone (an offset does not move the date: KashFlow carries date-only values at 12:00:00).
 */
export function parseWireDate(text: string): string | undefined {
  const quick = quickWireDate(text);
  if (quick !== null) return quick;
  const m = WIRE_DATE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (probe.getUTCFullYear() !== Number(y) || probe.getUTCMonth() !== Number(mo) - 1 || probe.getUTCDate() !== Number(d)) return undefined;
  return `${y}-${mo}-${d}`;
}

/**
 * {@link parseWireDate} for the form KashFlow sends, `yyyy-MM-dd HH:mm:ss` (or `yyyy-MM-dd`)
 * with a year from 100 on, read from its characters; `null` for any other text (the full
 * reader decides). A day that does not exist in its month is refused as the calendar check
 * of the full reader refuses it.
 */
function quickWireDate(t: string): string | undefined | null {
  const n = t.length;
  if (n !== 19 && n !== 10) return null;
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return null;
  const y = digits(t, 0, 4);
  const mo = digits(t, 5, 2);
  const d = digits(t, 8, 2);
  if (y < 100 || mo < 0 || d < 0) return null;
  if (n === 19) {
    const sep = t.charCodeAt(10);
    if ((sep !== 32 && sep !== 84) || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58 || digits(t, 11, 2) < 0 || digits(t, 14, 2) < 0 || digits(t, 17, 2) < 0) return null;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return t.slice(0, 10);
}

/** The number written by `count` ASCII digits at `at`, or -1. */
function digits(t: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** The error every wire parser throws: permanent, names the path. */
export function invalid(path: string, reason: string): KfaxError {
  return new KfaxError('KFAX_INPUT_INVALID', [path, reason], { details: { path, reason } });
}

function isLossless(v: unknown): v is { value: string } {
  return v !== null && typeof v === 'object' && 'isLosslessNumber' in v && typeof (v as { value?: unknown }).value === 'string';
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (isLossless(v)) return v.value;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}
