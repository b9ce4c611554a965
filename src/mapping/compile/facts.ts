import { Dec } from '../../canonical/money.js';

/**
 * The facts a rule can look at: a flat record of named values for the document (and, for
 * lines, the line). Custom fields sit in the nested `text` and `check` records, addressed as
 * `text.<Name>` and `check.<Name>` in conditions.
 */
export type Facts = Readonly<Record<string, unknown>>;

/**
 * Key of the enclosing (document) facts in line facts: a line's facts are a small fixed-shape
 * object that falls back to its document's facts for names it does not have.
 */
export const PARENT_FACTS = '__document';

function get(facts: Facts, name: string): unknown {
  const v = facts[name];
  if (v !== undefined) return v;
  const parent = facts[PARENT_FACTS] as Facts | undefined;
  return parent === undefined ? undefined : parent[name];
}

/** Compiles a fact name into a fast accessor (`nominal`, `text.Sales Region`). */
export function factAccessor(name: string): (facts: Facts) => unknown {
  const dot = name.indexOf('.');
  if (dot < 0) return (facts) => get(facts, name);
  const head = name.slice(0, dot);
  const rest = name.slice(dot + 1);
  return (facts) => {
    const inner = get(facts, head);
    return inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>)[rest] : undefined;
  };
}

/** Text form of a fact value for value maps, templates and explanations. */
export function factText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Dec) return value.toString();
  return String(value);
}

/** JSON-friendly copy of facts for JSONata (decimals as numbers' text-free strings are kept as text). */
export function factsForExpression(facts: Facts): Record<string, unknown> {
  const parent = facts[PARENT_FACTS] as Facts | undefined;
  const out: Record<string, unknown> = parent === undefined ? {} : factsForExpression(parent);
  for (const [k, v] of Object.entries(facts)) {
    if (k === PARENT_FACTS || (v === undefined && k in out)) continue;
    out[k] = v instanceof Dec ? v.toString() : v;
  }
  return out;
}
