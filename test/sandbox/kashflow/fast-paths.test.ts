import fc from 'fast-check';
import { parse } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/canonical/money.js';
import { JsonObjectText, moneyText } from '../../../src/sandbox/kashflow/rest/json-text.js';
import { invoiceTail } from '../../../src/sandbox/kashflow/rest/document-json.js';
import { KashflowState } from '../../../src/sandbox/kashflow/state.js';
import { SandboxClock } from '../../../src/sandbox/clock.js';
import { FaultInjector } from '../../../src/sandbox/faults/injector.js';
import { builtInProfile } from '../../../src/sandbox/faults/profiles.js';
import { buildWorld } from '../../../src/sandbox/seed/world.js';
import { HOME_RATE, toHome } from '../../../src/sandbox/kashflow/store/documents.js';
import { money, timestamp } from '../../../src/sandbox/kashflow/wire/format.js';
import { JsonReader, parseBusinessDate } from '../../../src/sandbox/kashflow/wire/input.js';
import { readPlainJson } from '../../../src/sandbox/kashflow/wire/json-fast.js';
import { stringifyWithRawNumbers } from '../../../src/util/json-raw.js';
import { jsonTree, NUMBER_TOKENS, renderJson, type JsonTree } from '../../helpers/json-documents.js';

// The fast paths of the KashFlow sandbox give what the general code gives, errors included.

/** The error message of a call, or its result. */
function outcome<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
}

/** A reader of `{"X": <json>}`, strict or not. */
function reader(json: string, strict = false): JsonReader {
  return JsonReader.root(parse(`{"X":${json}}`, null, { onDuplicateKey: (info) => info.newValue }), strict);
}

const numberText = fc.oneof(
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }).map(String),
  fc.tuple(fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }), fc.stringMatching(/^\d{1,6}$/)).map(([i, f]) => `${i}.${f}`),
  fc.tuple(fc.integer({ min: -99, max: 99 }), fc.integer({ min: -20, max: 20 })).map(([m, e]) => `${m}e${e}`),
  fc.constantFrom('0', '-0', '0.0', '-0.0000', '1e15', '-1e15', '1000000000000000', '1000000000000000.0001', '-1000000000000000.0001', '999999999999999', '9007199254740991', '9007199254740992', '100', '100.0001', '0.0001', '-0.0001'),
);

describe('JsonReader.int: plain JSON integers read like their string form', () => {
  it('same value or same error for any number, with and without bounds', () => {
    fc.assert(
      fc.property(numberText, fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 2_000_000_000 }), { nil: undefined }), (text, min, max) => {
        const opts = { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
        const fromNumber = outcome(() => reader(text).int('X', opts));
        const fromString = outcome(() => reader(JSON.stringify(text)).int('X', opts));
        // The string form names itself differently in "expected a whole number" errors only.
        if (typeof fromString === 'string' && fromString.includes('expected a whole number')) expect(fromNumber).toBe(`RestError: X: expected a whole number, got the number ${text}`);
        else expect(fromNumber).toEqual(fromString);
      }),
    );
  });
});

describe('JsonReader.dec: comparisons by sign and exponent', () => {
  /** The checks as they were written with decimal.js comparisons. */
  function reference(text: string, opts: { min?: number; positive?: boolean; max?: number }): string {
    const d = new Dec(text);
    if (d.abs().greaterThan(new Dec('1e15'))) return 'RestError: X: is too large';
    if (opts.positive && !d.greaterThan(0)) return 'RestError: X: must be greater than 0';
    if (opts.min !== undefined && d.lessThan(opts.min)) return `RestError: X: ${opts.min === 0 ? 'must not be negative' : `must be at least ${opts.min}`}`;
    if (opts.max !== undefined && d.greaterThan(opts.max)) return `RestError: X: must be at most ${opts.max}`;
    return d.toString();
  }

  it('same value or same error as the plain comparisons', () => {
    fc.assert(
      fc.property(numberText, fc.boolean(), fc.option(fc.constantFrom(0, 1, -3), { nil: undefined }), fc.option(fc.constantFrom(0, 100, 1_000_000), { nil: undefined }), (text, positive, min, max) => {
        const opts = { positive, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
        const got = outcome(() => reader(text).dec('X', opts)?.toString());
        expect(got).toBe(reference(text, opts));
      }),
    );
  });
});

describe('JsonReader without strict unknown-field checking', () => {
  it('reads the same values as a strict reader, and only the strict one rejects unknown fields', () => {
    const body = '{"A":1,"b":"x","C":{"D":true},"E":[{"F":2.50}],"Unknown":0}';
    for (const strict of [false, true]) {
      const r = JsonReader.root(parse(body), strict);
      expect(r.int('a')).toBe(1);
      expect(r.str('B')).toBe('x');
      expect(r.obj('c')?.bool('d')).toBe(true);
      expect(r.arr('e')?.[0]?.dec('f')?.toString()).toBe('2.5');
      expect(outcome(() => r.finish())).toBe(strict ? 'RestError: Unknown: unknown field' : undefined);
    }
    const nested = JsonReader.root(parse('{"C":{"D":true,"Z":1}}'), true);
    nested.obj('C')?.bool('D');
    expect(outcome(() => nested.finish())).toBe('RestError: C.Z: unknown field');
  });
});

describe('JsonObjectText', () => {
  const scalar = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));

  it('writes what JSON.stringify writes for the same fields', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/), scalar)), (fields) => {
        const obj: Record<string, unknown> = {};
        const text = new JsonObjectText();
        const seen = new Set<string>();
        for (const [k, v] of fields) {
          if (seen.has(k)) continue;
          seen.add(k);
          obj[k] = v;
          text.value(k, v as string | number | boolean | null | undefined);
        }
        expect(text.end()).toBe(JSON.stringify(obj));
      }),
    );
  });

  it('strings JSON escapes and strings it leaves as they are', () => {
    for (const v of ['', 'plain', '\ud800', 'a\udc00b', '\ud83d\ude00', '\u2028', '\u007f', '"', '\\', '\u001f', '\n', '£29.96', 'é']) {
      expect(new JsonObjectText().value('K', v).end()).toBe(JSON.stringify({ K: v }));
    }
    for (const n of [0, -0, 1.5, -2, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 5e-7]) expect(new JsonObjectText().value('K', n).end()).toBe(JSON.stringify({ K: n }));
  });

  it('cut: the pieces with fields written between them are the text of all the fields', () => {
    const field = fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/), scalar);
    const fields = fc.uniqueArray(field, { selector: ([k]) => k, maxLength: 6 });
    fc.assert(
      fc.property(fields, fc.integer({ min: -99, max: 99 }), fields, (after, n, before) => {
        // Keys are unique within a group and made distinct across groups by their prefix; the first field before the cut always has a value.
        const obj: Record<string, unknown> = { First: n };
        const text = new JsonObjectText().value('First', n);
        for (const [k, v] of before) {
          obj[`b${k}`] = v;
          text.value(`b${k}`, v as string | number | boolean | null | undefined);
        }
        const head = text.cut();
        obj.Between = n;
        for (const [k, v] of after) {
          obj[`a${k}`] = v;
          text.value(`a${k}`, v as string | number | boolean | null | undefined);
        }
        expect(`${head},"Between":${n}${text.end()}`).toBe(JSON.stringify(obj));
      }),
    );
  });

  it('cut needs a field before it; a piece after it can be empty', () => {
    expect(() => new JsonObjectText().cut()).toThrow('JsonObjectText.cut: no field written yet');
    const text = new JsonObjectText().value('A', 1);
    expect(text.cut()).toBe('{"A":1');
    expect(text.end()).toBe('}');
  });

  it('money fields and field groups', () => {
    const text = new JsonObjectText().money('A', new Dec('117.5')).fields('"B":false,"C":0').raw('D', undefined).money('E', new Dec('-0')).end();
    expect(text).toBe(stringifyWithRawNumbers({ A: money(new Dec('117.5')), B: false, C: 0, E: money(new Dec('-0')) }));
  });
});

describe('moneyText', () => {
  it('is the text of money(), errors included', () => {
    fc.assert(
      fc.property(numberText, (text) => {
        expect(moneyText(new Dec(text))).toBe(money(new Dec(text)).text);
      }),
    );
    for (const bad of [new Dec(NaN), new Dec(Infinity), new Dec(-Infinity)]) expect(outcome(() => moneyText(bad))).toBe(outcome(() => money(bad).text));
  });
});

describe('toHome at the home rate', () => {
  it('equals the division by a rate of 1', () => {
    fc.assert(
      fc.property(fc.oneof(numberText, fc.stringMatching(/^0\.00[0-9]{40,50}$/), fc.stringMatching(/^[1-9][0-9]{38,45}\.[0-9]{1,5}$/)), (text) => {
        const amount = new Dec(text);
        expect(toHome(amount, HOME_RATE).toString()).toBe(toHome(amount, new Dec(1)).toString());
      }),
    );
    // More digits than the precision: the division rounds first, as before.
    const long = new Dec(`0.00${'4'.repeat(1)}${'9'.repeat(45)}`);
    expect(toHome(long, HOME_RATE).toString()).toBe(toHome(long, new Dec(1)).toString());
  });
});

describe('readPlainJson', () => {
  /** What lossless-json makes of a text (the sandbox's options): its value, or its error. */
  function reference(text: string): unknown {
    try {
      return { value: parse(text, null, { onDuplicateKey: (info) => info.newValue }) };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }

  /** What the sandbox makes of a body: the fast reader's value, else lossless-json's value or error. */
  function viaFastPath(text: string): unknown {
    try {
      const fast = readPlainJson(text);
      return { value: fast === undefined ? parse(text, null, { onDuplicateKey: (info) => info.newValue }) : fast };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }

  const members = (tree: fc.Arbitrary<JsonTree>): fc.Arbitrary<[string, JsonTree][]> => fc.array(fc.tuple(fc.constantFrom('a', 'A', 'b', '__proto__', 'x\\"y', 'Quantity', '1', ''), tree), { maxLength: 4 });
  const documents = fc.tuple(jsonTree(fc.oneof(...Object.values(NUMBER_TOKENS)), members), fc.constantFrom('', ' ', '\n\t', '\r\n  ')).map(([t, ws]) => renderJson(t, ws));

  it('reads what lossless-json reads, and leaves everything else to it (generated documents)', () => {
    fc.assert(
      fc.property(documents, (text) => {
        expect(viaFastPath(text)).toStrictEqual(reference(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('same value or same error for mutated documents', () => {
    const pieces = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '0', '-', '.', 'e', '+', 'tru', 'null', '\u0001', '01', '1.', '-.5', '"a":1', '\\u00e9'];
    fc.assert(
      fc.property(documents, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...pieces), fc.boolean()), { minLength: 1, maxLength: 3 }), (text, edits) => {
        let t = text;
        for (const [at, piece, replace] of edits) {
          const p = at % (t.length + 1);
          t = t.slice(0, p) + piece + t.slice(replace ? p + 1 : p);
        }
        expect(viaFastPath(t)).toStrictEqual(reference(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a real invoice body itself', () => {
    const body = '{"CustomerCode":"JONS01","IssuedDate":"2026-11-26 12:00:00","Currency":{"Code":"GBP","ExchangeRate":1.0000},"LineItems":[{"Number":1,"Quantity":2.0000,"Rate":10.4167,"VATExempt":false,"TaxCode":null}]}';
    const fast = readPlainJson(body);
    expect(fast).toBeDefined();
    expect(fast).toStrictEqual(parse(body));
    for (const other of ['{"A":1,"A":2}', '{"__proto__":{}}', '{"A":"x\\ny"}', ' [1, 2] x', '{"A":01}']) expect(readPlainJson(other)).toBeUndefined();
  });
});

describe('remembered results', () => {
  it('parseBusinessDate gives the same answer the second time, valid or not', () => {
    for (const text of ['2026-11-26 12:00:00', '2026-02-30', ' 2026-11-26T23:59:59+05:30', 'not a date', '2026-11-26 24:00:00', `2026-11-26${' '.repeat(50)}`]) {
      const first = parseBusinessDate(text);
      expect(parseBusinessDate(text)).toBe(first);
    }
    expect(parseBusinessDate('2026-11-26 12:00:00')).toBe('2026-11-26');
    expect(parseBusinessDate('2026-02-30')).toBeUndefined();
  });

  it('timestamp of instants in the same second and in the next one', () => {
    const ms = Date.UTC(2026, 10, 26, 21, 10, 5, 100);
    expect(timestamp(ms)).toBe('2026-11-26 21:10:05');
    expect(timestamp(ms + 899)).toBe('2026-11-26 21:10:05');
    expect(timestamp(ms + 900)).toBe('2026-11-26 21:10:06');
    expect(timestamp(-1)).toBe('1969-12-31 23:59:59');
    expect(outcome(() => timestamp(Number.NaN))).toBe('RangeError: Invalid time value');
  });
});

describe('invoiceTail', () => {
  /** The tail as invoice() wrote it field by field before the texts were shared. */
  function reference(isArchived: boolean, tradeBorder: number): string {
    const text = new JsonObjectText().raw('Id', '0');
    text.cut();
    return text
      .raw('ReminderLetters', '[]')
      .raw('EmailCount', '0')
      .raw('FileCount', '0')
      .value('IsArchived', isArchived)
      .raw('SuppressNumber', 'false')
      .raw('AutomaticCreditControlEnabled', 'false')
      .raw('PayOnlinePaymentProcessor', '0')
      .value('TradeBorderType', tradeBorder)
      .raw('Type', '"Invoice"')
      .raw('VATReturnId', 'null')
      .raw('IsCISReverseCharge', 'false')
      .raw('CISRCNetAmount', '0.0000')
      .raw('CISRCVatAmount', '0.0000')
      .raw('IsWhtDeductionToBeApplied', 'false')
      .end();
  }

  it('is the field-by-field text, the first time and when shared', () => {
    for (let pass = 0; pass < 2; pass++) {
      for (const archived of [false, true]) for (const border of [1, 2, 3, 0, 4, -1]) expect(invoiceTail(archived, border)).toBe(reference(archived, border));
    }
    expect(JSON.parse(`{"A":1${invoiceTail(true, 2)}`)).toMatchObject({ A: 1, IsArchived: true, TradeBorderType: 2, Type: 'Invoice' });
  });
});

describe('KashflowState.today', () => {
  it('is the date of the sandbox clock as it moves, pinned or not', () => {
    const clock = new SandboxClock();
    const state = new KashflowState({ world: buildWorld({ seed: 1, today: clock.today() }), faults: new FaultInjector(builtInProfile('fast'), 1), clock });
    expect(state.today()).toBe(new Date(clock.nowMs()).toISOString().slice(0, 10));
    clock.pin(new Date('2026-11-26T23:59:59.999Z'));
    expect(state.today()).toBe('2026-11-26');
    clock.advance(1);
    expect(state.today()).toBe('2026-11-27');
    clock.advance(-86_400_001);
    expect(state.today()).toBe('2026-11-25');
  });
});
