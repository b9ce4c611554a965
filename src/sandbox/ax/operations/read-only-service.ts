import { documentNode, type OutRecord } from '../schema/serialize.js';
import { isDimSet, isMultiTypeAccount } from '../schema/values.js';
import { entityKeyListNode, keyValue, type EntityKey } from '../soap/keys.js';
import { recordMatches, type Criterion, type FieldLookup } from '../soap/query.js';
import type { OperationContext, ServiceHandlers } from './context.js';
import { notFound } from './master-service.js';
import { checkDocumentLimit } from './paging.js';
import { criteriaParam, keysParam } from './request.js';

/** A read-only service over rows computed from the company state (transactions, setup). */
export interface ReadOnlyConfig {
  /** The rows as outbound records, in a stable order. */
  rows(ctx: OperationContext): OutRecord[];
  /** Key fields of the entity key, in order. */
  readonly keyFields: readonly string[];
  /**
   * Optional fast path: a superset of the matching rows taken from an index (e.g. a single
   * `Equal` on an indexed field), or `undefined` to scan every row. The criteria still filter it.
   */
  candidates?(ctx: OperationContext, criteria: readonly Criterion[]): OutRecord[] | undefined;
}

/** read (by entity key), find and findKeys (by QueryCriteria) over computed rows. */
export function readOnlyHandlers(config: ReadOnlyConfig): ServiceHandlers {
  const keyOf = (r: OutRecord): EntityKey => config.keyFields.map((f) => [f, fieldText(r, f)] as const);
  const find = (ctx: OperationContext, wrapper: Parameters<NonNullable<ServiceHandlers['find']>>[1]): OutRecord[] => {
    const criteria = criteriaParam(ctx, wrapper);
    const rootName = ctx.service.document.root.name;
    const rows = config.candidates?.(ctx, criteria) ?? config.rows(ctx);
    const out = rows.filter((r) => recordMatches(criteria, outLookup(rootName, r), ctx.settings.criteriaCombine));
    checkDocumentLimit(out.length, ctx.settings.maxDocumentsPerResponse);
    return out;
  };
  return {
    read(ctx, wrapper) {
      const keys = keysParam(ctx, wrapper);
      const rows = config.rows(ctx);
      const found = keys.map((k, i) => {
        const row = rows.find((r) => config.keyFields.every((f) => {
          const v = keyValue(k, f);
          return v !== undefined && v.toUpperCase() === fieldText(r, f).toUpperCase();
        }));
        if (!row || k.length !== config.keyFields.length) throw notFound(i);
        return row;
      });
      return () => [documentNode(ctx.service.document, ctx.company.id, found)];
    },
    find(ctx, wrapper) {
      const rows = find(ctx, wrapper);
      return () => [documentNode(ctx.service.document, ctx.company.id, rows)];
    },
    findKeys(ctx, wrapper) {
      const rows = find(ctx, wrapper);
      return () => [entityKeyListNode(rows.map(keyOf))];
    },
  };
}

function fieldText(r: OutRecord, field: string): string {
  if (field === 'RecId') return r.recId === undefined ? '' : String(r.recId);
  const v = r.fields[field];
  return typeof v === 'string' ? v : '';
}

/** Criteria lookup over an outbound record tree (children keyed by table name). */
export function outLookup(rootName: string, record: OutRecord): FieldLookup {
  return (ds, field) => {
    if (ds === rootName) return [fieldText(record, field)];
    const out: string[] = [];
    const visit = (r: OutRecord): void => {
      for (const [name, list] of Object.entries(r.children ?? {})) {
        for (const c of list) {
          if (name === ds) {
            const v = c.fields[field];
            out.push(field === 'RecId' ? String(c.recId ?? '') : typeof v === 'string' ? v : isDimSet(v) || isMultiTypeAccount(v) ? '' : '');
          }
          visit(c);
        }
      }
    };
    visit(record);
    return out;
  };
}
