import type { XmlElement } from '../../../xml/tree.js';
import { DOCUMENT_PAGING_NS, ENTITY_KEY_LIST_NS, QUERY_CRITERIA_NS, SERVICES_NS } from '../namespaces.js';
import { parseDocument, type ParsedDocument } from '../schema/parse.js';
import { schemaError } from '../soap/aif-error.js';
import { parseEntityKeyList, type EntityKey } from '../soap/keys.js';
import { parseQueryCriteria, type Criterion, type QueryExtras } from '../soap/query.js';
import type { OperationContext } from './context.js';

/** The parameters a request wrapper may carry, by element name → expected namespace. */
type Parts = Record<string, string>;

/**
 * Splits the request wrapper into its parameters (message parts). Unknown or repeated
 * elements are refused; missing ones are reported by the caller.
 */
function partsOf(wrapper: XmlElement, expected: Parts): Map<string, XmlElement> {
  const found = new Map<string, XmlElement>();
  for (const c of wrapper.children) {
    const ns = expected[c.name];
    if (ns === undefined || c.ns !== ns || found.has(c.name)) {
      throw schemaError(`The element '${wrapper.name}' in namespace '${wrapper.ns}' has invalid child element '${c.name}' in namespace '${c.ns}'. List of possible elements expected: '${Object.keys(expected).join(', ')}'.`, `/${wrapper.name}/${c.name}`);
    }
    found.set(c.name, c);
  }
  return found;
}

function missing(wrapper: XmlElement, name: string): Error {
  return schemaError(`The element '${wrapper.name}' in namespace '${wrapper.ns}' has incomplete content. List of possible elements expected: '${name}'.`, `/${wrapper.name}`);
}

/** The document of a create request. */
export function documentParam(ctx: OperationContext, wrapper: XmlElement): ParsedDocument {
  const doc = ctx.service.document;
  const parts = partsOf(wrapper, { [doc.name]: doc.namespace });
  const el = parts.get(doc.name);
  if (!el) throw missing(wrapper, doc.name);
  const parsed = parseDocument(el, doc, { strictOrder: ctx.settings.strictElementOrder });
  if (parsed.records.length === 0) throw schemaError(`The element '${doc.name}' in namespace '${doc.namespace}' has incomplete content. List of possible elements expected: '${doc.root.name}'.`, `/${doc.name}`);
  return parsed;
}

/** The EntityKeyList of a read/delete request. */
export function keysParam(ctx: OperationContext, wrapper: XmlElement): EntityKey[] {
  const parts = partsOf(wrapper, { EntityKeyList: ENTITY_KEY_LIST_NS });
  const el = parts.get('EntityKeyList');
  if (!el) throw missing(wrapper, 'EntityKeyList');
  return parseEntityKeyList(el, '/EntityKeyList');
}

/** The EntityKeyList and document of an update request (keys first, reference §1.3). */
export function updateParams(ctx: OperationContext, wrapper: XmlElement): { keys: EntityKey[]; document: ParsedDocument } {
  const doc = ctx.service.document;
  const parts = partsOf(wrapper, { EntityKeyList: ENTITY_KEY_LIST_NS, [doc.name]: doc.namespace });
  const keysEl = parts.get('EntityKeyList');
  const docEl = parts.get(doc.name);
  if (!keysEl) throw missing(wrapper, 'EntityKeyList');
  if (!docEl) throw missing(wrapper, doc.name);
  if (wrapper.children.indexOf(keysEl) > wrapper.children.indexOf(docEl)) throw schemaError(`The element '${wrapper.name}' in namespace '${wrapper.ns}' has invalid child element '${doc.name}'. List of possible elements expected: 'EntityKeyList'.`, `/${wrapper.name}/${doc.name}`);
  return { keys: parseEntityKeyList(keysEl, '/EntityKeyList'), document: parseDocument(docEl, doc, { strictOrder: ctx.settings.strictElementOrder }) };
}

/** The QueryCriteria of a find/findKeys request. */
export function criteriaParam(ctx: OperationContext, wrapper: XmlElement, extras: QueryExtras = {}): Criterion[] {
  const parts = partsOf(wrapper, { QueryCriteria: QUERY_CRITERIA_NS });
  const el = parts.get('QueryCriteria');
  if (!el) throw missing(wrapper, 'QueryCriteria');
  return parseQueryCriteria(el, ctx.service.document.root, extras, '/QueryCriteria');
}

/** `DocumentPaging` {Bookmark, PageSize} [G] and, for getChangedKeys, `changedDateTime`. */
export interface PagingParams {
  readonly bookmark: string;
  readonly pageSize: number | undefined;
  readonly changedDateTime: number | undefined;
}

export function pagingParams(ctx: OperationContext, wrapper: XmlElement, withChangedDateTime: boolean): PagingParams {
  const expected: Parts = { DocumentPaging: DOCUMENT_PAGING_NS, ...(withChangedDateTime ? { changedDateTime: SERVICES_NS } : {}) };
  const parts = partsOf(wrapper, expected);
  const paging = parts.get('DocumentPaging');
  let bookmark = '';
  let pageSize: number | undefined;
  for (const c of paging?.children ?? []) {
    if (c.ns !== DOCUMENT_PAGING_NS || (c.name !== 'Bookmark' && c.name !== 'PageSize')) throw schemaError(`The element 'DocumentPaging' in namespace '${DOCUMENT_PAGING_NS}' has invalid child element '${c.name}' in namespace '${c.ns}'.`, `/DocumentPaging/${c.name}`);
    if (c.name === 'Bookmark') bookmark = c.text.trim();
    else {
      const n = Number(c.text.trim());
      if (!Number.isInteger(n) || n < 1) throw schemaError(`The '${DOCUMENT_PAGING_NS}:PageSize' element is invalid - The value '${c.text}' is invalid according to its datatype 'int'.`, '/DocumentPaging/PageSize');
      pageSize = n;
    }
  }
  let changedDateTime: number | undefined;
  if (withChangedDateTime) {
    const el = parts.get('changedDateTime');
    if (!el) throw missing(wrapper, 'changedDateTime');
    const t = el.text.trim();
    const m = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(t);
    const ms = m ? Date.parse(m[1] ? t : `${t}Z`) : Number.NaN;
    if (Number.isNaN(ms)) throw schemaError(`The '${SERVICES_NS}:changedDateTime' element is invalid - The value '${t}' is invalid according to its datatype 'http://www.w3.org/2001/XMLSchema:dateTime'.`, '/changedDateTime');
    changedDateTime = ms;
  }
  return { bookmark, pageSize, changedDateTime };
}
