import { Dec, parseDecimal } from '../../../canonical/money.js';

/** Integer digits a KashFlow decimal may have (its values fit decimal(18,4) with room to spare). */
const MAX_DECIMAL_DIGITS = 15;
const MAX_DECIMAL = new Dec(10).pow(MAX_DECIMAL_DIGITS);
/** Decimal places a KashFlow decimal may have (the API sends 4–6; generous, but bounded). */
const MAX_DECIMAL_PLACES = 20;
import { KfaxError } from '../../../errors/kfax-error.js';

/**
 * Lenient reader over one KashFlow JSON object, as the API returns it (reference §3.4, §9):
 * property names match case-insensitively (`VATNumber` = `VatNumber`), booleans may be 0/1,
 * numbers may be JSON numbers, lossless-json numbers or numeric strings, dates are
 * `yyyy-MM-dd HH:mm:ss` with an optional ` +hh:mm` offset (ISO `T` also accepted), and
 * `null` means absent. Every error names the JSON path and the reason.
 */
export class WireReader {
  readonly path: string;
  private readonly byLowerName: Map<string, unknown>;

  constructor(value: unknown, path = '$') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(path, `expected an object, got ${kindOf(value)}`);
    this.path = path;
    this.byLowerName = new Map();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) this.byLowerName.set(k.toLowerCase(), v);
  }

  /** True when any of the names is present with a non-null value. */
  has(...names: string[]): boolean {
    return names.some((n) => {
      const v = this.byLowerName.get(n.toLowerCase());
      return v !== undefined && v !== null;
    });
  }

  /** Raw value of the first present name. */
  raw(...names: string[]): unknown {
    for (const n of names) {
      const v = this.byLowerName.get(n.toLowerCase());
      if (v !== undefined && v !== null) return v;
    }
    return undefined;
  }

  private at(names: string[]): string {
    return `${this.path}.${names[0] ?? '?'}`;
  }

  /** Text; numbers are turned into their text. Absent → `fallback` (default ''). Trimmed. */
  str(names: string | string[], fallback = ''): string {
    const list = toList(names);
    const v = this.raw(...list);
    if (v === undefined) return fallback;
    if (typeof v === 'string') return v.trim();
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (isLossless(v)) return v.value;
    throw invalid(this.at(list), `expected text, got ${kindOf(v)}`);
  }

  /** Required non-empty text. */
  reqStr(names: string | string[]): string {
    const s = this.str(names);
    if (s === '') throw invalid(this.at(toList(names)), 'is required');
    return s;
  }

  /** Optional integer; `undefined` when absent or empty text. */
  optInt(names: string | string[]): number | undefined {
    const list = toList(names);
    const v = this.raw(...list);
    if (v === undefined || v === '') return undefined;
    const d = parseDecimal(v);
    if (d === undefined || !d.isInteger() || d.abs().gt(Number.MAX_SAFE_INTEGER)) throw invalid(this.at(list), `expected a whole number, got ${kindOf(v)}`);
    return d.toNumber();
  }

  /** Required integer. */
  int(names: string | string[]): number {
    const n = this.optInt(names);
    if (n === undefined) throw invalid(this.at(toList(names)), 'is required');
    return n;
  }

  /** Optional decimal. */
  optDec(names: string | string[]): Dec | undefined {
    const list = toList(names);
    const v = this.raw(...list);
    if (v === undefined || v === '') return undefined;
    const d = parseDecimal(v);
    if (d === undefined) throw invalid(this.at(list), `expected a number, got ${kindOf(v)}`);
    // KashFlow amounts, quantities and rates have at most 14 integer digits and 4–6 decimals;
    // anything far outside is refused here rather than overflowing the arithmetic later.
    if (d.abs().gte(MAX_DECIMAL)) throw invalid(this.at(list), `out of range: at most ${MAX_DECIMAL_DIGITS} digits before the decimal point`);
    if (d.decimalPlaces() > MAX_DECIMAL_PLACES) throw invalid(this.at(list), `too precise: at most ${MAX_DECIMAL_PLACES} decimal places`);
    return d;
  }

  /** Required decimal. */
  dec(names: string | string[]): Dec {
    const d = this.optDec(names);
    if (d === undefined) throw invalid(this.at(toList(names)), 'is required');
    return d;
  }

  /** Boolean from true/false, 0/1 or their text; absent → `fallback`. */
  bool(names: string | string[], fallback = false): boolean {
    const list = toList(names);
    const v = this.raw(...list);
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    const text = (isLossless(v) ? v.value : String(v)).trim().toLowerCase();
    if (text === '1' || text === 'true' || text === 'yes') return true;
    if (text === '0' || text === 'false' || text === 'no' || text === '') return false;
    throw invalid(this.at(list), `expected true/false or 0/1, got ${kindOf(v)}`);
  }

  /** Optional business date `yyyy-MM-dd`; the `1900-01-01` "no date" sentinel counts as absent. */
  optDate(names: string | string[]): string | undefined {
    const list = toList(names);
    const v = this.raw(...list);
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string') throw invalid(this.at(list), `expected a date text, got ${kindOf(v)}`);
    const d = parseWireDate(v);
    if (d === undefined) throw invalid(this.at(list), `expected a date like "2024-05-01 12:00:00", got ${JSON.stringify(v.slice(0, 40))}`);
    return d === '1900-01-01' ? undefined : d;
  }

  /** Required business date. */
  date(names: string | string[]): string {
    const d = this.optDate(names);
    if (d === undefined) throw invalid(this.at(toList(names)), 'is required');
    return d;
  }

  /** Nested object, or `undefined` when absent/null. */
  obj(names: string | string[]): WireReader | undefined {
    const list = toList(names);
    const v = this.raw(...list);
    return v === undefined ? undefined : new WireReader(v, this.at(list));
  }

  /** Array of nested objects; absent/null → []. */
  arr(names: string | string[]): WireReader[] {
    const list = toList(names);
    const v = this.raw(...list);
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw invalid(this.at(list), `expected a list, got ${kindOf(v)}`);
    return v.map((item, i) => new WireReader(item, `${this.at(list)}[${i}]`));
  }
}

const WIRE_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * Business date of a KashFlow date text: the calendar date as written, in the writer's own
 * zone (an offset does not move the date: KashFlow carries date-only values at 12:00:00).
 */
export function parseWireDate(text: string): string | undefined {
  const m = WIRE_DATE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (probe.getUTCFullYear() !== Number(y) || probe.getUTCMonth() !== Number(mo) - 1 || probe.getUTCDate() !== Number(d)) return undefined;
  return `${y}-${mo}-${d}`;
}

/** The error every wire parser throws: permanent, names the path. */
export function invalid(path: string, reason: string): KfaxError {
  return new KfaxError('KFAX_INPUT_INVALID', [path, reason], { details: { path, reason } });
}

function toList(names: string | string[]): string[] {
  return typeof names === 'string' ? [names] : names;
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
