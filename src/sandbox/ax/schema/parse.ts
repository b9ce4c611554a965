import { Dec } from '../../../canonical/money.js';
import { isNil, xsiType, type XmlElement } from '../../../xml/tree.js';
import { SHARED_TYPES_NS, XSI_NS } from '../namespaces.js';
import { schemaError } from '../soap/aif-error.js';
import { ownString } from '../../stored-string.js';
import { DOCUMENT_LEVEL_FIELDS, resolveRecord, type DocumentSpec, type FieldSpec, type RecordSpec, type ResolvedRecord } from './spec.js';
import type { DimPair, FieldValue, MultiTypeAccount } from './values.js';

/** `action` attribute of a record (partial update, reference §1.6). */
export type EntityAction = 'create' | 'update' | 'replace' | 'delete';

/** A record of an inbound document after schema validation. */
export interface ParsedRecord {
  readonly resolved: ResolvedRecord;
  /** XPath of the element, e.g. `/Customer/CustTable[1]`. */
  readonly xpath: string;
  readonly action: EntityAction | undefined;
  readonly variant: string | undefined;
  /** Fields present with a value ('' for an empty element). */
  readonly values: Map<string, FieldValue>;
  /** Fields present with `xsi:nil="true"`. */
  readonly nils: ReadonlySet<string>;
  readonly children: ReadonlyMap<string, ParsedRecord[]>;
}

/** The nils and children of records that have none (shared: parsed records are read-only). */
const NO_NILS: ReadonlySet<string> = new Set();
const NO_CHILDREN: ReadonlyMap<string, ParsedRecord[]> = new Map();

export interface ParsedDocument {
  readonly spec: DocumentSpec;
  readonly records: ParsedRecord[];
  readonly clearNilFieldsOnUpdate: boolean;
  readonly docFields: ReadonlyMap<string, string>;
}

export interface ParseOptions {
  /** Enforce the schema's element order (real AX validates it, reference §2.2). */
  readonly strictOrder: boolean;
}

const ACTIONS: ReadonlySet<string> = new Set(['create', 'update', 'replace', 'delete']);
const DOC_LEVEL = new Set<string>(DOCUMENT_LEVEL_FIELDS);
const DOC_LEVEL_ORDER = [...DOCUMENT_LEVEL_FIELDS];

/** Validates an AIF document element against its spec and returns the parsed records. */
export function parseDocument(el: XmlElement, spec: DocumentSpec, options: ParseOptions): ParsedDocument {
  const rootPath = `/${spec.name}`;
  if (el.name !== spec.name || el.ns !== spec.namespace) {
    throw schemaError(`The element '${el.name}' in namespace '${el.ns}' is not expected. Expected element '${spec.name}' in namespace '${spec.namespace}'.`, rootPath);
  }
  const docFields = new Map<string, string>();
  const records: ParsedRecord[] = [];
  const order = [...DOC_LEVEL_ORDER, spec.root.name];
  let last = -1;
  for (const child of el.children) {
    const idx = child.ns === spec.namespace ? order.indexOf(child.name) : -1;
    if (idx < 0) throw invalidChild(spec.name, spec.namespace, child, rootPath);
    if (options.strictOrder && idx < last) throw orderError(spec.name, spec.namespace, child, order.slice(last), rootPath);
    last = Math.max(last, idx);
    if (DOC_LEVEL.has(child.name)) {
      if (docFields.has(child.name)) throw invalidChild(spec.name, spec.namespace, child, rootPath);
      docFields.set(child.name, ownString(child.text.trim()));
      continue;
    }
    records.push(parseRecord(child, spec.root, spec.namespace, `${rootPath}/${spec.root.name}[${records.length + 1}]`, options));
  }
  const clear = docFields.get('ClearNilFieldsOnUpdate');
  if (clear !== undefined && !['true', 'false', '1', '0', 'Yes', 'No'].includes(clear)) {
    throw schemaError(`The '${spec.namespace}:ClearNilFieldsOnUpdate' element is invalid - The value '${clear}' is invalid according to its datatype 'AxdEnum_boolean'.`, `${rootPath}/ClearNilFieldsOnUpdate`);
  }
  return { spec, records, clearNilFieldsOnUpdate: clear === 'true' || clear === '1' || clear === 'Yes', docFields };
}

function parseRecord(el: XmlElement, spec: RecordSpec, ns: string, xpath: string, options: ParseOptions): ParsedRecord {
  let cls: string | undefined;
  let action: EntityAction | undefined;
  for (const a of el.attributes) {
    if (a.ns === XSI_NS && (a.name === 'type' || a.name === 'nil')) continue;
    if (a.ns === '' && a.name === 'class') cls = a.value;
    else if (a.ns === '' && a.name === 'action') {
      if (!ACTIONS.has(a.value)) throw schemaError(`The 'action' attribute is invalid - The value '${a.value}' is invalid according to its datatype 'AxdEnum_AxdEntityAction' - The Enumeration constraint failed.`, xpath);
      action = a.value as EntityAction;
    } else throw schemaError(`The '${a.name}' attribute is not declared.`, xpath);
  }
  if (cls === undefined) throw schemaError(`The required attribute 'class' is missing on element '${spec.name}'.`, xpath);
  if (cls !== 'entity') throw schemaError(`The 'class' attribute is invalid - The value '${cls}' is invalid according to its datatype 'String' - The Fixed constraint failed.`, xpath);

  let variant: string | undefined;
  const type = xsiType(el);
  if (spec.variants) {
    if (!type) throw schemaError(`The element '${spec.name}' is abstract or its type is abstract.`, xpath);
    if (!(type.name in spec.variants)) throw schemaError(`This is an invalid xsi:type '${type.ns}:${type.name}'.`, xpath);
    variant = type.name;
  } else if (type) {
    throw schemaError(`This is an invalid xsi:type '${type.ns}:${type.name}'.`, xpath);
  }
  const resolved = resolveRecord(spec, variant);
  const values = new Map<string, FieldValue>();
  let nils: Set<string> | undefined;
  let children: Map<string, ParsedRecord[]> | undefined;
  let last = -1;
  for (const child of el.children) {
    const idx = child.ns === ns ? (resolved.position.get(child.name) ?? -1) : -1;
    if (idx < 0) throw invalidChild(spec.name, ns, child, xpath);
    if (options.strictOrder && idx < last) throw orderError(spec.name, ns, child, resolved.order.slice(last), xpath);
    last = Math.max(last, idx);
    const field = resolved.fields.get(child.name);
    if (field) {
      if (values.has(field.name) || nils?.has(field.name)) throw invalidChild(spec.name, ns, child, xpath);
      if (isNil(child)) (nils ??= new Set()).add(field.name);
      else values.set(field.name, parseField(child, field, ns, xpath));
      continue;
    }
    const childSpec = resolved.children.get(child.name);
    if (!childSpec) throw invalidChild(spec.name, ns, child, xpath);
    children ??= new Map();
    let list = children.get(child.name);
    if (list === undefined) children.set(child.name, (list = []));
    else if (!childSpec.many) throw invalidChild(spec.name, ns, child, xpath);
    list.push(parseRecord(child, childSpec.record, ns, `${xpath}/${child.name}[${list.length + 1}]`, options));
  }
  return { resolved, xpath, action, variant, values, nils: nils ?? NO_NILS, children: children ?? NO_CHILDREN };
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
/** A decimal already in the form `Decimal.toFixed()` writes (no sign but `-`, no leading or trailing zeros, not -0). */
const CANONICAL_DECIMAL = /^(?:0|-?[1-9]\d*)(?:\.\d*[1-9])?$|^-0\.\d*[1-9]$/;
const INTEGER = /^[+-]?\d+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** An `xs:decimal` text as `Decimal.toFixed()` writes it; text already in that form is returned as is. */
export function decimalText(t: string): string {
  return CANONICAL_DECIMAL.test(t) ? t : new Dec(t).toFixed();
}

/** A field's value; `recordXpath` is the XPath of its record (the field's own is made only for an error). */
function parseField(el: XmlElement, field: FieldSpec, ns: string, recordXpath: string): FieldValue {
  const type = field.type;
  if (type.kind === 'dimensionSet') return parseDimensionSet(el, recordXpath, field.name);
  if (type.kind === 'multiTypeAccount') return parseMultiTypeAccount(el, recordXpath, field.name);
  if (el.children.length > 0) {
    throw schemaError(`The element '${field.name}' cannot contain child element '${el.children[0]?.name}' because the parent element's content model is text only.`, `${recordXpath}/${field.name}`, field.name);
  }
  const raw = el.text;
  const t = raw.trim();
  switch (type.kind) {
    // Values are kept in records: a slice of the request text would keep the whole request.
    case 'string':
      return ownString(truncate(raw, type.max));
    case 'enum':
      if (!type.values.includes(t)) badValue(ns, field, raw, recordXpath, type.typeName, ' - The Enumeration constraint failed');
      return ownString(t);
    case 'decimal':
      if (!DECIMAL.test(t)) badValue(ns, field, raw, recordXpath, 'http://www.w3.org/2001/XMLSchema:decimal');
      return ownString(decimalText(t));
    case 'int': {
      if (!INTEGER.test(t)) badValue(ns, field, raw, recordXpath, 'http://www.w3.org/2001/XMLSchema:int');
      const n = Number(t);
      if (n < -2147483648 || n > 2147483647) badValue(ns, field, raw, recordXpath, 'http://www.w3.org/2001/XMLSchema:int');
      return String(n);
    }
    case 'int64': {
      if (!INTEGER.test(t)) badValue(ns, field, raw, recordXpath, 'http://www.w3.org/2001/XMLSchema:long');
      const n = Number(t);
      if (!Number.isSafeInteger(n)) badValue(ns, field, raw, recordXpath, 'http://www.w3.org/2001/XMLSchema:long');
      return String(n);
    }
    case 'date': {
      const m = DATE.exec(t);
      if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) badValue(ns, field, raw, recordXpath, 'http://www.w3.org/2001/XMLSchema:date');
      return t.slice(0, 10);
    }
    case 'datetime': {
      const m = DATETIME.exec(t);
      if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) badValue(ns, field, raw, recordXpath, 'http://www.w3.org/2001/XMLSchema:dateTime');
      const iso = m?.[7] === undefined ? `${t}Z` : t;
      return new Date(iso).toISOString();
    }
  }
}

function badValue(ns: string, field: FieldSpec, raw: string, recordXpath: string, typeName: string, extra = ''): never {
  throw schemaError(`The '${ns}:${field.name}' element is invalid - The value '${clip(raw)}' is invalid according to its datatype '${typeName}'${extra}.`, `${recordXpath}/${field.name}`, field.name);
}

function parseDimensionSet(el: XmlElement, recordXpath: string, fieldName: string): DimPair[] {
  const pairs: DimPair[] = [];
  for (const child of el.children) {
    if (child.name !== 'Values' || child.ns !== SHARED_TYPES_NS) throw invalidChild(el.name, el.ns, child, `${recordXpath}/${fieldName}`);
    parseValues(child, recordXpath, fieldName, pairs);
  }
  return pairs;
}

function parseMultiTypeAccount(el: XmlElement, recordXpath: string, fieldName: string): MultiTypeAccount {
  let account: string | undefined;
  let displayValue: string | undefined;
  let values: DimPair[] | undefined;
  for (const child of el.children) {
    if (child.ns !== SHARED_TYPES_NS) throw invalidChild(el.name, el.ns, child, `${recordXpath}/${fieldName}`);
    if (child.name === 'Account' && account === undefined) account = ownString(child.text.trim());
    else if (child.name === 'DisplayValue' && displayValue === undefined) displayValue = ownString(child.text.trim());
    else if (child.name === 'Values' && values === undefined) values = parseValues(child, recordXpath, fieldName, []);
    else throw invalidChild(el.name, el.ns, child, `${recordXpath}/${fieldName}`);
  }
  return { account: account ?? '', displayValue: displayValue ?? '', values: values ?? [] };
}

/** The pairs of one `Values` element, appended to `out` (the XPath `…/<field>/Values` is made only for an error). */
function parseValues(el: XmlElement, recordXpath: string, fieldName: string, out: DimPair[]): DimPair[] {
  const first = out.length;
  for (const v of el.children) {
    if (v.name !== 'Value' || v.ns !== SHARED_TYPES_NS) throw invalidChild('Values', SHARED_TYPES_NS, v, `${recordXpath}/${fieldName}/Values`);
    let name: string | undefined;
    let value: string | undefined;
    for (const c of v.children) {
      if (c.ns !== SHARED_TYPES_NS) throw invalidChild('Value', SHARED_TYPES_NS, c, `${recordXpath}/${fieldName}/Values/Value`);
      if (c.name === 'Name' && name === undefined) name = ownString(c.text.trim());
      else if (c.name === 'Value' && value === undefined) value = ownString(c.text.trim());
      else throw invalidChild('Value', SHARED_TYPES_NS, c, `${recordXpath}/${fieldName}/Values/Value`);
    }
    if (name === undefined) throw schemaError(`The element 'Value' in namespace '${SHARED_TYPES_NS}' has incomplete content. List of possible elements expected: 'Name'.`, `${recordXpath}/${fieldName}/Values/Value[${out.length - first + 1}]`);
    out.push({ name, value: value ?? '' });
  }
  return out;
}

function invalidChild(parent: string, parentNs: string, child: XmlElement, xpath: string): Error {
  return schemaError(`The element '${parent}' in namespace '${parentNs}' has invalid child element '${child.name}' in namespace '${child.ns}'.`, `${xpath}/${child.name}`);
}

function orderError(parent: string, ns: string, child: XmlElement, expected: readonly string[], xpath: string): Error {
  return schemaError(`The element '${parent}' in namespace '${ns}' has invalid child element '${child.name}' in namespace '${child.ns}'. List of possible elements expected: '${expected.slice(0, 8).join(', ')}'.`, `${xpath}/${child.name}`);
}

/** AX silently truncates strings longer than the field (reference §1.6). */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  return Array.from(value).slice(0, max).join('');
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days && y >= 1900 && y <= 2154;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/** Field names of a record in schema order (used by the WSDL and the drift test). */
export function recordOrder(spec: RecordSpec, variant?: string): readonly string[] {
  return resolveRecord(spec, variant).order;
}
