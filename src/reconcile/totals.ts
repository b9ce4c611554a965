import { Dec, fixed } from '../canonical/money.js';
import type { LedgerDocument } from './ledger-document.js';
import { MoneyMap, moneyDifferences } from './money-map.js';

/** Count and money totals of a group of invoices (money per currency). */
export interface Bucket {
  count: number;
  readonly gross: MoneyMap;
  readonly vat: MoneyMap;
  readonly net: MoneyMap;
}

/** Lines and money of one VAT rate. */
export interface RateBucket {
  lines: number;
  readonly net: MoneyMap;
  readonly vat: MoneyMap;
}

/** Where two sides' totals disagree. */
export interface TotalsDifference {
  /** `total`, `month`, `customer` or `vatRate`. */
  readonly scope: 'total' | 'month' | 'customer' | 'vatRate';
  /** The month, customer code or rate (empty for the total). */
  readonly key: string;
  /** `count`, or `gross.GBP`-style money fields. */
  readonly field: string;
  readonly kashflow: string;
  readonly ax: string;
}

const bucket = (): Bucket => ({ count: 0, gross: new MoneyMap(), vat: new MoneyMap(), net: new MoneyMap() });
const rateBucket = (): RateBucket => ({ lines: 0, net: new MoneyMap(), vat: new MoneyMap() });

function bucketJson(b: Bucket): Record<string, unknown> {
  return { count: b.count, gross: b.gross.toJSON(), vat: b.vat.toJSON(), net: b.net.toJSON() };
}

function sortedObject<T, R>(map: ReadonlyMap<string, T>, fn: (v: T) => R): Record<string, R> {
  const out: Record<string, R> = {};
  for (const k of [...map.keys()].sort()) out[k] = fn(map.get(k) as T);
  return out;
}

/** Totals of one side: overall, per month, per customer and per VAT rate. */
export class LedgerTotals {
  readonly total = bucket();
  readonly byMonth = new Map<string, Bucket>();
  readonly byCustomer = new Map<string, Bucket>();
  readonly byVatRate = new Map<string, RateBucket>();
  /** Sum of the home-currency gross of the documents that state it. */
  homeGross = new Dec(0);
  /** Documents without a home-currency gross. */
  homeGrossUnknown = 0;

  add(doc: LedgerDocument): void {
    const into = (b: Bucket): void => {
      b.count += 1;
      b.gross.add(doc.currency, doc.gross);
      b.vat.add(doc.currency, doc.vat);
      b.net.add(doc.currency, doc.net);
    };
    into(this.total);
    into(getOr(this.byMonth, doc.date.slice(0, 7), bucket));
    into(getOr(this.byCustomer, doc.customer, bucket));
    for (const [rate, amounts] of doc.rates) {
      const r = getOr(this.byVatRate, rate, rateBucket);
      r.lines += amounts.lines;
      r.net.add(doc.currency, amounts.net);
      r.vat.add(doc.currency, amounts.vat);
    }
    if (doc.homeGross === undefined) this.homeGrossUnknown += 1;
    else this.homeGross = this.homeGross.plus(doc.homeGross);
  }

  toJSON(): Record<string, unknown> {
    return {
      ...bucketJson(this.total),
      homeGross: fixed(this.homeGross, 2),
      ...(this.homeGrossUnknown > 0 ? { homeGrossUnknown: this.homeGrossUnknown } : {}),
      byMonth: sortedObject(this.byMonth, bucketJson),
      byCustomer: sortedObject(this.byCustomer, bucketJson),
      byVatRate: sortedObject(this.byVatRate, (r) => ({ lines: r.lines, net: r.net.toJSON(), vat: r.vat.toJSON() })),
    };
  }
}

function getOr<T>(map: Map<string, T>, key: string, make: () => T): T {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

/** Every total, month, customer and VAT rate where the two sides differ. */
export function totalsDifferences(kf: LedgerTotals, ax: LedgerTotals): TotalsDifference[] {
  const out: TotalsDifference[] = [];
  const buckets = (scope: TotalsDifference['scope'], key: string, a: Bucket | undefined, b: Bucket | undefined): void => {
    const x = a ?? bucket();
    const y = b ?? bucket();
    if (x.count !== y.count) out.push({ scope, key, field: 'count', kashflow: String(x.count), ax: String(y.count) });
    for (const field of ['gross', 'vat', 'net'] as const) for (const d of moneyDifferences(x[field], y[field])) out.push({ scope, key, field: `${field}.${d.currency}`, kashflow: d.a, ax: d.b });
  };
  buckets('total', '', kf.total, ax.total);
  for (const k of union(kf.byMonth, ax.byMonth)) buckets('month', k, kf.byMonth.get(k), ax.byMonth.get(k));
  for (const k of union(kf.byCustomer, ax.byCustomer)) buckets('customer', k, kf.byCustomer.get(k), ax.byCustomer.get(k));
  for (const k of union(kf.byVatRate, ax.byVatRate)) {
    const x = kf.byVatRate.get(k) ?? rateBucket();
    const y = ax.byVatRate.get(k) ?? rateBucket();
    // Line counts are not compared: the mapping may split or aggregate lines.
    for (const field of ['net', 'vat'] as const) for (const d of moneyDifferences(x[field], y[field])) out.push({ scope: 'vatRate', key: k, field: `${field}.${d.currency}`, kashflow: d.a, ax: d.b });
  }
  return out;
}

function union(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort();
}
