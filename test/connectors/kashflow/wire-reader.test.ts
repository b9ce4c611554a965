import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWireDate, WireReader } from '../../../src/connectors/kashflow/wire/reader.js';
import { isKfaxError } from '../../../src/errors/kfax-error.js';

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isKfaxError(err)) return err.message;
    throw err;
  }
  throw new Error('expected an error');
}

/** The reading rule stated plainly: the last key (in Object.keys order) equal to the name ignoring case. */
function expected(o: Record<string, unknown>, names: string[]): unknown {
  for (const n of names) {
    let v: unknown;
    for (const k of Object.keys(o)) if (k.toLowerCase() === n.toLowerCase()) v = o[k];
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

describe('WireReader property names', () => {
  it('resolve case-insensitively, the later of two keys that differ only in case winning, for objects that share key lists or not', () => {
    const a = new WireReader({ Rate: '1', rate: '2', Name: 'x' });
    expect(a.raw('RATE')).toBe('2');
    // Same keys, other order: the other key wins.
    const b = new WireReader({ rate: '2', Rate: '1', Name: 'x' });
    expect(b.raw('Rate')).toBe('1');
    // Same keys and order as `a` (its index is shared), other values.
    const c = new WireReader({ Rate: '3', rate: null, Name: 'y' });
    expect(c.raw('rate')).toBeUndefined();
    expect(c.str('name')).toBe('y');
    expect(a.str('NAME')).toBe('x');
  });

  it('read what the plain rule reads, over generated objects with colliding names', () => {
    const key = fc.constantFrom('Rate', 'rate', 'RATE', 'Net', 'NET', 'net', 'Code', '1', 'Vat');
    const value = fc.oneof(fc.constant(null), fc.string({ maxLength: 3 }), fc.integer());
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 8 }), fc.array(fc.constantFrom('rate', 'NET', 'code', 'vat', '1', 'Other'), { minLength: 1, maxLength: 3 }), (entries, names) => {
        const o = Object.fromEntries(entries) as Record<string, unknown>;
        const r = new WireReader(o);
        expect(r.raw(...names)).toBe(expected(o, names));
        expect(r.has(...names)).toBe(expected(o, names) !== undefined);
      }),
      { numRuns: 3000, seed: 3 },
    );
  });
});

describe('WireReader numbers', () => {
  it('read safe integers as themselves (-0 as 0) and refuse the rest with the same errors', () => {
    const r = new WireReader({ A: 4010, B: -0, C: 2 ** 53, D: 1.5, E: '12', F: 'x' });
    expect(r.int('A')).toBe(4010);
    expect(Object.is(r.int('B'), 0)).toBe(true);
    expect(errorOf(() => r.int('C'))).toContain('$.C');
    expect(errorOf(() => r.int('C'))).toContain('expected a whole number, got 9007199254740992');
    expect(errorOf(() => r.int('D'))).toContain('expected a whole number, got 1.5');
    expect(r.int('E')).toBe(12);
    expect(errorOf(() => r.int('F'))).toContain('expected a whole number, got "x"');
  });

  it('read decimals from plain text and from any other form alike, with the same bounds', () => {
    const r = new WireReader({ A: '16.6583', B: ' 16.6583 ', C: 16.6583, D: '1234567890123456', E: '0.000000000000000000001', F: '-0.00', G: '1e3' });
    for (const n of ['A', 'B', 'C']) expect(r.dec(n).toString()).toBe('16.6583');
    expect(errorOf(() => r.dec('D'))).toContain('out of range: at most 15 digits before the decimal point');
    expect(errorOf(() => r.dec('E'))).toContain('too precise: at most 20 decimal places');
    expect(r.dec('F').isNeg()).toBe(true);
    expect(r.dec('G').toString()).toBe('1000');
  });
});

describe('WireReader dates', () => {
  /** The full reader alone (the regular expression and the calendar check), as it always read. */
  function fullRead(text: string): string | undefined {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?$/.exec(text.trim());
    if (!m) return undefined;
    const [, y, mo, d] = m as unknown as [string, string, string, string];
    const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
    if (probe.getUTCFullYear() !== Number(y) || probe.getUTCMonth() !== Number(mo) - 1 || probe.getUTCDate() !== Number(d)) return undefined;
    return `${y}-${mo}-${d}`;
  }

  it('read KashFlow date texts as the full reader does (leap years, impossible days, years before 100, other forms)', () => {
    const two = fc.integer({ min: 0, max: 99 }).map((v) => String(v).padStart(2, '0'));
    const year = fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(1900, 2000, 2100, 2024, 2026, 99, 100)).map((v) => String(v).padStart(4, '0'));
    const sep = fc.constantFrom(' ', 'T', 'x', '');
    const tail = fc.constantFrom('', '', ' +05:30', 'Z', '.5', ' ');
    fc.assert(
      fc.property(year, fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), sep, two, two, two, fc.boolean(), tail, (y, mo, d, s, h, mi, se, withTime, t) => {
        const text = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}${withTime ? `${s}${h}:${mi}:${se}` : ''}${t}`;
        const expected = fullRead(text);
        expect(parseWireDate(text)).toBe(expected);
        const r = new WireReader({ D: text });
        if (expected === undefined) expect(() => r.optDate('D')).toThrow(/expected a date like/);
        else expect(r.optDate('D')).toBe(expected === '1900-01-01' ? undefined : expected);
      }),
      { numRuns: 5000, seed: 13 },
    );
  });
});
