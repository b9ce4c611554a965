import { el, leaf, type XmlNode } from '../../../xml/build.js';
import { childElement, childElements, type XmlElement } from '../../../xml/tree.js';
import { AIF_NS } from './namespaces.js';

/** One entity key: field name → value (several fields for composite keys). */
export type EntityKey = Readonly<Record<string, string>>;

/** A QueryCriteria element (dynamics-ax.md §1.3). */
export interface Criterion {
  dataSource: string;
  field: string;
  operator: 'Equal' | 'NotEqual' | 'Greater' | 'GreaterOrEqual' | 'Less' | 'LessOrEqual' | 'Range';
  value1: string;
  /** Only for `Range` (inclusive). */
  value2?: string;
}

/** `<EntityKeyList>` with one `<EntityKey>` per key. */
export function entityKeyListNode(keys: readonly EntityKey[]): XmlNode {
  return el(
    'EntityKeyList',
    { xmlns: AIF_NS.entityKeyList },
    keys.map((k) => el('EntityKey', { xmlns: AIF_NS.entityKey }, [el('KeyData', undefined, Object.entries(k).map(([field, value]) => el('KeyField', undefined, [leaf('Field', field), leaf('Value', value)])))])),
  );
}

/** Reads the keys of an `<EntityKeyList>` (as returned by create, findKeys, getChangedKeys). */
export function readEntityKeyList(list: XmlElement | undefined): EntityKey[] {
  if (!list) return [];
  return childElements(list, 'EntityKey').map((key) => {
    const out: Record<string, string> = {};
    for (const f of childElements(childElement(key, 'KeyData') ?? key, 'KeyField')) {
      const name = childElement(f, 'Field')?.text.trim();
      if (name) out[name] = childElement(f, 'Value')?.text ?? '';
    }
    return out;
  });
}

/** `<QueryCriteria>`; AIF combines several criteria with OR (dynamics-ax.md §1.3). */
export function queryCriteriaNode(criteria: readonly Criterion[]): XmlNode {
  return el(
    'QueryCriteria',
    { xmlns: AIF_NS.queryCriteria },
    criteria.map((c) => el('CriteriaElement', undefined, [leaf('DataSourceName', c.dataSource), leaf('FieldName', c.field), leaf('Operator', c.operator), leaf('Value1', c.value1), leaf('Value2', c.value2)])),
  );
}
