import type { XmlElement } from '../../../xml/tree.js';
import { documentNode } from '../schema/serialize.js';
import type { ParsedRecord } from '../schema/parse.js';
import { text, type AxRecord } from '../schema/values.js';
import { AifError, ProblemList } from '../soap/aif-error.js';
import { entityKeyListNode, keyValue, type EntityKey } from '../soap/keys.js';
import { recordMatches, type Criterion, type QueryExtras } from '../soap/query.js';
import type { MasterRow } from '../state/company.js';
import type { Keyed } from '../state/keyed.js';
import type { OperationContext, ServiceHandlers } from './context.js';
import { bookmarkOffset, checkDocumentLimit, entityKeyPageNode } from './paging.js';
import { buildRecord, checkConcurrency, cloneRecord, documentHash, mergeRecord, recordLookup } from './records.js';
import { criteriaParam, documentParam, keysParam, pagingParams, updateParams } from './request.js';

/** How one master-data service differs from the others. */
export interface MasterConfig {
  /** The rows the service works on (a company's customers, or the AOS's shared products). */
  rows(ctx: OperationContext): Keyed<MasterRow>;
  readonly keyField: string;
  /** The next key from the number sequence when a create omits it. */
  newKey(ctx: OperationContext, record: AxRecord): string;
  /** Infolog text for a create of an existing key. */
  duplicateMessage(key: string): string;
  /**
   * Validates and completes a new or merged record (defaults, canonical codes, derived
   * fields). The record is not stored yet; only records of this call may be changed.
   */
  complete(ctx: OperationContext, record: AxRecord, parsed: ParsedRecord, mode: 'create' | 'update', problems: ProblemList): void;
  /** Why a row cannot be deleted, if it cannot. */
  deleteBlocker?(ctx: OperationContext, row: MasterRow): string | undefined;
}

/** System fields that can be used in query criteria (the change-tracking watermark). */
const QUERY_EXTRAS: QueryExtras = { modifiedDateTime: { kind: 'datetime' }, createdDateTime: { kind: 'datetime' } };

/** "No valid document identified from the entity key." (AIF's text for an unknown key). */
export function notFound(index: number): AifError {
  return new AifError({ code: 'RecordNotFound', message: 'No valid document identified from the entity key.', xpath: `/EntityKeyList/EntityKey[${index + 1}]` });
}

/** Field types whose criteria compare other than as case-insensitive text (query.ts `compare`). */
const NON_TEXT_KINDS: ReadonlySet<string> = new Set(['decimal', 'int', 'int64', 'enum', 'datetime']);

/**
 * The rows a find can match when its only criterion is `Equal` on the key field of the top
 * data source (what an integration sends to look a customer up by account): the one row the
 * case-insensitive table holds under that key, instead of testing every row. The criteria
 * still filter the result. `undefined` for any other query (every row is tested).
 */
function byKey(ctx: OperationContext, criteria: readonly Criterion[], keyField: string, rows: Keyed<MasterRow>): MasterRow[] | undefined {
  if (criteria.length !== 1) return undefined;
  const c = criteria[0] as Criterion;
  const table = ctx.service.document.root.name;
  if (c.operator !== 'Equal' || c.field !== keyField || c.dataSource !== table || NON_TEXT_KINDS.has(c.type.kind)) return undefined;
  const row = rows.get(c.value1);
  if (!row) return [];
  return row.record.table === table ? [row] : undefined;
}

/** Handlers for create/read/update/delete/find/findKeys/getKeys/getChangedKeys of a master-data service. */
export function masterHandlers(config: MasterConfig): ServiceHandlers {
  const keyOf = (r: AxRecord): EntityKey => [[config.keyField, text(r, config.keyField)]];
  const lookupRows = (ctx: OperationContext, keys: readonly EntityKey[]): MasterRow[] =>
    keys.map((k, i) => {
      const v = keyValue(k, config.keyField);
      const row = v === undefined || k.length !== 1 ? undefined : config.rows(ctx).get(v);
      if (!row) throw notFound(i);
      return row;
    });
  const find = (ctx: OperationContext, wrapper: XmlElement): MasterRow[] => {
    const criteria = criteriaParam(ctx, wrapper, QUERY_EXTRAS);
    const out = (byKey(ctx, criteria, config.keyField, config.rows(ctx)) ?? config.rows(ctx).list()).filter((row) => recordMatches(criteria, recordLookup(row.record, { modifiedDateTime: () => new Date(row.modifiedAt).toISOString(), createdDateTime: () => new Date(row.createdAt).toISOString() }), ctx.settings.criteriaCombine));
    checkDocumentLimit(out.length, ctx.settings.maxDocumentsPerResponse);
    return out;
  };

  return {
    create(ctx, wrapper) {
      const doc = documentParam(ctx, wrapper);
      const rows = config.rows(ctx);
      const problems = new ProblemList();
      const planned = doc.records.map((parsed) => {
        const record = buildRecord(ctx.aos, parsed, problems);
        let key = text(record, config.keyField);
        if (key === '') {
          key = config.newKey(ctx, record);
          record.fields[config.keyField] = key;
        }
        if (rows.has(key) || !ctx.tx.claim(`${ctx.service.definition.id}:${key.toUpperCase()}`)) problems.add(config.duplicateMessage(key), config.keyField, `${parsed.xpath}/${config.keyField}`, 'RecordAlreadyExists');
        config.complete(ctx, record, parsed, 'create', problems);
        return record;
      });
      problems.throwIfAny();
      ctx.tx.onCommit(() => {
        for (const record of planned) rows.set({ record, createdAt: ctx.nowMs, modifiedAt: ctx.nowMs });
      });
      return () => [entityKeyListNode(planned.map(keyOf))];
    },

    read(ctx, wrapper) {
      const rows = lookupRows(ctx, keysParam(ctx, wrapper));
      return () => [documentNode(ctx.service.document, ctx.company.id, rows.map((r) => ({ ...r.record, documentHash: documentHash(r.record) })))];
    },

    update(ctx, wrapper) {
      const { keys, document } = updateParams(ctx, wrapper);
      if (keys.length !== document.records.length) {
        throw new AifError({ code: 'InvalidValue', message: `The number of entity keys (${keys.length}) does not match the number of ${ctx.service.document.root.name} records (${document.records.length}) in the document.`, xpath: '/EntityKeyList' });
      }
      const rows = lookupRows(ctx, keys);
      const problems = new ProblemList();
      const label = ctx.service.document.root.label;
      const planned = rows.map((row, i) => {
        const parsed = document.records[i] as ParsedRecord;
        const key = text(row.record, config.keyField);
        const sentKey = parsed.values.get(config.keyField);
        if (typeof sentKey === 'string' && sentKey.toUpperCase() !== key.toUpperCase()) problems.add(`The value of ${config.keyField} cannot be changed by an update (entity key ${key}, document ${sentKey}).`, config.keyField, `${parsed.xpath}/${config.keyField}`);
        if (parsed.action === 'create' || parsed.action === 'delete') problems.add(`Action ${parsed.action} is not valid for the top record of an update.`, undefined, parsed.xpath);
        checkConcurrency(row.record, parsed, label, problems);
        // A private copy: completing the record must not touch the stored one before commit.
        const next = cloneRecord(mergeRecord(ctx.aos, row.record, parsed, parsed.action === undefined || parsed.action === 'replace', document.clearNilFieldsOnUpdate, problems));
        next.fields[config.keyField] = key;
        config.complete(ctx, next, parsed, 'update', problems);
        return { row, next };
      });
      problems.throwIfAny();
      ctx.tx.onCommit(() => {
        for (const { row, next } of planned) {
          row.record = next;
          row.modifiedAt = ctx.nowMs;
        }
      });
      return () => [];
    },

    delete(ctx, wrapper) {
      const rows = lookupRows(ctx, keysParam(ctx, wrapper));
      const problems = new ProblemList();
      for (const row of rows) {
        const why = config.deleteBlocker?.(ctx, row);
        if (why) problems.add(why, config.keyField, undefined);
      }
      problems.throwIfAny();
      ctx.tx.onCommit(() => {
        for (const row of rows) config.rows(ctx).delete(text(row.record, config.keyField));
      });
      return () => [];
    },

    find(ctx, wrapper) {
      const rows = find(ctx, wrapper);
      return () => [documentNode(ctx.service.document, ctx.company.id, rows.map((r) => ({ ...r.record, documentHash: documentHash(r.record) })))];
    },

    findKeys(ctx, wrapper) {
      const rows = find(ctx, wrapper);
      return () => [entityKeyListNode(rows.map((r) => keyOf(r.record)))];
    },

    getKeys(ctx, wrapper) {
      const paging = pagingParams(ctx, wrapper, false);
      // Keys matching the port's document filters; none defined → empty (reference §1.3).
      const all = ctx.settings.changeTracking.documentFilter ? config.rows(ctx).list() : [];
      return pageOf(ctx, all.map((r) => keyOf(r.record)), paging.bookmark, paging.pageSize, 'None');
    },

    getChangedKeys(ctx, wrapper) {
      const paging = pagingParams(ctx, wrapper, true);
      const ct = ctx.settings.changeTracking;
      if (!ct.enabled) return pageOf(ctx, [], '', paging.pageSize, 'ChangeTrackingDisabled');
      // Without an enhanced port and a document filter AIF answers an empty list (reference §4).
      if (!ct.enhancedPort || !ct.documentFilter) return pageOf(ctx, [], '', paging.pageSize, 'None');
      const since = paging.changedDateTime ?? 0;
      const changed = config
        .rows(ctx)
        .list()
        .filter((r) => r.modifiedAt > since)
        .sort((a, b) => a.modifiedAt - b.modifiedAt);
      return pageOf(ctx, changed.map((r) => keyOf(r.record)), paging.bookmark, paging.pageSize, 'None');
    },
  };
}

function pageOf(ctx: OperationContext, keys: EntityKey[], bookmark: string, pageSize: number | undefined, details: 'None' | 'ChangeTrackingDisabled'): () => ReturnType<typeof entityKeyPageNode>[] {
  const size = Math.min(pageSize ?? ctx.settings.maxDocumentsPerResponse, ctx.settings.maxDocumentsPerResponse);
  const start = bookmarkOffset(bookmark);
  const page = keys.slice(start, start + size);
  const next = start + size < keys.length ? String(start + size) : '';
  return () => [entityKeyPageNode(page, next, size, details === 'ChangeTrackingDisabled' ? 'Failure' : 'Success', details)];
}
