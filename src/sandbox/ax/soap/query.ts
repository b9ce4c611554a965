import { Dec } from '../../../canonical/money.js';
import type { XmlElement } from '../../../xml/tree.js';
import { QUERY_CRITERIA_NS } from '../namespaces.js';
import { resolveRecord, type FieldSpec, type FieldType, type RecordSpec } from '../schema/spec.js';
import { invalid, schemaError } from './aif-error.js';

export const OPERATORS = ['Equal', 'NotEqual', 'Greater', 'GreaterOrEqual', 'Less', 'LessOrEqual', 'Range'] as const;
export type Operator = (typeof OPERATORS)[number];

/** One validated `CriteriaElement`. */
export interface Criterion {
  readonly dataSource: string;
  readonly field: string;
  readonly type: FieldType;
  readonly operator: Operator;
  readonly value1: string;
  readonly value2: string;
}

/** Extra queryable fields of the top data source that are not in the document (system fields). */
export interface QueryExtras {
  readonly [field: string]: FieldType;
}

/**
 * Parses `QueryCriteria` (reference §1.3). `DataSourceName` must be a data source of the
 * document's query (the record element names) and `FieldName` one of its fields; values are
 * checked against the field's type. An empty QueryCriteria selects everything.
 */
export function parseQueryCriteria(el: XmlElement, root: RecordSpec, extras: QueryExtras, xpath: string): Criterion[] {
  if (el.ns !== QUERY_CRITERIA_NS) throw schemaError(`The element '${el.name}' in namespace '${el.ns}' is not expected. Expected namespace '${QUERY_CRITERIA_NS}'.`, xpath);
  const sources = sourcesByName(root);
  const out: Criterion[] = [];
  for (const c of el.children) {
    const at = `${xpath}/CriteriaElement[${out.length + 1}]`;
    if (c.name !== 'CriteriaElement' || c.ns !== QUERY_CRITERIA_NS) throw schemaError(`The element 'QueryCriteria' in namespace '${QUERY_CRITERIA_NS}' has invalid child element '${c.name}' in namespace '${c.ns}'.`, at);
    const parts = new Map<string, string>();
    for (const p of c.children) {
      if (p.ns !== QUERY_CRITERIA_NS || !['DataSourceName', 'FieldName', 'Operator', 'Value1', 'Value2'].includes(p.name) || parts.has(p.name)) {
        throw schemaError(`The element 'CriteriaElement' in namespace '${QUERY_CRITERIA_NS}' has invalid child element '${p.name}' in namespace '${p.ns}'.`, `${at}/${p.name}`);
      }
      parts.set(p.name, p.text.trim());
    }
    const dsName = parts.get('DataSourceName') ?? '';
    const fieldName = parts.get('FieldName') ?? '';
    const op = parts.get('Operator') ?? '';
    if (!(OPERATORS as readonly string[]).includes(op)) throw schemaError(`The '${QUERY_CRITERIA_NS}:Operator' element is invalid - The value '${op}' is invalid according to its datatype 'Operator' - The Enumeration constraint failed.`, `${at}/Operator`);
    const ds = sources.get(dsName.toLowerCase());
    if (!ds) throw invalid(`Data source ${dsName} does not exist in the query of document ${root.name}.`, 'DataSourceName', `${at}/DataSourceName`);
    const { name: dsCanonical, fields } = ds;
    let field = fields.get(fieldName.toLowerCase());
    if (!field && dsCanonical === root.name) {
      const extra = Object.entries(extras).find(([n]) => n.toLowerCase() === fieldName.toLowerCase());
      if (extra) field = { name: extra[0], type: extra[1] };
    }
    if (!field || field.type.kind === 'dimensionSet' || field.type.kind === 'multiTypeAccount') throw invalid(`Field ${fieldName} does not exist in data source ${dsCanonical}.`, 'FieldName', `${at}/FieldName`);
    const value1 = parts.get('Value1') ?? '';
    const value2 = parts.get('Value2') ?? '';
    checkValue(field, value1, `${at}/Value1`);
    if (op === 'Range') checkValue(field, value2, `${at}/Value2`);
    out.push({ dataSource: dsCanonical, field: field.name, type: field.type, operator: op as Operator, value1, value2 });
  }
  return out;
}

/** A data source of a document's query with its fields by lower-cased name. */
interface DataSource {
  readonly name: string;
  readonly fields: ReadonlyMap<string, FieldSpec>;
}

/** Per document root (specs do not change): its data sources by lower-cased name. */
const sourceCache = new WeakMap<RecordSpec, ReadonlyMap<string, DataSource>>();

/**
 * The data sources of a document by lower-cased name, each with its fields by lower-cased
 * name (the first of equal lower-cased names wins, as a search in order would find it).
 */
function sourcesByName(root: RecordSpec): ReadonlyMap<string, DataSource> {
  let out = sourceCache.get(root);
  if (!out) {
    const map = new Map<string, DataSource>();
    for (const [name, fields] of dataSources(root)) {
      const byLower = new Map<string, FieldSpec>();
      for (const f of fields.values()) if (!byLower.has(f.name.toLowerCase())) byLower.set(f.name.toLowerCase(), f);
      if (!map.has(name.toLowerCase())) map.set(name.toLowerCase(), { name, fields: byLower });
    }
    sourceCache.set(root, (out = map));
  }
  return out;
}

/** All data sources (record specs) of a document with their fields across variants. */
function dataSources(root: RecordSpec): Map<string, Map<string, FieldSpec>> {
  const out = new Map<string, Map<string, FieldSpec>>();
  const visit = (spec: RecordSpec): void => {
    if (out.has(spec.name)) return;
    const fields = new Map<string, FieldSpec>();
    const variants = spec.variants ? Object.keys(spec.variants) : [undefined];
    for (const v of variants) {
      const r = resolveRecord(spec, v);
      for (const [n, f] of r.fields) if (n !== '_DocumentHash') fields.set(n, f);
      out.set(spec.name, fields);
      for (const c of r.children.values()) visit(c.record);
    }
  };
  visit(root);
  return out;
}

function checkValue(field: FieldSpec, value: string, xpath: string): void {
  if (value === '') return;
  const t = field.type;
  const ok =
    t.kind === 'decimal' || t.kind === 'int' || t.kind === 'int64'
      ? /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(value)
      : t.kind === 'enum'
        ? t.values.includes(value)
        : t.kind === 'date'
          ? /^\d{4}-\d{2}-\d{2}$/.test(value)
          : t.kind === 'datetime'
            ? !Number.isNaN(Date.parse(value))
            : true;
  if (!ok) throw invalid(`The value '${value}' is not valid for field ${field.name}.`, field.name, xpath);
}

/**
 * Does a value satisfy a criterion? Strings compare case-insensitively (SQL collation),
 * numbers numerically, enums by their integer value, dates as ISO text.
 */
export function matches(c: Criterion, value: string): boolean {
  const cmp = (a: string, b: string): number => compare(c.type, a, b);
  switch (c.operator) {
    case 'Equal':
      return cmp(value, c.value1) === 0;
    case 'NotEqual':
      return cmp(value, c.value1) !== 0;
    case 'Greater':
      return cmp(value, c.value1) > 0;
    case 'GreaterOrEqual':
      return cmp(value, c.value1) >= 0;
    case 'Less':
      return cmp(value, c.value1) < 0;
    case 'LessOrEqual':
      return cmp(value, c.value1) <= 0;
    case 'Range':
      return (c.value1 === '' || cmp(value, c.value1) >= 0) && (c.value2 === '' || cmp(value, c.value2) <= 0);
  }
}

function compare(type: FieldType, a: string, b: string): number {
  switch (type.kind) {
    case 'decimal':
    case 'int':
    case 'int64':
      return new Dec(a === '' ? '0' : a).comparedTo(new Dec(b === '' ? '0' : b));
    case 'enum': {
      const ia = a === '' ? 0 : type.values.indexOf(a);
      const ib = type.values.indexOf(b);
      return ia - ib;
    }
    case 'datetime': {
      const x = a === '' ? 0 : Date.parse(a);
      const y = Date.parse(b);
      return x - y;
    }
    default: {
      const x = a.toUpperCase();
      const y = b.toUpperCase();
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

/** Looks up the values a record offers for a criterion's data source and field. */
export type FieldLookup = (dataSource: string, field: string) => readonly string[];

/**
 * Evaluates criteria against one top-level record. A criterion on a child data source holds
 * when any child row satisfies it. Criteria combine with OR (documented AIF behaviour [C1])
 * or AND (setting).
 */
export function recordMatches(criteria: readonly Criterion[], lookup: FieldLookup, combine: 'OR' | 'AND'): boolean {
  if (criteria.length === 0) return true;
  const test = (c: Criterion): boolean => {
    // A child data source without rows never matches (inner join); an absent field is ''.
    return lookup(c.dataSource, c.field).some((v) => matches(c, v));
  };
  return combine === 'OR' ? criteria.some(test) : criteria.every(test);
}
