import type { XmlAttribute, XmlElement } from '../../../xml/tree.js';

/** What AX namespaces must not start with (they are `http://schemas.microsoft.com/…`). */
const HTTPS_PREFIX = 'https://schemas.microsoft.com/';

/** An element or attribute in an `https://schemas.microsoft.com/…` namespace, and where. */
export interface HttpsNamespaceHit {
  readonly name: string;
  readonly ns: string;
  /** `/Envelope/…/name` of the element. */
  readonly path: string;
}

/**
 * {@link findHttpsNamespace} of the tree read from `text`, without walking the tree when
 * `text` does not contain the prefix at all. Both XML readers bind a namespace to its
 * declaration's value as written (undecoded), so every namespace URI in the tree, but the
 * built-in `xml` one, is a piece of the text.
 */
export function httpsNamespaceIn(text: string, root: XmlElement): HttpsNamespaceHit | undefined {
  return text.includes(HTTPS_PREFIX) ? findHttpsNamespace(root) : undefined;
}

/** The first element whose namespace is an `https://schemas.microsoft.com/…` one (with its path). */
export function findHttpsNamespace(root: XmlElement): HttpsNamespaceHit | undefined {
  const path: string[] = [];
  const hit = firstHttps(root, path);
  if (!hit) return undefined;
  const attr = isHttpsNs(hit.ns) ? undefined : hit.attributes.find((a) => isHttpsNs(a.ns));
  return { name: attr?.name ?? hit.name, ns: attr?.ns ?? hit.ns, path: `/${path.join('/')}` };
}

function isHttpsNs(ns: string): boolean {
  return ns.startsWith(HTTPS_PREFIX);
}

/** Depth-first, the first element with such a namespace or attribute; `path` ends with its name. */
function firstHttps(e: XmlElement, path: string[]): XmlElement | undefined {
  path.push(e.name);
  if (isHttpsNs(e.ns)) return e;
  // Indexed loops: for…of allocated an iterator per element here.
  const attributes = e.attributes;
  for (let i = 0; i < attributes.length; i++) if (isHttpsNs((attributes[i] as XmlAttribute).ns)) return e;
  const children = e.children;
  for (let i = 0; i < children.length; i++) {
    const hit = firstHttps(children[i] as XmlElement, path);
    if (hit) return hit;
  }
  path.pop();
  return undefined;
}
