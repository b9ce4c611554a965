import { el, type XmlNode } from '../../../xml/build.js';
import type { XmlElement } from '../../../xml/tree.js';
import { ENTITY_KEY_LIST_NS, ENTITY_KEY_NS } from '../namespaces.js';
import { schemaError } from './aif-error.js';

/** One entity key: its key fields in order (field name as sent → value). */
export type EntityKey = ReadonlyArray<readonly [field: string, value: string]>;

/**
 * Parses `EntityKeyList → EntityKey → KeyData → KeyField {Field, Value}` (reference §1.3),
 * checking namespaces as the schema does.
 */
export function parseEntityKeyList(el: XmlElement, xpath: string): EntityKey[] {
  if (el.ns !== ENTITY_KEY_LIST_NS) throw wrongNs(el, ENTITY_KEY_LIST_NS, xpath);
  const keys: EntityKey[] = [];
  for (const k of el.children) {
    const at = `${xpath}/EntityKey[${keys.length + 1}]`;
    if (k.name !== 'EntityKey' || k.ns !== ENTITY_KEY_NS) throw unexpected('EntityKeyList', ENTITY_KEY_LIST_NS, k, at);
    const fields: [string, string][] = [];
    for (const kd of k.children) {
      if (kd.name !== 'KeyData' || kd.ns !== ENTITY_KEY_NS) throw unexpected('EntityKey', ENTITY_KEY_NS, kd, at);
      for (const kf of kd.children) {
        if (kf.name !== 'KeyField' || kf.ns !== ENTITY_KEY_NS) throw unexpected('KeyData', ENTITY_KEY_NS, kf, `${at}/KeyData`);
        let field: string | undefined;
        let value: string | undefined;
        for (const p of kf.children) {
          if (p.ns !== ENTITY_KEY_NS) throw unexpected('KeyField', ENTITY_KEY_NS, p, `${at}/KeyData/KeyField`);
          if (p.name === 'Field' && field === undefined) field = p.text.trim();
          else if (p.name === 'Value' && value === undefined) value = p.text.trim();
          else throw unexpected('KeyField', ENTITY_KEY_NS, p, `${at}/KeyData/KeyField`);
        }
        if (field === undefined || field === '') throw schemaError(`The element 'KeyField' in namespace '${ENTITY_KEY_NS}' has incomplete content. List of possible elements expected: 'Field'.`, `${at}/KeyData/KeyField`);
        fields.push([field, value ?? '']);
      }
    }
    if (fields.length === 0) throw schemaError(`The element 'EntityKey' in namespace '${ENTITY_KEY_NS}' has incomplete content. List of possible elements expected: 'KeyData'.`, at);
    keys.push(fields);
  }
  return keys;
}

/** Builds an `EntityKeyList` answer. */
export function entityKeyListNode(keys: readonly EntityKey[]): XmlNode {
  return el(
    'EntityKeyList',
    { xmlns: ENTITY_KEY_LIST_NS },
    keys.map((k) => el('EntityKey', { xmlns: ENTITY_KEY_NS }, [el('KeyData', undefined, k.map(([field, value]) => el('KeyField', undefined, [el('Field', undefined, field), el('Value', undefined, value)])))])),
  );
}

/** The value of a key field (case-insensitive field name). */
export function keyValue(key: EntityKey, field: string): string | undefined {
  const lower = field.toLowerCase();
  return key.find(([f]) => f.toLowerCase() === lower)?.[1];
}

function wrongNs(el: XmlElement, expected: string, xpath: string): Error {
  return schemaError(`The element '${el.name}' in namespace '${el.ns}' is not expected. Expected namespace '${expected}'.`, xpath);
}

function unexpected(parent: string, parentNs: string, child: XmlElement, xpath: string): Error {
  return schemaError(`The element '${parent}' in namespace '${parentNs}' has invalid child element '${child.name}' in namespace '${child.ns}'.`, `${xpath}/${child.name}`);
}
