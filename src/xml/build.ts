import { XMLBuilder } from 'fast-xml-parser';

/**
 * A node to serialise. Values are always escaped by the builder; user data is never
 * concatenated into markup.
 */
export interface XmlNode {
  /** Qualified name as it should appear (`s:Envelope`, `Customer`). */
  readonly name: string;
  /** Attributes (including `xmlns` declarations), in order. Undefined values are skipped. */
  readonly attrs?: Readonly<Record<string, string | undefined>>;
  /** Child nodes, or a text value. Undefined/null children are skipped. */
  readonly children?: readonly (XmlNode | null | undefined | false)[] | string;
}

/** Builds a node; `children` may be text or a list of nodes. */
export function el(name: string, attrs?: XmlNode['attrs'], children?: XmlNode['children']): XmlNode {
  return { name, ...(attrs ? { attrs } : {}), ...(children === undefined ? {} : { children }) };
}

/** A leaf element with text, or nothing when the value is null/undefined. */
export function leaf(name: string, value: string | number | boolean | null | undefined, attrs?: XmlNode['attrs']): XmlNode | undefined {
  if (value === null || value === undefined) return undefined;
  return { name, ...(attrs ? { attrs } : {}), children: String(value) };
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  processEntities: true,
  format: false,
});

type Ordered = Record<string, unknown>;

function toOrdered(node: XmlNode): Ordered {
  const out: Ordered = {};
  if (typeof node.children === 'string') {
    out[node.name] = [{ '#text': node.children }];
  } else {
    const kids: Ordered[] = [];
    for (const c of node.children ?? []) if (c) kids.push(toOrdered(c));
    out[node.name] = kids;
  }
  if (node.attrs) {
    const a: Record<string, string> = {};
    let any = false;
    for (const [k, v] of Object.entries(node.attrs)) {
      if (v === undefined) continue;
      a[`@_${k}`] = v;
      any = true;
    }
    if (any) out[':@'] = a;
  }
  return out;
}

/** Serialises a node tree to XML text, with an XML declaration when asked. */
export function buildXml(root: XmlNode, options: { declaration?: boolean } = {}): string {
  const body = builder.build([toOrdered(root)]) as string;
  return options.declaration ? `<?xml version="1.0" encoding="utf-8"?>${body}` : body;
}
