import { el, leaf, type XmlNode } from '../../../xml/build.js';
import { KeyListMemo } from '../../../util/key-list-memo.js';
import { XSI_NS } from './namespaces.js';

/** A field value: text, a complex field (already built), or nothing (not emitted). */
export type FieldValue = string | XmlNode | undefined;

/** One AIF record (`class="entity"`) before serialisation. */
export interface AxRecord {
  readonly name: string;
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** Child entities (emitted after all fields, in the given order). */
  readonly children?: readonly AxRecord[];
  /** `xsi:type` (e.g. `AxdEntity_DirParty_DirOrganization`). */
  readonly xsiType?: string;
}

/**
 * Orders fields as the AX schemas do (reference §2.2 note): `_DocumentHash` first, the other
 * fields alphabetically (case-insensitive, ordinal tie-break), child entities last.
 */
export function schemaOrder(names: readonly string[]): string[] {
  return names.slice().sort((a, b) => {
    if (a === b) return 0;
    if (a === '_DocumentHash') return -1;
    if (b === '_DocumentHash') return 1;
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    if (la !== lb) return la < lb ? -1 : 1;
    return a < b ? -1 : 1;
  });
}

/** Schema orders kept for the next record with the same fields (records of one kind share their field list). */
const orders = new KeyListMemo<readonly string[]>(128, schemaOrder);

/** Serialises a record to a node tree in schema order. */
export function recordNode(record: AxRecord): XmlNode {
  const kids: XmlNode[] = [];
  for (const name of orders.get(Object.keys(record.fields))) {
    const v = record.fields[name];
    if (v === undefined) continue;
    kids.push(typeof v === 'string' ? (leaf(name, v) as XmlNode) : v);
  }
  for (const child of record.children ?? []) kids.push(recordNode(child));
  const attrs: Record<string, string> = { class: 'entity' };
  if (record.xsiType) {
    attrs['xmlns:xsi'] = XSI_NS;
    attrs['xsi:type'] = record.xsiType;
  }
  return el(record.name, attrs, kids);
}
