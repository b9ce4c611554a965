import { isLosslessNumber, parse } from 'lossless-json';
import { Dec, parseDecimal } from '../../../canonical/money.js';
import { invalidField, RestError } from './errors.js';
import { readPlainJson } from './json-fast.js';
import { ownString } from '../../stored-string.js';
import { sharedDecimal } from './shared-decimal.js';

/**
 * Lenient, .NET-like reading of KashFlow JSON bodies:
 * - parsed losslessly (`0.1` stays exactly 0.1; numbers are never JS floats);
 * - property names match case-insensitively (`username` == `UserName`, reference quirk #20);
 * - `null` counts as absent; numbers may come as numeric strings; booleans as 0/1 or strings;
 * - unknown properties are ignored as ASP.NET does, or rejected (naming them) when the
 *   sandbox setting `ignoreUnknownFields` is off.
 * Every error names the field by its path (`LineItems[1].Quantity`).
 */

/** Parses a request body as JSON; malformed or empty text gives a 400 `InvalidJson`. */
export function parseJsonBody(text: unknown): unknown {
  const s = typeof text === 'string' ? text : '';
  if (s.trim() === '') throw new RestError(400, 'InvalidJson', 'The request body is empty; a JSON object is required.');
  try {
    // Last duplicate key wins, as with Json.NET.
    return readPlainJson(s) ?? parse(s, null, { onDuplicateKey: (info) => info.newValue });
  } catch (err) {
    throw new RestError(400, 'InvalidJson', `The request body is not valid JSON: ${(err as Error).message}`);
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A business date from KashFlow input: `yyyy-MM-dd`, optionally with a time (`T` or space)
 * and an offset (` +05:30`, `Z`). The calendar date as written is kept; time and offset are
 * dropped. Returns undefined when the text is not a real date.
 */
export function parseBusinessDate(text: string): string | undefined {
  // Bodies repeat a few dates (today, due dates): each text is checked once.
  if (text.length > 40) return checkBusinessDate(text);
  const known = DATES.get(text);
  if (known !== undefined || DATES.has(text)) return known;
  const date = checkBusinessDate(text);
  if (DATES.size >= 512) DATES.clear();
  DATES.set(ownString(text), date);
  return date;
}

/** Results of {@link parseBusinessDate} by text. */
const DATES = new Map<string, string | undefined>();

function checkBusinessDate(text: string): string | undefined {
  const m = DATE.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return undefined;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** Parses a JSON boolean the way KashFlow sends them: true/false, 0/1, or their string forms. */
export function parseBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = isLosslessNumber(value) ? value.value : typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return undefined;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (isLosslessNumber(value)) return `the number ${value.value}`;
  if (value !== null && typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value.length > 30 ? `${value.slice(0, 30)}…` : value}"`;
  return String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isLosslessNumber(value);
}

/** Limit of {@link JsonReader.dec} values (absolute). */
const DEC_LIMIT = new Dec('1e15');

/** Decimal bounds of {@link JsonReader.dec}, made once per bound. */
const bounds = new Map<number, Dec>();
function bound(n: number): Dec {
  let d = bounds.get(n);
  if (d === undefined) bounds.set(n, (d = new Dec(n)));
  return d;
}

/** Lower-cased field names by name: handlers ask for the same few dozen names on every request. */
const LOWER_NAMES = new Map<string, string>();

/** `name.toLowerCase()`, one string per name (handlers' field names are constants). */
function lowerName(name: string): string {
  let lower = LOWER_NAMES.get(name);
  if (lower === undefined) {
    if (LOWER_NAMES.size >= 4096) LOWER_NAMES.clear();
    LOWER_NAMES.set(name, (lower = name.toLowerCase()));
  }
  return lower;
}

/** A JSON integer text that is a safe integer as written (no sign, exponent or fraction). */
const PLAIN_INT = /^-?\d{1,15}$/;

/** Reads one JSON object of a request body; see the module comment for the rules. */
export class JsonReader {
  readonly path: string;
  private readonly strict: boolean;
  private readonly fields = new Map<string, { key: string; value: unknown }>();
  /** Fields read or ignored; tracked only with strict unknown-field checking (read by {@link finish}). */
  private readonly used: Set<string> | undefined;
  private readonly children: JsonReader[] = [];

  private constructor(obj: Record<string, unknown>, path: string, strict: boolean) {
    this.path = path;
    this.strict = strict;
    this.used = strict ? new Set<string>() : undefined;
    for (const key of Object.keys(obj)) this.fields.set(key.toLowerCase(), { key, value: obj[key] });
  }

  /** The reader of a whole body, which must be a JSON object. */
  static root(value: unknown, strictUnknownFields: boolean): JsonReader {
    if (!isPlainObject(value)) throw invalidField('(body)', `expected a JSON object, got ${describe(value)}`);
    return new JsonReader(value, '', strictUnknownFields);
  }

  /** The full path of a field of this object. */
  name(field: string): string {
    return this.path === '' ? field : `${this.path}.${field}`;
  }

  /** The raw value (undefined when absent or null); marks the field as known. */
  raw(field: string): unknown {
    const lower = lowerName(field);
    this.used?.add(lower);
    const v = this.fields.get(lower)?.value;
    return v === null ? undefined : v;
  }

  /** True when the field is present and not null. */
  has(field: string): boolean {
    return this.raw(field) !== undefined;
  }

  /** Marks read-only or irrelevant fields as known without reading them. */
  ignore(...fields: readonly string[]): void {
    const used = this.used;
    if (used) for (const f of fields) used.add(lowerName(f));
  }

  /** A string (numbers and booleans as their text), as a string of its own (not a view into the body). */
  str(field: string, opts: { max?: number } = {}): string | undefined {
    const v = this.raw(field);
    if (v === undefined) return undefined;
    let s: string;
    if (typeof v === 'string') s = v;
    else if (isLosslessNumber(v)) s = v.value;
    else if (typeof v === 'boolean') s = String(v);
    else throw invalidField(this.name(field), `expected a string, got ${describe(v)}`);
    if (opts.max !== undefined && s.length > opts.max) throw invalidField(this.name(field), `must be at most ${opts.max} characters long`);
    // Handlers keep what they read: a slice of the body would keep the whole body.
    return ownString(s);
  }

  int(field: string, opts: { min?: number; max?: number } = {}): number | undefined {
    const v = this.raw(field);
    if (v === undefined) return undefined;
    let n: number;
    // Fast path: a JSON number written as a plain safe integer reads exactly with Number().
    if (isLosslessNumber(v) && PLAIN_INT.test(v.value)) n = Number(v.value);
    else n = this.slowInt(field, v);
    if (opts.min !== undefined && n < opts.min) throw invalidField(this.name(field), `must be at least ${opts.min}`);
    if (opts.max !== undefined && n > opts.max) throw invalidField(this.name(field), `must be at most ${opts.max}`);
    return n;
  }

  private slowInt(field: string, v: unknown): number {
    const d = typeof v === 'string' && v.trim() === '' ? undefined : parseDecimal(isLosslessNumber(v) || typeof v === 'string' ? v : undefined);
    if (d === undefined || !d.isInteger() || d.abs().greaterThan(Number.MAX_SAFE_INTEGER)) throw invalidField(this.name(field), `expected a whole number, got ${describe(v)}`);
    return d.toNumber();
  }

  dec(field: string, opts: { min?: number; positive?: boolean; max?: number } = {}): Dec | undefined {
    const v = this.raw(field);
    if (v === undefined) return undefined;
    const d = sharedDecimal(v);
    if (d === undefined || !d.isFinite()) throw invalidField(this.name(field), `expected a number, got ${describe(v)}`);
    // Comparisons made from sign and exponent where they decide alone (decimal.js copies the operand of every comparison).
    if (d.e >= 15 && d.abs().greaterThan(DEC_LIMIT)) throw invalidField(this.name(field), 'is too large');
    if (opts.positive && !(d.s > 0 && !d.isZero())) throw invalidField(this.name(field), 'must be greater than 0');
    if (opts.min !== undefined && (opts.min === 0 ? d.s < 0 && !d.isZero() : d.lessThan(bound(opts.min)))) throw invalidField(this.name(field), opts.min === 0 ? 'must not be negative' : `must be at least ${opts.min}`);
    if (opts.max !== undefined && d.greaterThan(bound(opts.max))) throw invalidField(this.name(field), `must be at most ${opts.max}`);
    return d;
  }

  bool(field: string): boolean | undefined {
    const v = this.raw(field);
    if (v === undefined) return undefined;
    const b = parseBool(v);
    if (b === undefined) throw invalidField(this.name(field), `expected true/false (or 1/0), got ${describe(v)}`);
    return b;
  }

  /** A business date (`yyyy-MM-dd`); see {@link parseBusinessDate}. */
  date(field: string): string | undefined {
    const v = this.raw(field);
    if (v === undefined) return undefined;
    const d = typeof v === 'string' ? parseBusinessDate(v) : undefined;
    if (d === undefined) throw invalidField(this.name(field), `expected a date like "2026-11-20 12:00:00", got ${describe(v)}`);
    return d;
  }

  obj(field: string): JsonReader | undefined {
    const v = this.raw(field);
    if (v === undefined) return undefined;
    if (!isPlainObject(v)) throw invalidField(this.name(field), `expected an object, got ${describe(v)}`);
    return this.child(new JsonReader(v, this.name(field), this.strict));
  }

  /** An array of objects. */
  arr(field: string): JsonReader[] | undefined {
    const v = this.raw(field);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) throw invalidField(this.name(field), `expected an array, got ${describe(v)}`);
    return v.map((item, i) => {
      const path = `${this.name(field)}[${i}]`;
      if (!isPlainObject(item)) throw invalidField(path, `expected an object, got ${describe(item)}`);
      return this.child(new JsonReader(item, path, this.strict));
    });
  }

  /** Throws "is required" when a value is missing. */
  required<T>(field: string, value: T | undefined): T {
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) throw invalidField(this.name(field), 'is required');
    return value;
  }

  /** With strict unknown-field checking: 400 naming the first property nobody read. */
  finish(): void {
    const used = this.used;
    if (!used) return;
    for (const [lower, { key }] of this.fields) if (!used.has(lower)) throw invalidField(this.name(key), 'unknown field');
    for (const c of this.children) c.finish();
  }

  private child(reader: JsonReader): JsonReader {
    if (this.strict) this.children.push(reader);
    return reader;
  }
}
