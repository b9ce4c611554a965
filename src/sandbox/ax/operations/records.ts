import { createHash } from 'node:crypto';
import type { ParsedRecord } from '../schema/parse.js';
import { resolveRecord } from '../schema/spec.js';
import { isDimSet, type AxRecord, type FieldValue } from '../schema/values.js';
import type { ProblemList } from '../soap/aif-error.js';
import type { FieldLookup } from '../soap/query.js';
import type { AosState } from '../state/aos.js';

/**
 * Generic record operations on stored master-data records: build from an inbound document,
 * merge an update (full or partial, reference §1.6), concurrency checks and the document hash.
 * Nothing here mutates a stored record: updates build a new tree that is swapped in on commit.
 */

/** A new stored record from an inbound record (create). Read-only fields are refused. */
export function buildRecord(aos: Pick<AosState, 'nextRecId'>, parsed: ParsedRecord, problems: ProblemList): AxRecord {
  const fields: Record<string, FieldValue> = {};
  for (const [name, value] of parsed.values) {
    const spec = parsed.resolved.fields.get(name);
    if (!spec || spec.access === 'system') continue;
    if (spec.access === 'read') {
      problems.add(`Field ${name} in ${parsed.resolved.spec.name} cannot be set by a service call; it is not editable.`, name, `${parsed.xpath}/${name}`);
      continue;
    }
    if (isEmpty(value)) continue;
    fields[name] = value;
  }
  const children: Record<string, AxRecord[]> = {};
  for (const [name, list] of parsed.children) children[name] = list.filter((c) => c.action !== 'delete').map((c) => buildRecord(aos, c, problems));
  return { table: parsed.resolved.spec.name, recId: aos.nextRecId(), recVersion: 1, ...(parsed.variant ? { xsiType: parsed.variant } : {}), fields, children };
}

/**
 * Merges an update into a copy of `existing`. Full update (`full`): absent fields are
 * cleared, children missing from the message are deleted and new ones created. Partial
 * update: only what the message carries changes; `xsi:nil` leaves a field untouched unless
 * `ClearNilFieldsOnUpdate`; each child says `create`/`update`/`delete` (default: update when
 * it has a RecId, else create).
 */
export function mergeRecord(aos: Pick<AosState, 'nextRecId' | 'nextRecVersion'>, existing: AxRecord, incoming: ParsedRecord, full: boolean, clearNil: boolean, problems: ProblemList): AxRecord {
  if (incoming.variant !== undefined && existing.xsiType !== undefined && incoming.variant !== existing.xsiType) {
    problems.add(`The type of ${incoming.resolved.spec.name} cannot be changed from ${existing.xsiType} to ${incoming.variant}.`, undefined, incoming.xpath);
  }
  const resolved = resolveRecord(incoming.resolved.spec, existing.xsiType ?? incoming.variant);
  const fields: Record<string, FieldValue> = { ...existing.fields };
  for (const [name, spec] of resolved.fields) {
    if (spec.access === 'system') continue;
    const has = incoming.values.has(name);
    if (spec.access === 'read') {
      if (has) problems.add(`Field ${name} in ${resolved.spec.name} cannot be set by a service call; it is not editable.`, name, `${incoming.xpath}/${name}`);
      continue;
    }
    if (has) {
      const v = incoming.values.get(name) as FieldValue;
      if (isEmpty(v)) delete fields[name];
      else fields[name] = v;
    } else if (incoming.nils.has(name)) {
      if (full || clearNil) delete fields[name];
    } else if (full) {
      delete fields[name];
    }
  }
  const children: Record<string, AxRecord[]> = {};
  for (const [name, childSpec] of resolved.children) {
    const current = existing.children[name] ?? [];
    const given = incoming.children.get(name) ?? [];
    const findMatch = (c: ParsedRecord, pool: readonly AxRecord[]): AxRecord | undefined => {
      const recId = c.values.get('RecId');
      if (typeof recId === 'string') return pool.find((r) => String(r.recId) === recId);
      return childSpec.many ? undefined : pool[0];
    };
    if (full) {
      const out: AxRecord[] = [];
      for (const c of given) {
        if (c.action === 'delete') continue;
        const match = findMatch(c, current);
        out.push(match ? mergeRecord(aos, match, c, true, clearNil, problems) : buildRecord(aos, c, problems));
      }
      children[name] = out;
      continue;
    }
    let out = [...current];
    for (const c of given) {
      const action = c.action ?? (c.values.has('RecId') || !childSpec.many ? 'update' : 'create');
      if (action === 'create') {
        if (!childSpec.many && out.length > 0) problems.add(`${resolved.spec.name} already has a ${name}; use action="update".`, undefined, c.xpath);
        else out.push(buildRecord(aos, c, problems));
        continue;
      }
      const match = findMatch(c, out);
      if (!match) {
        problems.add(`The ${name} record to ${action} was not found (RecId ${String(c.values.get('RecId') ?? 'missing')}).`, 'RecId', c.xpath, 'RecordNotFound');
        continue;
      }
      if (action === 'delete') out = out.filter((r) => r !== match);
      else out = out.map((r) => (r === match ? mergeRecord(aos, match, c, action === 'replace', clearNil, problems) : r));
    }
    children[name] = out;
  }
  return { table: existing.table, recId: existing.recId, recVersion: aos.nextRecVersion(), ...(existing.xsiType ? { xsiType: existing.xsiType } : {}), fields, children };
}

/**
 * Checks the optimistic-concurrency data of an update (reference §1.6): `_DocumentHash`, or
 * RecId + RecVersion on the top record (and on any child that sends a RecVersion). With
 * neither the update fails; with both, both are checked.
 */
export function checkConcurrency(existing: AxRecord, incoming: ParsedRecord, label: string, problems: ProblemList): void {
  const hash = incoming.values.get('_DocumentHash');
  const recId = incoming.values.get('RecId');
  const recVersion = incoming.values.get('RecVersion');
  if (typeof hash !== 'string' && (typeof recId !== 'string' || typeof recVersion !== 'string')) {
    problems.add(`Cannot update a record in ${label}: the document hash (_DocumentHash) or RecId and RecVersion from a previous read must be specified.`, '_DocumentHash', incoming.xpath, 'ConcurrencyViolation');
    return;
  }
  if (typeof hash === 'string' && hash !== documentHash(existing)) {
    problems.add(`Cannot update a record in ${label}: the document hash does not match. The document has been changed since it was read; read it again.`, '_DocumentHash', `${incoming.xpath}/_DocumentHash`, 'ConcurrencyViolation');
  }
  if (typeof recId === 'string' && recId !== String(existing.recId)) {
    problems.add(`Cannot update a record in ${label}: RecId ${recId} does not identify the record of the entity key (RecId ${existing.recId}).`, 'RecId', `${incoming.xpath}/RecId`, 'ConcurrencyViolation');
  }
  checkVersions(existing, incoming, label, problems);
}

function checkVersions(existing: AxRecord, incoming: ParsedRecord, label: string, problems: ProblemList): void {
  const v = incoming.values.get('RecVersion');
  if (typeof v === 'string' && v !== String(existing.recVersion)) {
    problems.add(`Cannot update a record in ${label} (RecId ${existing.recId}): the record has been changed since it was read (RecVersion ${v} sent, current ${existing.recVersion}). Read it again.`, 'RecVersion', `${incoming.xpath}/RecVersion`, 'ConcurrencyViolation');
  }
  for (const [name, list] of incoming.children) {
    for (const c of list) {
      const id = c.values.get('RecId');
      const match = typeof id === 'string' ? (existing.children[name] ?? []).find((r) => String(r.recId) === id) : undefined;
      if (match) checkVersions(match, c, c.resolved.spec.label, problems);
    }
  }
}

/** `_DocumentHash`: one hash over RecId/RecVersion of every record of the document. */
export function documentHash(record: AxRecord): string {
  const h = createHash('md5');
  const visit = (r: AxRecord): void => {
    h.update(`${r.table}:${r.recId}:${r.recVersion};`);
    for (const name of Object.keys(r.children).sort()) for (const c of r.children[name] ?? []) visit(c);
  };
  visit(record);
  return h.digest('hex');
}

/** Criteria lookup over a record tree: the top record's fields, or every descendant of a data source. */
export function recordLookup(record: AxRecord, extras: Readonly<Record<string, () => string>> = {}): FieldLookup {
  return (ds, field) => {
    if (ds === record.table) return [fieldValueText(record, field) ?? extras[field]?.() ?? ''];
    const out: string[] = [];
    const visit = (r: AxRecord): void => {
      for (const list of Object.values(r.children)) {
        for (const c of list) {
          if (c.table === ds) out.push(fieldValueText(c, field) ?? '');
          visit(c);
        }
      }
    };
    visit(record);
    return out;
  };
}

function fieldValueText(r: AxRecord, field: string): string | undefined {
  if (field === 'RecId') return String(r.recId);
  if (field === 'RecVersion') return String(r.recVersion);
  const v = r.fields[field];
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : '';
}

function isEmpty(v: FieldValue): boolean {
  return v === '' || (isDimSet(v) && v.length === 0);
}

/** A copy of a record tree (field values are immutable and shared). */
export function cloneRecord(r: AxRecord): AxRecord {
  const children: Record<string, AxRecord[]> = {};
  for (const [name, list] of Object.entries(r.children)) children[name] = list.map(cloneRecord);
  return { ...r, fields: { ...r.fields }, children };
}

/** All records of a tree with a given table name. */
export function descendants(record: AxRecord, table: string): AxRecord[] {
  const out: AxRecord[] = [];
  const visit = (r: AxRecord): void => {
    for (const list of Object.values(r.children)) for (const c of list) {
      if (c.table === table) out.push(c);
      visit(c);
    }
  };
  visit(record);
  return out;
}
