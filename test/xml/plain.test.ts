import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readPlainXml, readXml } from '../../src/xml/plain.js';
import { parseXml, XmlParseError } from '../../src/xml/tree.js';

/** Deterministic PRNG so a failure is reproducible. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const AIF_REQUEST = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><CallContext xmlns="http://schemas.microsoft.com/dynamics/2010/01/datacontracts"><Company>ceu</Company><Language>en-us</Language><LogonAsUser>CONTOSO\\kfax</LogonAsUser><MessageId>urn:uuid:0b7c2e52-2f7e-4b1e-9f0a-0d1c6a1e2b3c</MessageId></CallContext></s:Header><s:Body><FreeTextInvoiceServiceCreateRequest xmlns="http://schemas.microsoft.com/dynamics/2008/01/services"><FreeTextInvoice xmlns="http://schemas.microsoft.com/dynamics/2008/01/documents/FreeTextInvoice"><CustInvoiceTable class="entity" action="create"><CurrencyCode>GBP</CurrencyCode><InvoiceAccount>C-00012</InvoiceAccount><InvoiceDate>2026-11-26</InvoiceDate><CustInvoiceLine class="entity"><AmountCur>12.50</AmountCur><Description>Tea &amp; cakes &lt;x&gt; &#233;&#x20AC;</Description><LedgerDimension><Account xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/></LedgerDimension></CustInvoiceLine></CustInvoiceTable></FreeTextInvoice></FreeTextInvoiceServiceCreateRequest></s:Body></s:Envelope>`;
const KASHFLOW_SOAP = `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <soap:Body>
    <InsertInvoice xmlns="KashFlow">
      <UserName>sandbox</UserName>
      <Password>p&apos;w</Password>
      <Inv><Customer>ALDE01</Customer><Lines><anyType xmlns:kf="KashFlow" xsi:type="kf:InvoiceLine"><Quantity>2</Quantity><Rate>10</Rate></anyType></Lines></Inv>
    </InsertInvoice>
  </soap:Body>
</soap:Envelope>
`;

const AIF_ANSWER = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><FreeTextInvoiceServiceCreateResponse xmlns="http://schemas.microsoft.com/dynamics/2008/01/services"><EntityKeyList xmlns="http://schemas.microsoft.com/dynamics/2006/02/documents/EntityKeyList"><EntityKey xmlns="http://schemas.microsoft.com/dynamics/2006/02/documents/EntityKey"><KeyData><KeyField><Field>RecId</Field><Value>5637144576</Value></KeyField></KeyData></EntityKey></EntityKeyList></FreeTextInvoiceServiceCreateResponse></s:Body></s:Envelope>`;
const AIF_FAULT = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/dynamics/2008/01/documents/Fault">a:XppException</faultcode><faultstring xml:lang="en-US">Request Failed. See the Exception Log for details.</faultstring><detail><AifFault xmlns="http://schemas.microsoft.com/dynamics/2008/01/documents/Fault" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><InfologMessageList><InfologMessage><InfologMessageType>Error</InfologMessageType><Message>Customer &apos;C-9&apos; does not exist &amp; cannot be used.</Message></InfologMessage></InfologMessageList></AifFault></detail></s:Fault></s:Body></s:Envelope>`;

/** Random small documents around the edges of the fast reader's subset. */
function generated(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const names = ['a', 'b:c', 'p:x', 'Item', 'x-y.z', '_q', 'xml:lang', 'toString', 'q:', '1a', 'ä'];
  const spaces = ['', ' ', '  ', '\n', '\t', '\r\n'];
  const texts = ['', ' ', 'text', ' a > b ', 'x &amp; y', '&lt;&#65;&#x42;', '&#0;', '&nope;', '& ', ']]>', '\u00a0', 'é€', '\n  '];
  const element = (depth: number): string => {
    const name = pick(names);
    let attrs = '';
    const n = Math.floor(r() * 3);
    for (let i = 0; i < n; i++) {
      const an = pick(['x', 'xmlns', 'xmlns:p', 'xmlns:b', 'p:y', 'q:z', 'xml:lang', 'x', 'i:nil']);
      const q = pick(['"', "'"]);
      attrs += `${pick([' ', ' ', '\n', ''])}${an}${pick(['=', '=', ' = '])}${q}${pick(['1', 'urn:u', '', 'a&amp;b', 'a>b', '&#x41;', 'a"b', "a'b", '&bad;'])}${q}`;
    }
    if (depth > 2 || r() < 0.25) return `<${name}${attrs}${pick(spaces)}/>`;
    let body = '';
    const k = Math.floor(r() * 4);
    for (let i = 0; i < k; i++) body += r() < 0.5 ? pick(texts) : element(depth + 1);
    return `<${name}${attrs}${pick(['', '', ' '])}>${body}</${r() < 0.95 ? name : pick(names)}${pick(['', '', ' '])}>`;
  };
  const decl = pick(['', '', '<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-8"?>', ' <?xml version="1.0"?>', '<?xml version="1.1"?>', '<?pi x?>']);
  return `${decl}${pick(spaces)}${element(0)}${pick(['', '', ' ', '\n', 'x', '<a/>'])}`;
}

function mutated(r: () => number, base: string): string {
  const pieces = ['<', '>', '/', '"', "'", '=', ' ', '\t', '\n', '\r', '&', ';', '&amp;', '&#65;', '&foo;', ':', 'a', 'x:', 'xmlns', ' b="1"', '<a>', '</a>', '<a/>', '<![CDATA[x]]>', '<!-- c -->', '<?pi x?>', '<!DOCTYPE x>', ']]>', '__proto__'];
  let t = base;
  const k = 1 + Math.floor(r() * 3);
  for (let j = 0; j < k; j++) {
    const p = Math.floor(r() * (t.length + 1));
    const x = r();
    const piece = pieces[Math.floor(r() * pieces.length)] as string;
    if (x < 0.4) t = t.slice(0, p) + piece + t.slice(p);
    else if (x < 0.7) t = t.slice(0, p) + t.slice(p + 1);
    else t = t.slice(0, p) + piece + t.slice(p + 1);
  }
  return t;
}

/** What the shared reader makes of a text: its tree, or its refusal. */
function reference(text: string): { tree?: unknown; error?: string } {
  try {
    return { tree: parseXml(text) };
  } catch (err) {
    if (err instanceof XmlParseError) return { error: err.message };
    throw err;
  }
}

describe('plain XML reader (AIF answers, sandbox requests)', () => {
  it('reads plain SOAP requests and AIF answers itself, with the shared reader’s tree', () => {
    for (const doc of [AIF_REQUEST, KASHFLOW_SOAP, AIF_ANSWER, AIF_FAULT]) {
      const fast = readPlainXml(doc);
      expect(fast).toBeDefined();
      expect(fast).toStrictEqual(parseXml(doc));
    }
  });

  it('leaves DOCTYPE, entity declarations, comments, CDATA, PIs and malformed XML to the shared reader (same errors)', () => {
    const cases = [
      `<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x "boom">]>${AIF_REQUEST.replace(/^<\?xml[^>]*>/, '')}`,
      AIF_REQUEST.replace('<Company>', '<!-- c --><Company>'),
      AIF_REQUEST.replace('ceu', '<![CDATA[ceu]]>'),
      AIF_REQUEST.replace('<s:Body>', '<?pi x?><s:Body>'),
      AIF_REQUEST.replace('</s:Body>', '</s:Bod>'),
      AIF_REQUEST.replace('&amp;', '&ampx;'),
      AIF_REQUEST.replace('<s:Header>', '<t:Header>'),
      AIF_REQUEST.slice(0, -5),
      `${AIF_REQUEST}<extra/>`,
      '',
      'not xml at all',
    ];
    for (const doc of cases) {
      expect(readPlainXml(doc)).toBeUndefined();
      const ref = reference(doc);
      let got: { tree?: unknown; error?: string };
      try {
        got = { tree: readXml(doc) };
      } catch (err) {
        got = { error: (err as Error).message };
      }
      expect(got).toStrictEqual(ref);
    }
  });

  it('never accepts what the shared reader refuses, and builds the same tree (generated and mutated documents)', () => {
    const r = rng(20261126);
    let fast = 0;
    for (let n = 0; n < 30000; n++) {
      const doc = n % 2 === 0 ? generated(r) : mutated(r, [AIF_REQUEST, AIF_ANSWER, KASHFLOW_SOAP, AIF_FAULT][(n >> 1) % 4] as string);
      const tree = readPlainXml(doc);
      if (tree === undefined) continue;
      fast++;
      const ref = reference(doc);
      if (ref.error !== undefined || !isDeepStrictEqual(ref.tree, tree)) {
        expect({ doc, tree }).toStrictEqual({ doc, tree: ref.tree ?? ref.error });
      }
    }
    expect(fast).toBeGreaterThan(3000);
  });

  it('siblings that declare the same namespace get equal scopes; a different or nested declaration its own', () => {
    const doc = '<r xmlns="urn:r" xmlns:p="urn:p"><a><V xmlns="urn:s"><N>1</N></V><V xmlns="urn:s"><N p:x="2"/></V><V xmlns="urn:t"/><V xmlns="urn:s" xmlns:p="urn:q"><N p:x="3"/></V><V xmlns:p="urn:s"><p:N/></V><V xmlns="urn:s"><W xmlns="urn:s"/></V></a><b><V xmlns="urn:s"/></b></r>';
    const fast = readPlainXml(doc);
    expect(fast).toBeDefined();
    expect(fast).toStrictEqual(parseXml(doc));
    const vs = fast?.children[0]?.children ?? [];
    expect(vs.map((v) => v.ns)).toEqual(['urn:s', 'urn:s', 'urn:t', 'urn:s', 'urn:r', 'urn:s']);
    expect(vs[1]?.children[0]?.attributes).toEqual([{ name: 'x', ns: 'urn:p', value: '2' }]);
    expect(vs[3]?.children[0]?.attributes).toEqual([{ name: 'x', ns: 'urn:q', value: '3' }]);
    expect(vs[4]?.children[0]?.ns).toBe('urn:s');
  });
});
