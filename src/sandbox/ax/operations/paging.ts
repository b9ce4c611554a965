import { el, type XmlNode } from '../../../xml/build.js';
import { DOCUMENT_PAGING_NS, ENTITY_KEY_PAGE_NS } from '../namespaces.js';
import { invalid } from '../soap/aif-error.js';
import { entityKeyListNode, type EntityKey } from '../soap/keys.js';

/** Status of a getKeys/getChangedKeys page (member names from a public proxy [C1]). */
export type PageStatusDetails = 'None' | 'DocumentFiltersChanged' | 'ChangeTrackingDisabled' | 'ChangedDateTimeOutOfRange';

/**
 * `EntityKeyPage` {EntityKeyList, DocumentPaging {Bookmark, PageSize}, PageStatus,
 * PageStatusDetails} [G for namespaces]. The bookmark is an opaque offset; it is empty on the
 * last page.
 */
export function entityKeyPageNode(keys: readonly EntityKey[], nextBookmark: string, pageSize: number, status: 'Success' | 'Failure', details: PageStatusDetails): XmlNode {
  return el('EntityKeyPage', { xmlns: ENTITY_KEY_PAGE_NS }, [
    entityKeyListNode(keys),
    el('DocumentPaging', { xmlns: DOCUMENT_PAGING_NS }, [el('Bookmark', undefined, nextBookmark), el('PageSize', undefined, String(pageSize))]),
    el('PageStatus', undefined, status),
    el('PageStatusDetails', undefined, details),
  ]);
}

/** Decodes a bookmark (offset) of a previous page. */
export function bookmarkOffset(bookmark: string): number {
  if (bookmark === '') return 0;
  const n = Number(bookmark);
  if (!Number.isInteger(n) || n < 0) throw invalid(`The bookmark ${bookmark} is not valid.`, 'Bookmark', '/DocumentPaging/Bookmark');
  return n;
}

/** Refuses an answer larger than the port's "Limit number of documents" (reference §5). */
export function checkDocumentLimit(count: number, limit: number): void {
  if (count > limit) throw invalid(`The number of documents found (${count}) exceeds the maximum number of documents allowed for the port (${limit}). Narrow the query criteria.`, undefined, '/QueryCriteria');
}
