import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/canonical/money.js';
import { allocateLargestRemainder, allocateUnits, splitWeights } from '../../src/mapping/transforms/allocate.js';

describe('largest-remainder allocation on integer units', () => {
  it('gives exactly the parts of the decimal allocation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 4 }),
        (total, raw, weightDp, dp) => {
          const split = { shares: raw.map((w) => ({ percent: new Dec(w).div(10 ** weightDp) })) };
          const parts = allocateUnits(total, splitWeights(split));
          const expected = allocateLargestRemainder(new Dec(total).div(10 ** dp), split.shares.map((s) => s.percent), dp);
          if (parts === undefined) {
            expect(Number.isSafeInteger(total * raw.reduce((a, b) => a + b, 0))).toBe(false);
            return;
          }
          expect(parts.map((p) => new Dec(p).div(10 ** dp).toFixed(dp))).toEqual(expected.map((e) => e.toFixed(dp)));
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        },
      ),
      { numRuns: 1000, seed: 21 },
    );
  });

  it('gives remainder units to the largest remainders, ties to the earlier part', () => {
    const thirds = splitWeights({ shares: [{ percent: new Dec('33.33') }, { percent: new Dec('33.33') }, { percent: new Dec('33.34') }] });
    expect(allocateUnits(10000, thirds)).toEqual([3333, 3333, 3334]);
    const equal = splitWeights({ shares: [{ percent: new Dec(1) }, { percent: new Dec(1) }, { percent: new Dec(1) }] });
    expect(allocateUnits(100, equal)).toEqual([34, 33, 33]);
    expect(allocateUnits(2, equal)).toEqual([1, 1, 0]);
  });

  it('declines what it cannot do exactly (negative totals, products past 2^53)', () => {
    const w = splitWeights({ shares: [{ percent: new Dec(70) }, { percent: new Dec(30) }] });
    expect(allocateUnits(-1, w)).toBeUndefined();
    expect(allocateUnits(Number.MAX_SAFE_INTEGER, w)).toBeUndefined();
  });
});
