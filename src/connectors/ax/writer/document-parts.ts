import { el, prebuilt, XmlBuildError, type XmlNode } from '../../../xml/build.js';
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
    const records: XmlNode[] = [];
    if (Array.isArray(document.children)) for (const c of document.children as readonly (XmlNode | null | undefined | false)[]) if (c) records.push(c);
    if (records.length === 0) throw new KfaxError('KFAX_INPUT_INVALID', ['document', `<${document.name}> holds no record to create`]);
    const attrs: Record<string, string> = {};
    const given = document.attrs as Readonly<Record<string, string | undefined>>;
    for (const k of Object.keys(given)) {
      const v = given[k];
      if (v !== undefined) attrs[k] = v;
    }
    return { documentName: document.name, rootAttrs: attrs, records };
  }
  const name = documentName ?? documentNameOf(service);
  if (!name) throw new KfaxError('KFAX_INPUT_INVALID', ['documentName', `<${document.name}> is a record, and the document name of service ${service} is unknown: pass documentName or the whole document`]);
  return { documentName: name, rootAttrs: { xmlns: documentNamespace(name) }, records: [document] };
}

/**
 * The document with each top-level record serialised now (see {@link prebuilt}): what a write
 * request carries while it waits for its batch, sent as the same XML. A single record element is
 * serialised whole. A document that cannot be written (a control character in a value) is
 * returned as it is, to fail where and as it always did: when its call is made.
 */
export function prebuiltRecords(document: XmlNode): XmlNode {
  const children = document.children;
  const xmlns = document.attrs?.xmlns;
  const isRoot = xmlns !== undefined && xmlns.startsWith(DOCUMENTS_NS_PREFIX);
  if (isRoot && !Array.isArray(children)) return document; // splitDocument refuses it
  try {
    if (!isRoot) return prebuilt(document);
    return el(document.name, document.attrs, (children as readonly (XmlNode | null | undefined | false)[]).map((c) => (c ? prebuilt(c) : c)));
  } catch (err) {
    if (err instanceof XmlBuildError) return document;
    throw err;
  }
}

/** Documents can share one AIF call when service, company, document name and root attributes agree. */
export function batchGroupKey(service: string, company: string | undefined, parts: DocumentParts): string {
  const keys = Object.keys(parts.rootAttrs);
  // A document root mostly carries its xmlns alone: no sort or list to join.
  const only = keys.length === 1 ? (keys[0] as string) : undefined;
  const attrs =
    only !== undefined
      ? `${only}=${parts.rootAttrs[only]}`
      : keys
          .sort()
          .map((k) => `${k}=${parts.rootAttrs[k]}`)
          .join('\u0001');
  return `${service}\u0000${(company ?? '').toLowerCase()}\u0000${parts.documentName}\u0000${attrs}`;
}

/** One document element holding the records of several documents (all of one group), in order. */
export function joinDocuments(parts: readonly DocumentParts[]): XmlNode {
  const first = parts[0];
  if (!first) throw new RangeError('nothing to join');
  return el(first.documentName, first.rootAttrs, parts.flatMap((p) => p.records));
}
