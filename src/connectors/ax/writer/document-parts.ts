import { el, type XmlNode } from '../../../xml/build.js';
import { KfaxError } from '../../../errors/kfax-error.js';
import { AX_SERVICES } from '../documents/catalog.js';
import { documentNamespace } from '../client/namespaces.js';

const DOCUMENTS_NS_PREFIX = 'http://schemas.microsoft.com/dynamics/2008/01/documents/';

/** A document split into what batches share (the root) and what they concatenate (the records). */
export interface DocumentParts {
  /** Root element name (the AIF document name, e.g. `FreeTextInvoice`). */
  readonly documentName: string;
  /** Attributes of the root (its `xmlns` and any other declarations). */
  readonly rootAttrs: Readonly<Record<string, string>>;
  /** The top-level records (`CustInvoiceTable`, `CustTable`…), in document order. */
  readonly records: readonly XmlNode[];
}

/** Document name of a service known to kfax's catalog (by external name). */
export function documentNameOf(service: string): string | undefined {
  return Object.values(AX_SERVICES).find((s) => s.service === service)?.document;
}

/**
 * Accepts either a whole document element (root in a `…/documents/<Name>` namespace, one or
 * more records) or a single record element (then the document name comes from `documentName`
 * or kfax's service catalog).
 */
export function splitDocument(service: string, document: XmlNode, documentName?: string): DocumentParts {
  const xmlns = document.attrs?.xmlns;
  if (xmlns !== undefined && xmlns.startsWith(DOCUMENTS_NS_PREFIX)) {
    const records = Array.isArray(document.children) ? (document.children as readonly (XmlNode | null | undefined | false)[]).filter((c): c is XmlNode => !!c) : [];
    if (records.length === 0) throw new KfaxError('KFAX_INPUT_INVALID', ['document', `<${document.name}> holds no record to create`]);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(document.attrs ?? {})) if (v !== undefined) attrs[k] = v;
    return { documentName: document.name, rootAttrs: attrs, records };
  }
  const name = documentName ?? documentNameOf(service);
  if (!name) throw new KfaxError('KFAX_INPUT_INVALID', ['documentName', `<${document.name}> is a record, and the document name of service ${service} is unknown: pass documentName or the whole document`]);
  return { documentName: name, rootAttrs: { xmlns: documentNamespace(name) }, records: [document] };
}

/** Documents can share one AIF call when service, company, document name and root attributes agree. */
export function batchGroupKey(service: string, company: string | undefined, parts: DocumentParts): string {
  const attrs = Object.keys(parts.rootAttrs)
    .sort()
    .map((k) => `${k}=${parts.rootAttrs[k]}`)
    .join('\u0001');
  return [service, (company ?? '').toLowerCase(), parts.documentName, attrs].join('\u0000');
}

/** One document element holding the records of several documents (all of one group), in order. */
export function joinDocuments(parts: readonly DocumentParts[]): XmlNode {
  const first = parts[0];
  if (!first) throw new RangeError('nothing to join');
  return el(first.documentName, first.rootAttrs, parts.flatMap((p) => p.records));
}
