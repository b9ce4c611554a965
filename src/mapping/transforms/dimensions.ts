import type { DimensionValue } from '../../connectors/ax/documents/types.js';
import type { CompiledDimensionTable, CompiledMapping } from '../compile/compile.js';
import type { Facts } from '../compile/facts.js';
import type { Explanation } from '../explain.js';

/** Derived dimension values with the rule of each. */
export type DimensionSet = Map<string, { value: string; rule: string }>;

/**
 * Financial dimension derivation: each table decides one dimension (first match or priority);
 * `inherited` values (the header's) fill dimensions the tables leave empty.
 */
export async function deriveDimensions(tables: readonly CompiledDimensionTable[], facts: Facts, inherited?: DimensionSet): Promise<DimensionSet> {
  return deriveDimensionsFast(tables, facts, inherited);
}

/**
 * Same as {@link deriveDimensions} but synchronous unless a JSONata row decides (the hot path
 * of invoice lines: no promise per line when the tables are plain decision tables).
 */
export function deriveDimensionsFast(tables: readonly CompiledDimensionTable[], facts: Facts, inherited?: DimensionSet): DimensionSet | Promise<DimensionSet> {
  const out: DimensionSet = new Map();
  for (let i = 0; i < tables.length; i++) {
    const t = tables[i] as CompiledDimensionTable;
    if (out.has(t.dimension)) continue;
    const r = t.table.evaluate(facts);
    if (r instanceof Promise) return finishAsync(tables, i, r, facts, out, inherited);
    if (r) out.set(t.dimension, { value: r.value, rule: `dimensions ${t.dimension}: ${r.rule}` });
  }
  return inherit(out, inherited);
}

async function finishAsync(tables: readonly CompiledDimensionTable[], from: number, pending: Promise<{ value: string; rule: string } | undefined>, facts: Facts, out: DimensionSet, inherited?: DimensionSet): Promise<DimensionSet> {
  const first = tables[from] as CompiledDimensionTable;
  const hit = await pending;
  if (hit) out.set(first.dimension, { value: hit.value, rule: `dimensions ${first.dimension}: ${hit.rule}` });
  for (let i = from + 1; i < tables.length; i++) {
    const t = tables[i] as CompiledDimensionTable;
    if (out.has(t.dimension)) continue;
    const r = t.table.evaluate(facts);
    const h = r instanceof Promise ? await r : r;
    if (h) out.set(t.dimension, { value: h.value, rule: `dimensions ${t.dimension}: ${h.rule}` });
  }
  return inherit(out, inherited);
}

function inherit(out: DimensionSet, inherited?: DimensionSet): DimensionSet {
  if (inherited) for (const [k, v] of inherited) if (!out.has(k)) out.set(k, { value: v.value, rule: `inherited from the header (${v.rule})` });
  return out;
}

/** Values only. */
export function dimensionValues(set: DimensionSet): Map<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of set) m.set(k, v.value);
  return m;
}

/** A DefaultDimension list in configured order (unknown names last, alphabetically). */
export function orderedDimensions(cm: CompiledMapping, values: ReadonlyMap<string, string>): DimensionValue[] {
  const out: DimensionValue[] = [];
  for (const name of cm.dimensions.order.keys()) {
    const value = values.get(name);
    if (value !== undefined) out.push({ name, value });
  }
  if (out.length === values.size) return out;
  const extra = [...values.keys()].filter((n) => !cm.dimensions.order.has(n)).sort();
  for (const name of extra) out.push({ name, value: values.get(name) as string });
  return out;
}

/** Records one explanation per dimension under `<path>.DefaultDimension[<name>]`. */
export function explainDimensions(explain: Explanation, path: string, set: DimensionSet): void {
  for (const [name, v] of set) explain.add(`${path}.DefaultDimension[${name}]`, v.value, v.rule);
}
