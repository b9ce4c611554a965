import { tableRows, type DecisionTable, type Row } from '../config/decision.js';
import { mappingFailed } from '../errors.js';
import { compileExpression, type CompiledExpression } from './expression.js';
import { factAccessor, factText, type Facts } from './facts.js';
import { compileCondition, describeCondition, type FactPredicate } from './matcher.js';

/** The row that decided a value. */
export interface TableHit {
  readonly value: string;
  /** e.g. `parties.customerGroup[1] "eu" (inEC=true)`. */
  readonly rule: string;
}

/** Value maps by name, compiled to `Map`s. */
export type ValueMaps = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** Translates through a value map (`*` fallback); `undefined` when it has no entry. */
export function lookupValueMap(maps: ValueMaps, name: string, key: string): string | undefined {
  const m = maps.get(name);
  return m?.get(key) ?? m?.get('*');
}

interface CompiledRow {
  readonly index: number;
  readonly priority: number;
  readonly when: FactPredicate;
  readonly label: string;
  readonly map: string | undefined;
  readonly constant: string | undefined;
  readonly from: ((f: Facts) => unknown) | undefined;
  readonly fromName: string | undefined;
  readonly expression: CompiledExpression | undefined;
  /** Fact names the row reads (condition and `from`); undefined when an expression may read any. */
  readonly reads: readonly string[] | undefined;
}

/** A problem found while compiling. */
export interface CompileProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * A decision table compiled once: conditions become predicates, expressions are parsed, value
 * maps resolved. `evaluate` returns synchronously unless the winning row is an expression.
 */
export class CompiledTable {
  readonly path: string;
  /** True when a row's result is a JSONata expression (only known when documents flow). */
  readonly hasExpressions: boolean;
  private readonly rows: CompiledRow[];
  private readonly priority: boolean;
  private readonly maps: ValueMaps;

  constructor(path: string, table: DecisionTable, maps: ValueMaps, problems: CompileProblem[]) {
    const { hitPolicy, rows } = tableRows(table);
    this.path = path;
    this.maps = maps;
    this.priority = hitPolicy === 'priority';
    this.rows = rows.map((r, i) => compileRow(path, r, i, maps, problems));
    if (this.priority) this.rows.sort((a, b) => b.priority - a.priority || a.index - b.index);
    this.hasExpressions = this.rows.some((r) => r.expression !== undefined);
  }

  /** Constant results (for checking them against reference data). */
  constants(): { value: string; rule: string; mapped: boolean }[] {
    return this.rows.filter((r) => r.constant !== undefined).map((r) => ({ value: r.constant as string, rule: r.label, mapped: r.map !== undefined }));
  }

  /** Rows that copy a fact without a value map (their results are only known at run time). */
  copiedFacts(): string[] {
    return this.rows.filter((r) => r.fromName !== undefined && r.map === undefined).map((r) => r.label);
  }

  /** Value maps referenced by the rows. */
  mapsUsed(): string[] {
    return [...new Set(this.rows.map((r) => r.map).filter((m): m is string => m !== undefined))];
  }

  /**
   * Every fact name the table can read (conditions and `from`), or undefined when a row runs
   * an expression (JSONata can read any fact). Its result depends on these facts only.
   */
  factsRead(): string[] | undefined {
    const names = new Set<string>();
    for (const r of this.rows) {
      if (r.reads === undefined) return undefined;
      for (const n of r.reads) names.add(n);
    }
    return [...names];
  }

  /** First (or highest-priority) matching row's value; rows whose result is empty are skipped. */
  evaluate(facts: Facts): TableHit | undefined | Promise<TableHit | undefined> {
    for (let i = 0; i < this.rows.length; i++) {
      const row = this.rows[i] as CompiledRow;
      if (!row.when(facts)) continue;
      if (row.expression && !row.expression.constant) return this.evaluateFrom(i, facts);
      const raw = row.expression ? row.expression.constant?.value : (row.constant ?? (row.from ? row.from(facts) : undefined));
      const hit = this.finish(row, raw);
      if (hit) return hit;
    }
    return undefined;
  }

  private async evaluateFrom(start: number, facts: Facts): Promise<TableHit | undefined> {
    for (let i = start; i < this.rows.length; i++) {
      const row = this.rows[i] as CompiledRow;
      if (!row.when(facts)) continue;
      let raw: unknown;
      if (row.expression) {
        try {
          raw = await row.expression.evaluate(facts);
        } catch (err) {
          throw mappingFailed(this.path, `expression of ${row.label} failed: ${(err as Error).message}`, { rule: row.label });
        }
      } else raw = row.constant ?? (row.from ? row.from(facts) : undefined);
      const hit = this.finish(row, raw);
      if (hit) return hit;
    }
    return undefined;
  }

  private finish(row: CompiledRow, raw: unknown): TableHit | undefined {
    if (raw === undefined || raw === null || raw === '' || (typeof raw === 'object' && !('toFixed' in (raw as object)))) return undefined;
    const text = factText(raw);
    if (row.map === undefined) return { value: text, rule: row.label };
    const mapped = lookupValueMap(this.maps, row.map, text);
    if (mapped === undefined) throw mappingFailed(this.path, `value map "${row.map}" has no entry for "${text}" (and no "*" fallback)`, { rule: row.label });
    return { value: mapped, rule: `${row.label} via valueMaps.${row.map}[${JSON.stringify(text)}]` };
  }
}

function compileRow(path: string, r: Row, i: number, maps: ValueMaps, problems: CompileProblem[]): CompiledRow {
  const where = `${path}[${i}]`;
  let expression: CompiledExpression | undefined;
  if (r.expression !== undefined) {
    const c = compileExpression(r.expression);
    if ('error' in c) problems.push({ path: `${where}.expression`, message: c.error });
    else expression = c;
  }
  if (r.map !== undefined && !maps.has(r.map)) problems.push({ path: `${where}.map`, message: `value map "${r.map}" is not defined in valueMaps` });
  let when: FactPredicate = () => true;
  try {
    when = compileCondition(r.when);
  } catch (err) {
    problems.push({ path: `${where}.when`, message: (err as Error).message });
  }
  const result = r.value !== undefined ? `value ${JSON.stringify(r.value)}` : r.from !== undefined ? `from ${r.from}` : 'expression';
  const name = r.id === undefined ? '' : ` "${r.id}"`;
  const reads = expression && !expression.constant ? undefined : [...Object.keys(r.when ?? {}), ...(r.from === undefined ? [] : [r.from])];
  return {
    index: i,
    priority: r.priority ?? 0,
    reads,
    when,
    label: `${where}${name} (${describeCondition(r.when)} → ${result})`,
    map: r.map,
    constant: r.value === undefined ? undefined : String(r.value),
    from: r.from === undefined ? undefined : factAccessor(r.from),
    fromName: r.from,
    expression,
  };
}
