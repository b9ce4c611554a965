import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/canonical/money.js';
import { computeLine, dueDateFor, paymentState, toHome } from '../../../src/sandbox/kashflow/store/documents.js';
import type { DocumentRec } from '../../../src/sandbox/kashflow/store/records.js';
import { parseBusinessDate } from '../../../src/sandbox/kashflow/wire/input.js';

/** Half-up rounding of a non-negative rational n/d to an integer, in BigInt. */
function roundHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

describe('line arithmetic (reference §5.4)', () => {
  it('net = round2(qty × rate), VAT = round2-half-up(net × level / 100), checked against integer arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 1_000_000_000 }), fc.constantFrom('0', '5', '13.5', '17.5', '20'), (q4, r4, level) => {
        // quantity and rate with 4 decimals, as integers of 1/10000
        const quantity = new Dec(q4).div(10_000);
        const rate = new Dec(r4).div(10_000);
        const { net, vatAmount } = computeLine(quantity, rate, new Dec(level), false);
        const netCents = roundHalfUp(BigInt(q4) * BigInt(r4), 1_000_000n);
        expect(net.times(100).toFixed(0)).toBe(netCents.toString());
        const levelTenths = BigInt(new Dec(level).times(10).toFixed(0));
        expect(vatAmount.times(100).toFixed(0)).toBe(roundHalfUp(netCents * levelTenths, 1000n).toString());
      }),
    );
  });

  it('45.00 × 13.5% = 6.075 → 6.08; exempt lines have no VAT', () => {
    expect(computeLine(new Dec(1), new Dec('45.00'), new Dec('13.5'), false).vatAmount.toFixed(2)).toBe('6.08');
    expect(computeLine(new Dec(3), new Dec('99.99'), new Dec(20), true).vatAmount.isZero()).toBe(true);
  });

  it('home currency = foreign ÷ rate, 2 dp', () => {
    expect(toHome(new Dec('195.08'), new Dec('2.0')).toFixed(2)).toBe('97.54');
    expect(toHome(new Dec('100'), new Dec('1.17')).toFixed(2)).toBe('85.47');
  });
});

describe('status rule (reference §7.1)', () => {
  const doc = (gross: string, dueDate: string, payments: string[]): DocumentRec =>
    ({ gross: new Dec(gross), dueDate, exchangeRate: new Dec(1), payments: payments.map((a, i) => ({ id: i + 1, amount: new Dec(a), date: `2026-11-0${i + 1}` })) }) as unknown as DocumentRec;
  it('NA, Unpaid, Overdue, Paid, Overpaid, PartPaid', () => {
    expect(paymentState(doc('0', '2026-12-01', []), '2026-11-26', false).status).toBe('NA');
    expect(paymentState(doc('10', '2026-12-01', []), '2026-11-26', false).status).toBe('Unpaid');
    expect(paymentState(doc('10', '2026-11-25', ['4']), '2026-11-26', false)).toMatchObject({ status: 'Overdue', overdueDays: 1 });
    expect(paymentState(doc('10', '2026-11-25', ['4']), '2026-11-26', true).status).toBe('PartPaid');
    expect(paymentState(doc('10', '2026-11-25', ['4', '6']), '2026-11-26', false)).toMatchObject({ status: 'Paid', paidDate: '2026-11-02' });
    expect(paymentState(doc('10', '2026-11-25', ['4', '7']), '2026-11-26', false).status).toBe('Overpaid');
    expect(paymentState(doc('10', '2026-11-26', []), '2026-11-26', false).status).toBe('Unpaid');
  });
});

describe('dates', () => {
  it('accepts every real date in the KashFlow and ISO forms, keeping the calendar date', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const day = d.toISOString().slice(0, 10);
        for (const text of [day, `${day} 12:00:00`, `${day} 12:00:00 +05:30`, `${day}T00:00:00Z`, `${day}T23:59:59.123-08:00`]) expect(parseBusinessDate(text)).toBe(day);
      }),
    );
  });
  it('refuses impossible dates and other text', () => {
    for (const t of ['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-11-2026', '2026/11/26', '2026-11-26 25:00:00', 'tomorrow', '']) expect(parseBusinessDate(t)).toBeUndefined();
    expect(parseBusinessDate('2024-02-29')).toBe('2024-02-29');
  });
  it('due dates from payment terms', () => {
    expect(dueDateFor('2026-11-20', { days: 30, type: 'AfterIssuedDate' })).toBe('2026-12-20');
    expect(dueDateFor('2026-11-20', { days: 14, type: 'AfterMonthEnd' })).toBe('2026-12-14');
    expect(dueDateFor('2026-01-31', { days: 0, type: 'AfterMonthEnd' })).toBe('2026-01-31');
  });
});
