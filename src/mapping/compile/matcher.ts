import { Dec } from '../../canonical/money.js';
import type { Condition, Matcher, MatcherObject } from '../config/decision.js';
import { factAccessor, type Facts } from './facts.js';

/** A compiled test on one value. */
export type ValuePredicate = (value: unknown) => boolean;

const NUMERIC = /^-?\d+(\.\d+)?$/;

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/** Numeric view of a value (numbers, decimals and numeric text), else undefined. */
function numeric(v: unknown): Dec | undefined {
  if (v instanceof Dec) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return new Dec(v);
  if (typeof v === 'string' && NUMERIC.test(v.trim())) return new Dec(v.trim());
  return undefined;
}

function equals(expected: string | number | boolean): ValuePredicate {
  if (typeof expected === 'boolean') return (v) => v === expected || (typeof v === 'string' && v.toLowerCase() === String(expected));
  const text = String(expected);
  const num = numeric(expected);
  const plain = num !== undefined && num.abs().lt(1e15) ? num.toNumber() : undefined;
  return (v) => {
    if (isEmpty(v)) return false;
    // Fast paths: most facts are plain numbers (nominal codes) or text (groups, codes).
    if (typeof v === 'number' && plain !== undefined && Number.isInteger(plain)) return v === plain;
    if (typeof v === 'string' && v === text) return true;
    if (num !== undefined) {
      const n = numeric(v);
      if (n !== undefined) return n.eq(num);
    }
    return (v instanceof Dec ? v.toString() : String(v)) === text;
  };
}

/** Plain JS number for numeric text of ≤ 15 digits (compares exactly and in order), else undefined. */
function smallNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.length <= 15 && NUMERIC.test(v)) return Number(v);
  return undefined;
}

/** Compiles "value compared with bound" once: the bound is parsed here, not per call. */
function comparator(bound: string | number): (v: unknown) => number | undefined {
  const bn = smallNumber(bound);
  const bd = numeric(bound);
  const bs = String(bound);
  return (v) => {
    if (bn !== undefined) {
      const vn = smallNumber(v);
      if (vn !== undefined) return vn < bn ? -1 : vn > bn ? 1 : 0;
    }
    if (bd !== undefined && v instanceof Dec) return v.cmp(bd);
    if (isEmpty(v)) return undefined;
    if (bd !== undefined) {
      const vd = numeric(v);
      if (vd !== undefined) return vd.cmp(bd);
    }
    const vs = String(v);
    return vs < bs ? -1 : vs > bs ? 1 : 0;
  };
}

function objectPredicate(m: MatcherObject): ValuePredicate {
  const tests: ValuePredicate[] = [];
  if (m.from !== undefined) {
    const from = comparator(m.from);
    tests.push((v) => (from(v) ?? -1) >= 0);
  }
  if (m.to !== undefined) {
    const to = comparator(m.to);
    tests.push((v) => (to(v) ?? 1) <= 0);
  }
  if (m.prefix !== undefined) {
    const p = m.prefix;
    tests.push((v) => !isEmpty(v) && String(v).startsWith(p));
  }
  if (m.regex !== undefined) {
    const re = new RegExp(m.regex);
    tests.push((v) => !isEmpty(v) && re.test(String(v)));
  }
  if (m.present !== undefined) {
    const want = m.present;
    tests.push((v) => !isEmpty(v) === want);
  }
  if (m.not !== undefined) {
    const inner = compileMatcher(m.not);
    tests.push((v) => !inner(v));
  }
  return tests.length === 1 ? (tests[0] as ValuePredicate) : (v) => tests.every((t) => t(v));
}

/** Compiles a matcher (value, list or object) into a predicate. */
export function compileMatcher(m: Matcher): ValuePredicate {
  if (Array.isArray(m)) {
    const parts = m.map((x) => compileMatcher(x));
    return (v) => parts.some((p) => p(v));
  }
  if (m !== null && typeof m === 'object') return objectPredicate(m);
  return equals(m);
}

/** A compiled condition over facts. */
export type FactPredicate = (facts: Facts) => boolean;

/** Compiles a `when` condition; an empty condition always holds. */
export function compileCondition(condition: Condition | undefined): FactPredicate {
  const entries = Object.entries(condition ?? {});
  if (entries.length === 0) return () => true;
  const tests = entries.map(([name, m]) => {
    const get = factAccessor(name);
    const pred = compileMatcher(m);
    return (facts: Facts) => pred(get(facts));
  });
  if (tests.length === 1) return tests[0] as FactPredicate;
  return (facts) => {
    for (const t of tests) if (!t(facts)) return false;
    return true;
  };
}

/** Short text of a condition for explanations: `nominal=4000, customerGroup=WEB`. */
export function describeCondition(condition: Condition | undefined): string {
  const entries = Object.entries(condition ?? {});
  if (entries.length === 0) return 'always';
  return entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
}
