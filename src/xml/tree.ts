import { XMLParser } from 'fast-xml-parser';
import { checkXml, type XmlRejection } from './guard.js';

/** The XML Schema instance namespace (`xsi:type`, `xsi:nil`). */
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** One attribute with its namespace resolved. */
export interface XmlAttribute {
  readonly name: string;
  readonly ns: string;
  readonly value: string;
}

/** A namespace-resolved XML element. Text is the concatenation of its text nodes. */
export interface XmlElement {
  /** Local name (without prefix). */
  readonly name: string;
  /** Namespace URI ('' when none). */
  readonly ns: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  readonly text: string;
  /** Prefix → namespace URI bindings in scope at this element (used to resolve QName values). */
  readonly scope: ReadonlyMap<string, string>;
}

/** Thrown by {@link parseXml} for refused or malformed input. */
export class XmlParseError extends Error {
  readonly rejection: XmlRejection;
  constructor(rejection: XmlRejection) {
    super(rejection.message);
    this.name = 'XmlParseError';
    this.rejection = rejection;
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded by decodeEntities() in one pass (cheaper than htmlEntities, and
  // exact: "&amp;#65;" stays "&#65;"). checkXml() has already refused undefined entities.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  cdataPropName: '#cdata',
});

type RawNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/**
 * Parses untrusted XML into a namespace-resolved tree after {@link checkXml}.
 * Throws {@link XmlParseError} when the text is refused or malformed.
 */
export function parseXml(text: string): XmlElement {
  const rejection = checkXml(text);
  if (rejection) throw new XmlParseError(rejection);
  const raw = parser.parse(text) as RawNode[];
  const roots = raw.filter((n) => !('#text' in n) && !('#cdata' in n));
  if (roots.length !== 1) throw new XmlParseError({ reason: 'malformed', message: 'document must have exactly one root element' });
  return convert(roots[0] as RawNode, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
}

function convert(node: RawNode, parentScope: ReadonlyMap<string, string>): XmlElement {
  const qname = Object.keys(node).find((k) => k !== ':@') as string;
  const rawAttrs = node[':@'] ?? {};
  let scope = parentScope;
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      (scope as Map<string, string>).set(k === 'xmlns' ? '' : k.slice(6), v);
    }
  }
  const [prefix, local] = splitQName(qname);
  const ns = scope.get(prefix) ?? '';
  if (prefix !== '' && !scope.has(prefix)) throw new XmlParseError({ reason: 'malformed', message: `undeclared namespace prefix "${prefix}" on <${qname}>` });
  const attributes: XmlAttribute[] = [];
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    const [ap, al] = splitQName(k);
    attributes.push({ name: al, ns: ap === '' ? '' : (scope.get(ap) ?? ''), value: decodeEntities(v) });
  }
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[qname] as RawNode[] | undefined) ?? []) {
    if ('#text' in child) text += decodeEntities(String(child['#text']));
    else if ('#cdata' in child) text += cdataText(child['#cdata']);
    else children.push(convert(child, scope));
  }
  return { name: local, ns, attributes, children, text: children.length > 0 && text.trim() === '' ? '' : text, scope };
}

function cdataText(parts: unknown): string {
  return Array.isArray(parts) ? parts.map((p) => String((p as { '#text'?: unknown })['#text'] ?? '')).join('') : '';
}

const ENTITY = /&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references in one pass. */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_m, name: string) => {
    if (name.charCodeAt(0) !== 35) return NAMED[name] ?? _m;
    const code = name.charCodeAt(1) === 120 || name.charCodeAt(1) === 88 ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : _m;
  });
}

function splitQName(qname: string): [string, string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

/** First child with this local name (and namespace, when given). */
export function childElement(el: XmlElement, name: string, ns?: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name && (ns === undefined || c.ns === ns));
}

/** All children with this local name (and namespace, when given). */
export function childElements(el: XmlElement, name: string, ns?: string): XmlElement[] {
  return el.children.filter((c) => c.name === name && (ns === undefined || c.ns === ns));
}

/** Case-insensitive child lookup by local name, ignoring namespace (lenient SOAP parsing). */
export function childElementLoose(el: XmlElement, name: string): XmlElement | undefined {
  const lower = name.toLowerCase();
  return el.children.find((c) => c.name.toLowerCase() === lower);
}

/** Attribute value by local name and namespace. */
export function attributeValue(el: XmlElement, name: string, ns = ''): string | undefined {
  return el.attributes.find((a) => a.name === name && a.ns === ns)?.value;
}

/** True when the element carries `xsi:nil="true"`. */
export function isNil(el: XmlElement): boolean {
  const v = attributeValue(el, 'nil', XSI_NS);
  return v === 'true' || v === '1';
}

/** The `xsi:type` of an element as {local name, namespace}, if any. */
export function xsiType(el: XmlElement): { name: string; ns: string } | undefined {
  const v = attributeValue(el, 'type', XSI_NS);
  if (v === undefined) return undefined;
  const [p, l] = splitQName(v.trim());
  return { name: l, ns: el.scope.get(p) ?? '' };
}
