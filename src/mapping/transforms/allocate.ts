import { divRound } from '../../canonical/divide.js';
import { Dec, type RoundingMode, sum } from '../../canonical/money.js';

/** A decimal as integer units of 10^-scale (exact; throws when it has more decimals). */
function units(d: Dec, scale: number, what: string): bigint {
  if (d.decimalPlaces() > scale) throw new RangeError(`${what} ${d.toString()} has more than ${scale} decimals`);
  const text = d.toFixed(scale);
  const dot = text.indexOf('.');
  return BigInt(dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1));
}

/**
 * Largest-remainder allocation: splits `total` (already rounded to `decimals`) in proportion to
 * non-negative `weights`, so the parts are multiples of the smallest unit and add up to
 * `total` exactly. Remainder units go to the largest fractional remainders, ties to the
 * earlier part. A negative total is allocated as its absolute value and negated. All in
 * integers: no rounding anywhere.
 */
export function allocateLargestRemainder(total: Dec, weights: readonly Dec[], decimals: number): Dec[] {
  if (weights.length === 0) throw new RangeError('allocate: no weights');
  if (weights.some((w) => w.lt(0))) throw new RangeError('allocate: weights must not be negative');
  if (sum(weights).isZero()) throw new RangeError('allocate: weights add up to zero');
  if (total.isNegative()) return allocateLargestRemainder(total.neg(), weights, decimals).map((d) => d.neg());
  const totalUnits = units(total, decimals, 'allocate: total');
  const wScale = Math.max(...weights.map((w) => w.decimalPlaces()));
  const w = weights.map((x) => units(x, wScale, 'weight'));
  const wSum = w.reduce((a, b) => a + b, 0n);
  const floors = w.map((x) => (totalUnits * x) / wSum);
  const remainders = w.map((x, i) => ({ i, r: (totalUnits * x) % wSum }));
  let remaining = totalUnits - floors.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; remaining > 0n; k = (k + 1) % remainders.length, remaining--) {
    const idx = (remainders[k] as { i: number }).i;
    floors[idx] = (floors[idx] as bigint) + 1n;
  }
  return floors.map((u) => new Dec(`${u}e-${decimals}`));
}

/**
 * Converts each amount to home currency (amount ÷ KashFlow rate, rounded), then moves the
 * rounding residual so the parts add up to `total` exactly: one unit at a time to the parts
 * with the largest absolute amount (ties: earlier part). Works with mixed signs (discounts).
 */
export function convertWithResidual(amounts: readonly Dec[], total: Dec, rate: Dec, decimals: number, mode: RoundingMode, amountsSum?: Dec): Dec[] {
  const identity = rate.eq(1);
  const converted = identity ? amounts.slice() : amounts.map((a) => divRound(a, rate, decimals, mode));
  // At rate 1 the caller may already know the sum of the amounts (saves a pass of additions).
  let residual = units(total.minus(identity && amountsSum !== undefined ? amountsSum : sum(converted)), decimals, 'convert: total');
  if (residual === 0n) return converted;
  const order = amounts.map((a, i) => ({ i, abs: a.abs() })).sort((x, y) => y.abs.cmp(x.abs) || x.i - y.i);
  const step = new Dec(residual < 0n ? -1 : 1).div(new Dec(10).pow(decimals));
  residual = residual < 0n ? -residual : residual;
  for (let k = 0; residual > 0n; k = (k + 1) % order.length, residual--) {
    const idx = (order[k] as { i: number }).i;
    converted[idx] = (converted[idx] as Dec).plus(step);
  }
  return converted;
}

/** Integer weights of a split's percentages (all at the scale of the most precise one). */
export interface SplitWeights {
  readonly units: readonly number[];
  readonly sum: number;
}

const weightsOf = new WeakMap<object, SplitWeights | null>();

/**
 * The split's percentages as integer weights for {@link allocateUnits} (computed once per
 * split), or undefined when they do not fit safe integers.
 */
export function splitWeights(split: { readonly shares: readonly { readonly percent: Dec }[] }): SplitWeights | undefined {
  let w = weightsOf.get(split);
  if (w === undefined) {
    const percents = split.shares.map((s) => s.percent);
    const scale = Math.max(...percents.map((p) => p.decimalPlaces()));
    const integers = percents.map((p) => Number(units(p, scale, 'weight')));
    const total = integers.reduce((a, b) => a + b, 0);
    w = integers.every((u) => Number.isSafeInteger(u) && u >= 0) && Number.isSafeInteger(total) && total > 0 ? { units: integers, sum: total } : null;
    weightsOf.set(split, w);
  }
  return w ?? undefined;
}

/**
 * {@link allocateLargestRemainder} on integer units: splits a non-negative `total` (units of
 * the smallest currency unit) by integer weights; the parts add up to `total` exactly, the
 * remainder units going to the largest fractional remainders (ties: earlier part). Undefined
 * when a product would not be an exact safe integer.
 */
export function allocateUnits(total: number, weights: SplitWeights | undefined): number[] | undefined {
  if (!weights || total < 0 || !Number.isSafeInteger(total * weights.sum)) return undefined;
  const n = weights.units.length;
  const parts = new Array<number>(n);
  let left = total;
  for (let i = 0; i < n; i++) {
    const p = total * (weights.units[i] as number);
    parts[i] = (p - (p % weights.sum)) / weights.sum;
    left -= parts[i] as number;
  }
  // Fewer units are left than there are parts: each goes to a different part, largest
  // remainder first (ties: the earlier part).
  if (left > 0) {
    const taken = new Array<boolean>(n).fill(false);
    for (; left > 0; left--) {
      let best = 0;
      let bestRemainder = -1;
      for (let i = 0; i < n; i++) {
        const r = (total * (weights.units[i] as number)) % weights.sum;
        if (!taken[i] && r > bestRemainder) {
          best = i;
          bestRemainder = r;
        }
      }
      taken[best] = true;
      parts[best] = (parts[best] as number) + 1;
    }
  }
  return parts;
}
