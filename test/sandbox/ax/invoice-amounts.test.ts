import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/canonical/money.js';
import { HUNDRED } from '../../../src/sandbox/ax/domain/currency.js';
import { amountsInDecimals, amountsInPence, type InvoiceAmounts } from '../../../src/sandbox/ax/posting/invoice-amounts.js';
import { parsePence, penceDec, plainCentsText, penceText, scaledRate, taxPence } from '../../../src/sandbox/pence.js';
import { cents } from '../../../src/sandbox/ax/services/free-text-invoice.js';
import type { FreeTextInvoice } from '../../../src/sandbox/ax/state/ledger-types.js';
import type { AxTaxCodeSeed } from '../../../src/sandbox/seed/types.js';

/** A decimal's fields: equal fields are the same value, sign of zero included. */
function fields(d: Dec): { s: number; e: number; d: number[] | null; ctor: unknown } {
  return { s: d.s, e: d.e, d: d.d, ctor: d.constructor };
}

function comparable(a: InvoiceAmounts): unknown {
  return {
    ...a,
    totalCur: fields(a.totalCur),
    totalMST: fields(a.totalMST),
    lines: a.lines.map((l) => ({ ...l, creditCur: fields(l.creditCur), creditMST: fields(l.creditMST), tax: l.tax && { creditCur: fields(l.tax.creditCur), creditMST: fields(l.tax.creditMST) } })),
  };
}

/** A line amount as planLine stores it: `cents()` of a decimal of up to 6 decimals, any sign, up to ~1e16. */
const amountText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 22n }), fc.nat({ max: 6 }), fc.constantFrom(0n, 10n ** 2n, 10n ** 4n, 10n ** 4n, 10n ** 6n, 10n ** 9n, 10n ** 9n, 10n ** 12n, 10n ** 16n))
  .map(([neg, digits, scale, cap]) => {
    const v = cap === 0n ? digits : digits % (cap * 10n ** BigInt(scale));
    const text = v.toString().padStart(scale + 1, '0');
    return cents(new Dec(`${neg ? '-' : ''}${scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`}`));
  });

const rateText = fc.oneof(
  fc.constantFrom('0', '5', '20', '17.5', '12.5', '0.5', '20.000', '7.25'),
  fc.tuple(fc.oneof(fc.nat({ max: 9_999 }), fc.nat({ max: 999_999 }), fc.nat({ max: 9_999_999 })), fc.nat({ max: 7 })).map(([n, scale]) => {
    const t = String(n).padStart(scale + 1, '0');
    return scale === 0 ? t : `${t.slice(0, -scale)}.${t.slice(-scale)}`;
  }),
);

const taxCodes = fc.array(rateText.map((rate): AxTaxCodeSeed => ({ code: 'T', name: 'tax', rate })), { maxLength: 3 });

function invoiceOf(amounts: readonly string[]): FreeTextInvoice {
  return { lines: amounts.map((amountCur) => ({ amountCur })) } as unknown as FreeTextInvoice;
}

describe('free-text invoice posting amounts', () => {
  it('pence arithmetic gives the decimals and texts of decimal arithmetic (accounting currency)', () => {
    let inPence = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(amountText, taxCodes), { minLength: 1, maxLength: 6 }), (lines) => {
        const invoice = invoiceOf(lines.map(([a]) => a));
        const codes = lines.map(([, c]) => c);
        const fast = amountsInPence(invoice, codes);
        if (fast === undefined) return;
        inPence++;
        expect(comparable(fast)).toEqual(comparable(amountsInDecimals(invoice, codes, HUNDRED)));
      }),
      { numRuns: 3000 },
    );
    // Many generated invoices take the pence path (any zero or huge amount or long rate in one sends it to decimals).
    expect(inPence).toBeGreaterThan(300);
  });

  it('takes the pence path for ordinary invoices', () => {
    const ordinary = fc.tuple(fc.integer({ min: 1, max: 10 ** 9 }), fc.boolean()).map(([p, neg]) => penceText(neg ? -p : p));
    const codes = fc.array(fc.constantFrom('0', '5', '20', '17.5').map((rate): AxTaxCodeSeed => ({ code: 'VAT', name: 'VAT', rate })), { maxLength: 2 });
    fc.assert(
      fc.property(fc.array(fc.tuple(ordinary, codes), { minLength: 1, maxLength: 20 }), (lines) => {
        const invoice = invoiceOf(lines.map(([a]) => a));
        const c = lines.map(([, x]) => x);
        const fast = amountsInPence(invoice, c);
        expect(fast).toBeDefined();
        expect(comparable(fast as InvoiceAmounts)).toEqual(comparable(amountsInDecimals(invoice, c, HUNDRED)));
      }),
      { numRuns: 2000 },
    );
  });

  it('falls back to decimals for zero amounts (their credit is -0)', () => {
    const invoice = invoiceOf(['0.00', '4.13']);
    expect(amountsInPence(invoice, [[], []])).toBeUndefined();
    expect(amountsInDecimals(invoice, [[], []], HUNDRED).lines[0]?.creditCur.s).toBe(-1);
  });

  it('reads and writes pence as fixed(…, 2) does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }), (pence) => {
        const d = new Dec(pence).div(100);
        const text = penceText(pence);
        expect(text).toBe(cents(d));
        expect(parsePence(text)).toBe(pence);
        expect(fields(penceDec(pence))).toEqual(fields(pence === 0 ? new Dec(0) : d));
      }),
      { numRuns: 3000 },
    );
    expect(parsePence('1.5')).toBeUndefined();
    expect(parsePence('12345678901234.00')).toBeUndefined();
    expect(penceDec(-0).s).toBe(1);
  });

  it('writes plain amount texts as cents(new Dec(text)) does', () => {
    const plain = fc.tuple(fc.constantFrom('', '-'), fc.stringMatching(/^\d{1,13}$/), fc.constantFrom('', '.', '.0', '.5', '.05', '.50', '.99', '.00', '.123')).map(([sign, int, frac]) => `${sign}${int}${frac}`);
    fc.assert(
      fc.property(plain, (text) => {
        const fast = plainCentsText(text);
        if (/\.\d{3}|\.$/.test(text)) expect(fast).toBeUndefined();
        else expect(fast).toBe(cents(new Dec(text)));
      }),
      { numRuns: 3000 },
    );
    expect(plainCentsText('-0.00')).toBe(cents(new Dec('-0.00')));
    expect(plainCentsText('+1.00')).toBeUndefined();
    expect(plainCentsText(' 1.00')).toBeUndefined();
  });

  it('rounds tax half away from zero, exactly, or refuses', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15), max: 10 ** 15 }), rateText, (pence, rate) => {
        const scaled = scaledRate(rate);
        const t = scaled && taxPence(pence, scaled);
        if (t === undefined) return;
        const expected = new Dec(pence).div(100).times(rate).div(100).toDecimalPlaces(2, Dec.ROUND_HALF_UP).times(100);
        expect(t + 0).toBe(expected.toNumber() + 0);
      }),
      { numRuns: 5000 },
    );
    expect(scaledRate('1e2')).toBeUndefined();
    expect(scaledRate('1234.567')).toBeUndefined();
  });
});
