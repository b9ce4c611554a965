import { Dec, fixed } from '../../../canonical/money.js';
import { el, type XmlNode } from '../../../xml/build.js';
import { SHARED_TYPES_NS, XSI_NS } from '../namespaces.js';
import { resolveRecord, type DocumentSpec, type FieldSpec, type RecordSpec } from './spec.js';
import { isDimSet, isMultiTypeAccount, type DimPair, type FieldValue } from './values.js';

/** What the serialiser needs of a record (stored {@link AxRecord}s fit, so do views). */
export interface OutRecord {
  readonly recId?: number;
  readonly recVersion?: number;
  readonly xsiType?: string;
  readonly fields: Readonly<Record<string, FieldValue | undefined>>;
  readonly children?: Readonly<Record<string, readonly OutRecord[]>>;
  /** Written as `_DocumentHash` (top-level records of read/find answers). */
  readonly documentHash?: string;
}

/**
 * Builds an outbound AIF document: document-level `DocPurpose`/`SenderId`, then the records.
 * Fields come in schema order; non-mandatory fields that are empty or zero are omitted, as
 * AX does (reference §1.6).
 */
export function documentNode(spec: DocumentSpec, senderId: string, records: readonly OutRecord[]): XmlNode {
  return el(spec.name, { xmlns: spec.namespace, 'xmlns:xsi': XSI_NS }, [el('DocPurpose', undefined, 'Original'), el('SenderId', undefined, senderId), ...records.map((r) => recordNode(spec.root, r))]);
}

/** One record element with `class="entity"` and its children. */
export function recordNode(spec: RecordSpec, record: OutRecord): XmlNode {
  const resolved = resolveRecord(spec, record.xsiType);
  const kids: XmlNode[] = [];
  for (const name of resolved.order) {
    const field = resolved.fields.get(name);
    if (field) {
      const node = fieldNode(field, valueOf(record, field.name));
      if (node) kids.push(node);
      continue;
    }
    const child = resolved.children.get(name);
    const list = record.children?.[name];
    if (child && list) for (const c of list) kids.push(recordNode(child.record, c));
  }
  return el(spec.name, { ...(record.xsiType ? { 'xsi:type': record.xsiType } : {}), class: 'entity' }, kids);
}

function valueOf(record: OutRecord, name: string): FieldValue | undefined {
  if (name === 'RecId') return record.recId === undefined ? undefined : String(record.recId);
  if (name === 'RecVersion') return record.recVersion === undefined ? undefined : String(record.recVersion);
  if (name === '_DocumentHash') return record.documentHash;
  return record.fields[name];
}

function fieldNode(field: FieldSpec, value: FieldValue | undefined): XmlNode | undefined {
  const type = field.type;
  if (type.kind === 'dimensionSet') {
    if (!isDimSet(value) || value.length === 0) return field.mandatory ? el(field.name) : undefined;
    return el(field.name, undefined, [valuesNode(value)]);
  }
  if (type.kind === 'multiTypeAccount') {
    if (!isMultiTypeAccount(value) || value.account === '') return field.mandatory ? el(field.name) : undefined;
    return el(field.name, undefined, [el('Account', { xmlns: SHARED_TYPES_NS }, value.account), el('DisplayValue', { xmlns: SHARED_TYPES_NS }, value.displayValue), value.values.length > 0 ? valuesNode(value.values) : undefined]);
  }
  const textValue = typeof value === 'string' ? value : '';
  if (!field.mandatory && isDefault(field, textValue)) return undefined;
  if (type.kind === 'decimal' && type.money && textValue !== '') return el(field.name, undefined, fixed(new Dec(textValue), 2));
  return el(field.name, undefined, textValue);
}

function valuesNode(values: readonly DimPair[]): XmlNode {
  return el(
    'Values',
    { xmlns: SHARED_TYPES_NS },
    values.map((v) => el('Value', undefined, [el('Name', undefined, v.name), el('Value', undefined, v.value)])),
  );
}

function isDefault(field: FieldSpec, value: string): boolean {
  if (value === '') return true;
  switch (field.type.kind) {
    case 'decimal':
    case 'int':
    case 'int64':
      return new Dec(value).isZero();
    case 'enum':
      return field.type.zeroValue !== undefined && value === field.type.zeroValue;
    default:
      return false;
  }
}
