import type { ParsedRecord } from '../schema/parse.js';
import { isDimSet, isMultiTypeAccount, type DimPair, type MultiTypeAccount } from '../schema/values.js';
import type { ProblemList } from '../soap/aif-error.js';

/** Text of a scalar field of an inbound record ('' when absent or nil). */
export function scalar(p: ParsedRecord, name: string): string {
  const v = p.values.get(name);
  return typeof v === 'string' ? v : '';
}

/** A dimension set field ([] when absent). */
export function dimensionSet(p: ParsedRecord, name: string): readonly DimPair[] {
  const v = p.values.get(name);
  return isDimSet(v) ? v : [];
}

/** A multi-type account field, when present. */
export function multiTypeAccount(p: ParsedRecord, name: string): MultiTypeAccount | undefined {
  const v = p.values.get(name);
  return isMultiTypeAccount(v) ? v : undefined;
}

/** Inbound documents must not carry read-only fields (AllowEdit = No, reference §1.6). */
export function refuseReadOnly(p: ParsedRecord, problems: ProblemList): void {
  for (const name of p.values.keys()) {
    if (p.resolved.fields.get(name)?.access === 'read') problems.add(`Field ${name} in ${p.resolved.spec.name} cannot be set by a service call; it is not editable.`, name, `${p.xpath}/${name}`);
  }
  for (const list of p.children.values()) for (const c of list) refuseReadOnly(c, problems);
}
