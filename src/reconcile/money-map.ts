import { Dec, fixed } from '../canonical/money.js';

/** Amounts per currency (totals never add different currencies together). */
export class MoneyMap {
  private readonly byCurrency = new Map<string, Dec>();

  add(currency: string, amount: Dec): void {
    this.byCurrency.set(currency, (this.byCurrency.get(currency) ?? new Dec(0)).plus(amount));
  }

  get(currency: string): Dec {
    return this.byCurrency.get(currency) ?? new Dec(0);
  }

  currencies(): string[] {
    return [...this.byCurrency.keys()].sort();
  }

  /** `{GBP: "120.00", EUR: "35.10"}`: decimal strings, 2 dp, currencies sorted. */
  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const c of this.currencies()) out[c] = fixed(this.get(c), 2);
    return out;
  }
}

/** Currencies where two maps differ (to the penny), with both values as text. */
export function moneyDifferences(a: MoneyMap, b: MoneyMap): { currency: string; a: string; b: string }[] {
  const out: { currency: string; a: string; b: string }[] = [];
  for (const c of [...new Set([...a.currencies(), ...b.currencies()])].sort()) {
    const x = fixed(a.get(c), 2);
    const y = fixed(b.get(c), 2);
    if (x !== y) out.push({ currency: c, a: x, b: y });
  }
  return out;
}
