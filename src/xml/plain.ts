import { parseXml, type XmlAttribute, type XmlElement } from './tree.js';

/**
 * A single-pass reader for the plain XML that SOAP peers send — an optional
 * `<?xml version="1.0" …?>` declaration, elements, attributes in quotes, text with the five
 * predefined entities and character references — returning the same tree as {@link parseXml}
 * (guard + fast-xml-parser validation and parse) at a fraction of its CPU.
 *
 * Anything outside that subset (comments, CDATA, DOCTYPE, processing instructions, CR
 * characters, unusual names or spacing, duplicate attributes, `<`/`>` in attribute values,
 * mismatched or unclosed tags, content after the root, …) makes {@link readPlainXml} return
 * `undefined`, and {@link readXml} hands the text to {@link parseXml}: every refusal and its
 * message come from the strict reader unchanged. test/xml/plain.test.ts checks, over generated
 * and mutated documents, that what this reader accepts the strict one accepts with an equal tree.
 *
 * Used by kfax's AIF client for answers and by the sandboxes for requests.
 */
export function readXml(text: string): XmlElement {
  return readPlainXml(text) ?? parseXml(text);
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Thrown inside the fast reader to hand the document to the shared reader. */
const BAIL: unique symbol = Symbol('bail');

const DECLARATION = /^<\?xml[ \t\n]+version=(?:"1\.0"|'1\.0')(?:[ \t\n]+encoding=(?:"[A-Za-z0-9._-]+"|'[A-Za-z0-9._-]+'))?(?:[ \t\n]+standalone=(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\n]*\?>/;
/** Names fast-xml-parser refuses or renames (prototype pollution guard): left to it. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);
/** Entity references the guard lets through and decodeEntities() decodes. */
const ENTITY_AT = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/y;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The tree for a plain document, or `undefined` when the shared reader must decide. */
export function readPlainXml(text: string): XmlElement | undefined {
  if (text.includes('\r') || text.includes('<!') || text.includes(']]>')) return undefined;
  try {
    return new PlainReader(text).document();
  } catch (err) {
    if (err === BAIL) return undefined;
    throw err;
  }
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9;
}

/** The attribute and child lists of elements that have none (shared; the tree is read-only). */
const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

class PlainReader {
  private i = 0;
  /**
   * The last scope made by one namespace declaration, with its parent scope, prefix and URI:
   * siblings that declare the same namespace (`<Values xmlns="…">` in every line) share it.
   */
  private last: { parent: ReadonlyMap<string, string>; prefix: string; uri: string; scope: ReadonlyMap<string, string> } | undefined;
  constructor(private readonly s: string) {}

  document(): XmlElement {
    const s = this.s;
    if (s.startsWith('<?')) {
      const m = DECLARATION.exec(s);
      if (!m) throw BAIL;
      this.i = m[0].length;
    }
    this.skipSpace();
    if (s.charCodeAt(this.i) !== 60) throw BAIL;
    const root = this.element(new Map([['xml', XML_NS]]));
    this.skipSpace();
    if (this.i !== s.length) throw BAIL;
    return root;
  }

  private skipSpace(): void {
    const s = this.s;
    let i = this.i;
    while (i < s.length && isSpace(s.charCodeAt(i))) i++;
    this.i = i;
  }

  /** A name `[A-Za-z_][A-Za-z0-9._-]*` with at most one prefix; `this.i` after it. */
  private name(): string {
    const s = this.s;
    const start = this.i;
    let i = start;
    if (!isNameStart(s.charCodeAt(i))) throw BAIL;
    i++;
    while (isNameChar(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) === 58) {
      i++;
      if (!isNameStart(s.charCodeAt(i))) throw BAIL;
      i++;
      while (isNameChar(s.charCodeAt(i))) i++;
    }
    this.i = i;
    const n = s.slice(start, i);
    if (RESERVED.has(n)) throw BAIL;
    return n;
  }

  /** Checks and decodes entity references in a text or attribute value. */
  private decode(raw: string): string {
    let amp = raw.indexOf('&');
    if (amp < 0) return raw;
    let out = '';
    let last = 0;
    while (amp >= 0) {
      ENTITY_AT.lastIndex = amp;
      const m = ENTITY_AT.exec(raw);
      if (!m) throw BAIL;
      let ch: string;
      if (m[1] !== undefined) ch = NAMED[m[1]] as string;
      else {
        const code = m[2] !== undefined ? Number.parseInt(m[2], 10) : Number.parseInt(m[3] as string, 16);
        if (!(code > 0 && code <= 0x10ffff)) throw BAIL;
        ch = String.fromCodePoint(code);
      }
      out += raw.slice(last, amp) + ch;
      last = ENTITY_AT.lastIndex;
      amp = raw.indexOf('&', last);
    }
    return out + raw.slice(last);
  }

  /** The scope of an element that declares exactly one namespace (`xmlns` or `xmlns:p`). */
  private declared(parent: ReadonlyMap<string, string>, prefix: string, uri: string): ReadonlyMap<string, string> {
    const last = this.last;
    if (last && last.parent === parent && last.prefix === prefix && last.uri === uri) return last.scope;
    const scope = new Map(parent).set(prefix, uri);
    this.last = { parent, prefix, uri, scope };
    return scope;
  }

  /** An element starting at `<`; `this.i` after its end. */
  private element(parentScope: ReadonlyMap<string, string>): XmlElement {
    const s = this.s;
    this.i++;
    const qname = this.name();
    // Attribute names and raw values, alternating.
    let rawAttrs: string[] | undefined;
    let declarations = 0;
    let selfClosing = false;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 62) {
        this.i++;
        break;
      }
      if (c === 47) {
        if (s.charCodeAt(this.i + 1) !== 62) throw BAIL;
        this.i += 2;
        selfClosing = true;
        break;
      }
      if (!isSpace(c)) throw BAIL;
      this.skipSpace();
      const d = s.charCodeAt(this.i);
      if (d === 62 || d === 47) continue;
      const an = this.name();
      if (s.charCodeAt(this.i) !== 61) throw BAIL;
      const q = s.charCodeAt(this.i + 1);
      if (q !== 34 && q !== 39) throw BAIL;
      const end = s.indexOf(q === 34 ? '"' : "'", this.i + 2);
      if (end < 0) throw BAIL;
      const value = s.slice(this.i + 2, end);
      if (value.includes('<') || value.includes('>')) throw BAIL;
      // Namespace declarations are bound undecoded (as the shared reader does); their
      // entity references must still pass the guard.
      if (value.includes('&')) this.decode(value);
      this.i = end + 1;
      rawAttrs ??= [];
      for (let k = 0; k < rawAttrs.length; k += 2) if (rawAttrs[k] === an) throw BAIL;
      rawAttrs.push(an, value);
      if (isDeclaration(an)) declarations++;
    }

    let scope = parentScope;
    if (rawAttrs && declarations > 0) {
      if (declarations === 1) {
        for (let k = 0; k < rawAttrs.length; k += 2) {
          const a = rawAttrs[k] as string;
          if (isDeclaration(a)) scope = this.declared(parentScope, a === 'xmlns' ? '' : a.slice(6), rawAttrs[k + 1] as string);
        }
      } else {
        const own = new Map(parentScope);
        for (let k = 0; k < rawAttrs.length; k += 2) {
          const a = rawAttrs[k] as string;
          if (isDeclaration(a)) own.set(a === 'xmlns' ? '' : a.slice(6), rawAttrs[k + 1] as string);
        }
        scope = own;
      }
    }
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    // An undeclared prefix is the shared reader's error to report.
    if (prefix !== '' && !scope.has(prefix)) throw BAIL;
    const ns = scope.get(prefix) ?? '';
    let attributes = NO_ATTRIBUTES;
    if (rawAttrs && rawAttrs.length > 2 * declarations) {
      const list: XmlAttribute[] = [];
      for (let k = 0; k < rawAttrs.length; k += 2) {
        const a = rawAttrs[k] as string;
        if (isDeclaration(a)) continue;
        const ac = a.indexOf(':');
        const ap = ac < 0 ? '' : a.slice(0, ac);
        list.push({ name: ac < 0 ? a : a.slice(ac + 1), ns: ap === '' ? '' : (scope.get(ap) ?? ''), value: this.decode(rawAttrs[k + 1] as string) });
      }
      attributes = list;
    }
    let children: XmlElement[] | undefined;
    let text = '';
    if (!selfClosing) {
      for (;;) {
        const lt = s.indexOf('<', this.i);
        if (lt < 0) throw BAIL;
        if (lt > this.i) text += this.decode(s.slice(this.i, lt));
        this.i = lt;
        if (s.charCodeAt(lt + 1) === 47) {
          // The end tag must repeat the start tag's name exactly (a valid name, checked above).
          const after = lt + 2 + qname.length;
          if (!s.startsWith(qname, lt + 2) || s.charCodeAt(after) !== 62) throw BAIL;
          this.i = after + 1;
          break;
        }
        (children ??= []).push(this.element(scope));
      }
    }
    return { name: local, ns, attributes, children: children ?? NO_CHILDREN, text: children !== undefined && text.trim() === '' ? '' : text, scope };
  }
}

function isDeclaration(attributeName: string): boolean {
  return attributeName === 'xmlns' || attributeName.startsWith('xmlns:');
}
