import type { MappingConfig } from '../config/schema.js';
import type { CompiledTable } from './decision-table.js';
import { factAccessor, type Facts } from './facts.js';

/** Facts an invoice line has itself; every other fact name is read from its document. */
export const LINE_FACT_NAMES = ['nominal', 'productCode', 'productCategory', 'vatRate', 'vatExempt', 'project', 'description', 'lineNumber', 'quantity', 'amount'] as const;
export type LineFactName = (typeof LINE_FACT_NAMES)[number];

/** Line facts that are part of every line key anyway (or derived from it). */
const ALWAYS_KEYED: ReadonlySet<string> = new Set<LineFactName>(['nominal', 'productCode', 'productCategory', 'vatRate', 'vatExempt']);

/**
 * What the per-line rules of one invoice kind read, worked out from the configuration: the
 * decisions about a line (product category, main account, line dimensions, item tax group,
 * split, ledger account) are a function of these facts, so the mapping can remember them.
 */
export interface LinePlan {
  /** False when a line rule runs a JSONata expression (it may read any fact): nothing is remembered. */
  readonly memoizable: boolean;
  /** Line facts the rules read besides nominal, product code and VAT rate/exemption (always keyed). */
  readonly lineFacts: readonly Exclude<LineFactName, 'nominal' | 'productCode' | 'productCategory' | 'vatRate' | 'vatExempt'>[];
  /** Document facts the rules read (also dotted custom-field names), as accessors. */
  readonly documentFacts: readonly ((facts: Facts) => unknown)[];
}

/** Fact names a condition (`when`) reads. */
export function conditionFacts(when: Readonly<Record<string, unknown>> | undefined): string[] {
  return Object.keys(when ?? {});
}

/**
 * The line plan of an invoice kind: account rules, the kind's line dimension tables, splits
 * and the product category table.
 */
export function compileLinePlan(config: MappingConfig, lineTables: readonly CompiledTable[], category: CompiledTable | undefined): LinePlan {
  const names = new Set<string>(['nominal']);
  let memoizable = true;
  for (const r of config.accounts.rules) for (const n of conditionFacts(r.when)) names.add(n);
  for (const s of config.lines.split) for (const n of conditionFacts(s.when)) names.add(n);
  for (const t of category ? [...lineTables, category] : lineTables) {
    const read = t.factsRead();
    if (read === undefined) memoizable = false;
    else for (const n of read) names.add(n);
  }
  const lineFacts: LinePlan['lineFacts'][number][] = [];
  const documentFacts: ((facts: Facts) => unknown)[] = [];
  const lineNames = new Set<string>(LINE_FACT_NAMES);
  for (const name of names) {
    const dot = name.indexOf('.');
    const head = dot < 0 ? name : name.slice(0, dot);
    if (lineNames.has(head)) {
      // `amount.x` and the like read inside a line fact: too unusual to key on.
      if (dot >= 0) memoizable = false;
      else if (!ALWAYS_KEYED.has(name)) lineFacts.push(name as LinePlan['lineFacts'][number]);
    } else documentFacts.push(factAccessor(name));
  }
  return { memoizable, lineFacts, documentFacts };
}
