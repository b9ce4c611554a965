import { buildXml, el, leaf, type XmlNode } from '../../../src/xml/build.js';
import { childElement, childElements, parseXml, type XmlElement } from '../../../src/xml/tree.js';
import type { RunningSandbox } from '../../../src/sandbox/sandbox.js';

/**
 * A minimal AIF client for the tests, written the way a real client builds its messages
 * (literal namespaces from the reference, elements via src/xml/build.ts).
 */
export const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  services: 'http://schemas.microsoft.com/dynamics/2008/01/services',
  callContext: 'http://schemas.microsoft.com/dynamics/2010/01/datacontracts',
  entityKeyList: 'http://schemas.microsoft.com/dynamics/2006/02/documents/EntityKeyList',
  entityKey: 'http://schemas.microsoft.com/dynamics/2006/02/documents/EntityKey',
  queryCriteria: 'http://schemas.microsoft.com/dynamics/2006/02/documents/QueryCriteria',
  shared: 'http://schemas.microsoft.com/dynamics/2008/01/sharedtypes',
  fault: 'http://schemas.microsoft.com/dynamics/2008/01/documents/Fault',
  infolog: 'http://schemas.datacontract.org/2004/07/Microsoft.Dynamics.AX.Framework.Services',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  doc: (name: string): string => `http://schemas.microsoft.com/dynamics/2008/01/documents/${name}`,
};

export interface CallOptions {
  company?: string | null;
  messageId?: string;
  language?: string;
  /** Replaces the whole CallContext header (null: no header at all). */
  header?: XmlNode | null;
  /** SOAPAction to send instead of the one derived from service/operation. */
  action?: string;
  /** Body element name instead of `<Service><Op>Request`. */
  wrapperName?: string;
  /** Authorization header; null for none. Default Basic with the sandbox user. */
  authorization?: string | null;
  /** Raw body text instead of the built envelope. */
  rawBody?: string;
  contentType?: string;
}

export interface AifFaultInfo {
  faultcode: string;
  faultstring: string;
  codes: string[];
  messages: string[];
  fields: string[];
  infolog: string[];
  xpaths: string[];
}

export interface AifResponse {
  status: number;
  text: string;
  headers: Headers;
  /** The response wrapper element (successful calls). */
  body?: XmlElement;
  fault?: AifFaultInfo;
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** The CallContext header with the given children (absent values omitted). */
export function callContext(values: { company?: string | null; language?: string; messageId?: string }): XmlNode {
  return el('CallContext', { xmlns: NS.callContext }, [leaf('Company', values.company ?? undefined), leaf('Language', values.language), leaf('MessageId', values.messageId)]);
}

export function envelopeXml(wrapper: XmlNode, header: XmlNode | null): string {
  return buildXml(el('s:Envelope', { 'xmlns:s': NS.soap }, [header ? el('s:Header', undefined, [header]) : undefined, el('s:Body', undefined, [wrapper])]), { declaration: true });
}

export class AifClient {
  constructor(private readonly sb: () => RunningSandbox) {}

  get url(): string {
    return this.sb().endpoints.ax.url;
  }

  get defaultAuth(): string {
    const e = this.sb().endpoints.ax;
    return basicAuth(`${e.domain}\\${e.username}`, e.password);
  }

  /** Calls `<service>/<operation>` with the given wrapper children. */
  async call(service: string, operation: string, children: (XmlNode | undefined)[], options: CallOptions = {}): Promise<AifResponse> {
    const wrapperName = options.wrapperName ?? `${service}${operation.charAt(0).toUpperCase()}${operation.slice(1)}Request`;
    const header = options.header === undefined ? callContext({ company: options.company === undefined ? undefined : options.company, language: options.language, messageId: options.messageId }) : options.header;
    const body = options.rawBody ?? envelopeXml(el(wrapperName, { xmlns: NS.services }, children.filter((c): c is XmlNode => c !== undefined)), header);
    const headers: Record<string, string> = {
      'content-type': options.contentType ?? 'text/xml; charset=utf-8',
      soapaction: `"${options.action ?? `${NS.services}/${service}/${operation}`}"`,
    };
    const auth = options.authorization === undefined ? this.defaultAuth : options.authorization;
    if (auth !== null) headers.authorization = auth;
    const res = await fetch(this.url, { method: 'POST', headers, body });
    return parseResponse(res.status, await res.text(), res.headers);
  }
}

export function parseResponse(status: number, text: string, headers: Headers): AifResponse {
  const out: AifResponse = { status, text, headers };
  if (!text.startsWith('<s:Envelope') && !text.startsWith('<?xml')) return out;
  const env = parseXml(text);
  const body = childElement(env, 'Body', NS.soap);
  const first = body?.children[0];
  if (!first) return out;
  if (first.name === 'Fault' && first.ns === NS.soap) {
    const detail = childElement(first, 'detail');
    const aif = detail ? childElement(detail, 'AifFault', NS.fault) : undefined;
    const lists = aif ? childElements(childElement(aif, 'FaultMessageListArray', NS.fault) ?? aif, 'FaultMessageList', NS.fault) : [];
    const messages = lists.flatMap((l) => childElements(childElement(l, 'FaultMessageArray', NS.fault) ?? l, 'FaultMessage', NS.fault));
    const infologList = aif ? childElement(aif, 'InfologMessageList', NS.fault) : undefined;
    out.fault = {
      faultcode: childElement(first, 'faultcode')?.text ?? '',
      faultstring: childElement(first, 'faultstring')?.text ?? '',
      codes: messages.map((m) => childElement(m, 'Code', NS.fault)?.text ?? ''),
      messages: messages.map((m) => childElement(m, 'Message', NS.fault)?.text ?? ''),
      fields: lists.map((l) => childElement(l, 'Field', NS.fault)?.text ?? ''),
      xpaths: lists.map((l) => childElement(l, 'XPath', NS.fault)?.text ?? ''),
      infolog: infologList ? childElements(infologList, 'InfologMessage', NS.infolog).map((m) => childElement(m, 'Message', NS.infolog)?.text ?? '') : [],
    };
    return out;
  }
  out.body = first;
  return out;
}

// ---- document builders ----------------------------------------------------------------------

/** A record element (`class="entity"`). */
export function rec(table: string, children: (XmlNode | undefined)[], attrs: Record<string, string> = {}): XmlNode {
  return el(table, { class: 'entity', ...attrs }, children.filter((c): c is XmlNode => c !== undefined));
}

/** An AIF document root in its namespace. */
export function doc(name: string, records: XmlNode[]): XmlNode {
  return el(name, { xmlns: NS.doc(name), 'xmlns:xsi': NS.xsi }, records);
}

export const f = leaf;

/** `DefaultDimension` (AxdType_DimensionAttributeValueSet). */
export function dimSet(name: string, pairs: [string, string][]): XmlNode {
  return el(name, undefined, [el('Values', { xmlns: NS.shared }, pairs.map(([n, v]) => el('Value', undefined, [el('Name', undefined, n), el('Value', undefined, v)])))]);
}

/** `LedgerDimension` (AxdType_MultiTypeAccount). */
export function account(name: string, acc: string, display: string, pairs?: [string, string][]): XmlNode {
  return el(name, undefined, [
    el('Account', { xmlns: NS.shared }, acc),
    el('DisplayValue', { xmlns: NS.shared }, display),
    pairs ? el('Values', { xmlns: NS.shared }, pairs.map(([n, v]) => el('Value', undefined, [el('Name', undefined, n), el('Value', undefined, v)]))) : undefined,
  ]);
}

export function entityKeys(keys: [string, string][][]): XmlNode {
  return el(
    'EntityKeyList',
    { xmlns: NS.entityKeyList },
    keys.map((k) => el('EntityKey', { xmlns: NS.entityKey }, [el('KeyData', undefined, k.map(([field, value]) => el('KeyField', undefined, [el('Field', undefined, field), el('Value', undefined, value)])))])),
  );
}

export function criteria(list: { ds: string; field: string; op: string; v1?: string; v2?: string }[]): XmlNode {
  return el(
    'QueryCriteria',
    { xmlns: NS.queryCriteria },
    list.map((c) => el('CriteriaElement', undefined, [el('DataSourceName', undefined, c.ds), el('FieldName', undefined, c.field), el('Operator', undefined, c.op), leaf('Value1', c.v1 ?? ''), leaf('Value2', c.v2)])),
  );
}

/** Key values of an EntityKeyList answer: one array of [field, value] per key. */
export function keysOf(body: XmlElement | undefined): [string, string][][] {
  const list = body ? childElement(body, 'EntityKeyList', NS.entityKeyList) : undefined;
  if (!list) return [];
  return childElements(list, 'EntityKey', NS.entityKey).map((k) => childElements(childElement(k, 'KeyData', NS.entityKey) as XmlElement, 'KeyField', NS.entityKey).map((kf) => [childElement(kf, 'Field', NS.entityKey)?.text ?? '', childElement(kf, 'Value', NS.entityKey)?.text ?? '']));
}

/** Records of a document answer (read/find). */
export function recordsOf(body: XmlElement | undefined, docName: string, table: string): XmlElement[] {
  const d = body ? childElement(body, docName, NS.doc(docName)) : undefined;
  return d ? childElements(d, table, NS.doc(docName)) : [];
}

/** Text of a child field ('' when absent). */
export function fieldOf(record: XmlElement | undefined, name: string): string {
  return record ? (record.children.find((c) => c.name === name)?.text ?? '') : '';
}

/** A unique GUID for MessageIds. */
export function guid(): string {
  return crypto.randomUUID();
}
