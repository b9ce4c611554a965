import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildXml, XmlBuildError, type XmlNode } from '../../src/xml/build.js';

// The serializer as it was before it appended to one string with cached tags: each element's text
// built by itself and concatenated into its parent's. The current one must write the same bytes
// and throw the same first error.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?$/;

function referenceEscape(value: string, where: string, attribute: boolean): string {
  if (INVALID.test(value)) throw new XmlBuildError(`${where}: contains a control character that XML cannot carry`);
  return value.replace(attribute ? /[&<>"'\t\n\r]/g : /[&<>"'\r]/g, (c) => ESCAPES[c] as string);
}

function referenceName(name: string): void {
  if (!NAME.test(name)) throw new XmlBuildError(`"${name}" is not a valid XML name`);
}

function reference(node: XmlNode): string {
  referenceName(node.name);
  let out = `<${node.name}`;
  for (const key in node.attrs ?? {}) {
    const v = node.attrs?.[key];
    if (v === undefined) continue;
    referenceName(key);
    out += ` ${key}="${referenceEscape(v, `${node.name}/@${key}`, true)}"`;
  }
  if (typeof node.children === 'string') return node.children === '' ? `${out}/>` : `${out}>${referenceEscape(node.children, node.name, false)}</${node.name}>`;
  let inner = '';
  for (const c of node.children ?? []) if (c) inner += reference(c);
  return inner === '' ? `${out}/>` : `${out}>${inner}</${node.name}>`;
}

function outcome(write: () => string): string {
  try {
    return write();
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
}

const name = fc.oneof(fc.constantFrom('a', 'Value', 's:Envelope', 'x.y-z', '_n', 'CustInvoiceLine'), fc.constantFrom('1bad', 'bad name', 'a:b:c', ''));
const text = fc.oneof(fc.constantFrom('', 'GBP', '49.97', 'Mug & "Saucer" <b>', "it's", 'tab\there', 'line\nfeed', 'cr\rhere', 'bell\u0007', '\uFFFE'), fc.string({ maxLength: 6 }));
const attrs = fc.option(fc.dictionary(fc.oneof(name, fc.constantFrom('xmlns', 'class', 'xmlns:s')), fc.option(text, { nil: undefined }), { maxKeys: 3 }), { nil: undefined });
const tree = fc.letrec<{ node: XmlNode }>((tie) => ({
  node: fc.record(
    {
      name,
      attrs,
      children: fc.oneof({ depthSize: 'small' }, text, fc.array(fc.oneof(tie('node'), fc.constantFrom(null, undefined, false)), { maxLength: 4 }), fc.constant(undefined)),
    },
    { requiredKeys: ['name'] },
  ),
})).node;

describe('buildXml against the reference serializer', () => {
  it('writes the same text and throws the same first error for generated trees', () => {
    fc.assert(
      fc.property(tree, fc.boolean(), (node, declaration) => {
        const expected = outcome(() => (declaration ? `<?xml version="1.0" encoding="utf-8"?>${reference(node)}` : reference(node)));
        expect(outcome(() => buildXml(node, { declaration }))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes empty elements, attributes left undefined and falsy children as before', () => {
    const node: XmlNode = { name: 'a', attrs: { k: undefined, j: 'v' }, children: [null, { name: 'b', attrs: { k: undefined }, children: [false, undefined] }, { name: 'c', children: '' }, { name: 'd', attrs: { x: '1' }, children: 'é & <' }] };
    expect(buildXml(node)).toBe(reference(node));
    expect(buildXml(node)).toBe('<a j="v"><b/><c/><d x="1">é &amp; &lt;</d></a>');
  });
});
