import { el, leaf, type XmlNode } from '../../../xml/build.js';
import { SHAREDTYPES_NS } from './namespaces.js';
import type { DimensionValue, LedgerAccount } from './types.js';

function valuesNode(values: readonly DimensionValue[]): XmlNode {
  return el(
    'Values',
    { xmlns: SHAREDTYPES_NS },
    values.map((v) => el('Value', undefined, [leaf('Name', v.name), leaf('Value', v.value)])),
  );
}

/** `AxdType_DimensionAttributeValueSet`: `<Name><Values><Value><Name/><Value/></Value>…</Values></Name>`; nothing when empty. */
export function defaultDimensionNode(elementName: string, values: readonly DimensionValue[]): XmlNode | undefined {
  if (values.length === 0) return undefined;
  return el(elementName, undefined, [valuesNode(values)]);
}

/** `AxdType_MultiTypeAccount`: Account, DisplayValue and (when any) Values, in the sharedtypes namespace. */
export function ledgerDimensionNode(elementName: string, account: LedgerAccount | undefined): XmlNode | undefined {
  if (!account) return undefined;
  return el(elementName, undefined, [
    leaf('Account', account.account, { xmlns: SHAREDTYPES_NS }),
    leaf('DisplayValue', account.displayValue, { xmlns: SHAREDTYPES_NS }),
    account.values.length > 0 ? valuesNode(account.values) : undefined,
  ]);
}
