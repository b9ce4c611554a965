import { describe, expect, it } from 'vitest';
import { buildXml, el, leaf } from '../../src/xml/build.js';
import { checkXml } from '../../src/xml/guard.js';
import { XmlParseError, childElement, isNil, parseXml, xsiType } from '../../src/xml/tree.js';

describe('checkXml', () => {
  it('refuses a DOCTYPE with entity declarations (billion laughs) before parsing', () => {
    const evil = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>';
    expect(checkXml(evil)).toMatchObject({ reason: 'forbidden', message: expect.stringContaining('DOCTYPE') });
  });
  it('refuses external entity declarations without a DOCTYPE keyword match', () => {
    expect(checkXml('<a><!ENTITY x SYSTEM "file:///etc/passwd"></a>')).toMatchObject({ reason: 'forbidden' });
  });
  it('refuses undefined entity references', () => {
    expect(checkXml('<a>&copy;</a>')).toMatchObject({ reason: 'malformed', message: expect.stringContaining('undefined entity') });
  });
  it('reports the position of malformed XML', () => {
    expect(checkXml('<a><b></a>')).toMatchObject({ reason: 'malformed', line: 1 });
  });
  it('accepts predefined and character references', () => {
    expect(checkXml('<a x="&quot;">&amp;&lt;&#65;&#x42;</a>')).toBeUndefined();
  });
});

describe('parseXml', () => {
  it('resolves namespaces, xsi:type and xsi:nil', () => {
    const doc = parseXml('<s:Envelope xmlns:s="urn:s" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:k="KashFlow"><s:Body><k:Line i:type="k:InvoiceLine">x &amp; y</k:Line><Empty i:nil="true"/></s:Body></s:Envelope>');
    expect(doc).toMatchObject({ name: 'Envelope', ns: 'urn:s' });
    const body = childElement(doc, 'Body', 'urn:s');
    expect(body).toBeDefined();
    const line = childElement(body!, 'Line', 'KashFlow');
    expect(line?.text).toBe('x & y');
    expect(xsiType(line!)).toEqual({ name: 'InvoiceLine', ns: 'KashFlow' });
    expect(isNil(childElement(body!, 'Empty')!)).toBe(true);
  });
  it('throws XmlParseError for an undeclared prefix', () => {
    expect(() => parseXml('<p:a/>')).toThrow(XmlParseError);
  });
});

describe('buildXml', () => {
  it('escapes every text and attribute value', () => {
    const xml = buildXml(el('a', { k: '"<&>' }, [leaf('b', `x<y & "z" </b><c>`), leaf('skip', undefined)]));
    expect(xml).toBe('<a k="&quot;&lt;&amp;&gt;"><b>x&lt;y &amp; &quot;z&quot; &lt;/b&gt;&lt;c&gt;</b></a>');
    expect(parseXml(xml).children[0]?.text).toBe(`x<y & "z" </b><c>`);
  });
});

describe('entity decoding', () => {
  it('decodes predefined and character references exactly once', () => {
    const doc = parseXml('<a t="&#38;amp;&lt;">&amp;#65; &#65;&#x42;&#x1F600; &lt;b&gt; &quot;&apos;</a>');
    expect(doc.text).toBe("&#65; AB😀 <b> \"'");
    expect(doc.attributes[0]?.value).toBe('&amp;<');
  });
  it('keeps CDATA text literally', () => {
    expect(parseXml('<a><![CDATA[&amp; <x>]]></a>').text).toBe('&amp; <x>');
  });
});

describe('buildXml round trip', () => {
  it('parses back every printable string exactly, in text and attributes', async () => {
    const fc = await import('fast-check');
    fc.assert(
      // eslint-disable-next-line no-control-regex -- strips the characters XML cannot carry
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '') + '\t\r\n x'), (s) => {
        const doc = parseXml(buildXml(el('a', { v: s }, [leaf('b', s)])));
        return doc.attributes[0]?.value === s && doc.children[0]?.text === s;
      }),
      { numRuns: 500 },
    );
  });
  it('refuses control characters and invalid names with a clear error', () => {
    expect(() => buildXml(leaf('Note', 'bell\u0007') as never)).toThrow(/Note: contains a control character/);
    expect(() => buildXml(el('bad name'))).toThrow(/not a valid XML name/);
  });
  it('escapes text and attributes as the escaping rules say, and refuses what XML cannot carry, whatever the value (values with nothing to escape pass through)', async () => {
    const fc = await import('fast-check');
    const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    const invalid = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
    const expected = (v: string, attribute: boolean): string | undefined => (invalid.test(v) ? undefined : v.replace(attribute ? /[&<>"'\t\n\r]/g : /[&<>"'\r]/g, (c) => ESC[c] as string));
    const written = (f: () => string): string | undefined => {
      try {
        return f();
      } catch {
        return undefined;
      }
    };
    const chars = fc.constantFrom('a', 'Z', '1', ' ', 'é', '😀', '&', '<', '>', '"', "'", '\t', '\n', '\r', '\u0000', '\u0007', '\u000B', '\u001F', '\uFFFE', '\uFFFF', '\uFFFD');
    fc.assert(
      fc.property(fc.array(chars, { minLength: 1, maxLength: 12 }).map((a) => a.join('')), (v) => {
        const text = expected(v, false);
        expect(written(() => buildXml(leaf('b', v) as never))).toBe(text === undefined ? undefined : `<b>${text}</b>`);
        const attr = expected(v, true);
        expect(written(() => buildXml(el('b', { k: v })))).toBe(attr === undefined ? undefined : `<b k="${attr}"/>`);
      }),
      { numRuns: 2000, seed: 9 },
    );
  });
  it('writes an empty string as an empty element', () => {
    expect(buildXml(el('a', undefined, [leaf('b', '')]))).toBe('<a><b/></a>');
  });
});
