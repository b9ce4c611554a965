import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/util/dates.js';

/** The calendar arithmetic itself, without the remembered answer. */
function reference(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function outcome(f: () => string): string {
  try {
    return f();
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
}

describe('addDays', () => {
  it('adds calendar days across months, leap days and years', () => {
    expect(addDays('2026-11-26', 14)).toBe('2026-12-10');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-11-26', 0)).toBe('2026-11-26');
  });

  it('gives the same answer in any order of calls, repeats included, and refuses bad dates every time', () => {
    const date = fc.oneof(fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.constantFrom('2026-11-26', 'garbage', '2026-13-01'));
    const call = fc.tuple(date, fc.oneof(fc.integer({ min: -400, max: 400 }), fc.constantFrom(0, 14, 30)));
    fc.assert(
      fc.property(fc.array(call, { minLength: 1, maxLength: 8 }), (calls) => {
        for (const [d, n] of [...calls, ...calls]) expect(outcome(() => addDays(d, n))).toBe(outcome(() => reference(d, n)));
      }),
    );
  });
});
