import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, fixed, roundTo } from '../../../src/canonical/money.js';
import { HUNDRED, toMST } from '../../../src/sandbox/ax/domain/currency.js';
import { lineTax } from '../../../src/sandbox/ax/domain/tax.js';
import { decimalText } from '../../../src/sandbox/ax/schema/parse.js';
import { cents } from '../../../src/sandbox/ax/services/free-text-invoice.js';
import { findHttpsNamespace, httpsNamespaceIn } from '../../../src/sandbox/ax/http/https-namespace.js';
import { readXml } from '../../../src/xml/plain.js';
import { parseXml, type XmlElement } from '../../../src/xml/tree.js';

// The fast paths of the AX sandbox give what the general code gives.

describe('decimalText', () => {
  const digits = fc.stringMatching(/^\d{0,45}$/);
  const xsDecimal = fc.oneof(
    fc.tuple(fc.constantFrom('', '+', '-'), digits, fc.boolean(), digits).filter(([, i, dot, f]) => i !== '' || (dot && f !== '')).map(([s, i, dot, f]) => `${s}${i}${dot ? `.${f}` : ''}`),
    fc.constantFrom('0', '-0', '+0', '0.0', '-0.0', '0.', '.5', '-.5', '00', '007.50', '1.', '-0.000001', '0.000001', '28.3333', '4.125', '100', '-100.10', `1${'0'.repeat(60)}`, `0.${'0'.repeat(50)}1`),
  );

  it('is what Decimal.toFixed() writes, for every xs:decimal text', () => {
    fc.assert(
      fc.property(xsDecimal, (t) => {
        expect(decimalText(t)).toBe(new Dec(t).toFixed());
      }),
      { numRuns: 2000 },
    );
  });
});

const amount = fc.oneof(
  fc.tuple(fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }), fc.integer({ min: 0, max: 8 })).map(([n, dp]) => new Dec(n.toString()).div(new Dec(10).pow(dp))),
  fc.constantFrom('0', '-0', '0.004', '-0.004', '-0.005', '0.005', '-0.0049', '12.345', '-12.345', `0.00${'4'.repeat(50)}`, `1${'2'.repeat(45)}.555`).map((t) => new Dec(t)),
);

describe('toMST at the identity rate', () => {
  it('equals × 100 ÷ 100 with a rate of 100 that is not the shared constant', () => {
    fc.assert(
      fc.property(amount, (a) => {
        expect(toMST(a, HUNDRED).toString()).toBe(toMST(a, new Dec(100)).toString());
      }),
    );
  });
});

describe('cents', () => {
  it('is fixed(roundTo(value, 2), 2), negative amounts that round to zero included', () => {
    fc.assert(
      fc.property(amount, (a) => {
        expect(cents(a)).toBe(fixed(roundTo(a, 2), 2));
      }),
    );
    expect(cents(new Dec('-0.004'))).toBe('0.00');
  });
});

describe('lineTax', () => {
  it('sums round2(amount × rate / 100) per code', () => {
    fc.assert(
      fc.property(amount, fc.array(fc.constantFrom('20', '5', '0', '17.5', '12.345'), { maxLength: 3 }), (a, rates) => {
        const expected = rates.reduce((t, r) => t.plus(roundTo(a.times(r).div(100), 2)), new Dec(0));
        expect(lineTax(a, rates.map((rate, i) => ({ code: `T${i}`, name: '', rate }) as Parameters<typeof lineTax>[1][number])).toString()).toBe(expected.toString());
      }),
    );
  });
});


describe('httpsNamespaceIn', () => {
  // Namespace URIs as a request may write them: entity references in a declaration are not decoded.
  const uri = fc.constantFrom(
    'http://schemas.microsoft.com/dynamics/2008/01/services',
    'https://schemas.microsoft.com/dynamics/2008/01/services',
    'https://schemas.microsoft.com/',
    'https&#58;//schemas.microsoft.com/x',
    'https:&#x2F;&#x2F;schemas.microsoft.com/x',
    'HTTPS://schemas.microsoft.com/x',
    'https://schemas.microsoft.co',
    'urn:x',
    '',
  );
  const element: fc.Memo<string> = fc.memo((depth) =>
    fc
      .tuple(
        fc.constantFrom('a', 'p:b', 'q:c'),
        fc.option(uri, { nil: undefined }),
        fc.option(uri, { nil: undefined }),
        fc.option(uri, { nil: undefined }),
        fc.constantFrom('', ' p:at="1"', ' q:at="&amp;"', ' at="https://schemas.microsoft.com/"'),
        depth <= 1 ? fc.constant([]) : fc.array(element(depth - 1), { maxLength: 3 }),
      )
      .map(([name, dflt, p, q, attr, children]) => {
        const decls = `${dflt === undefined ? '' : ` xmlns="${dflt}"`}${p === undefined ? '' : ` xmlns:p="${p}"`}${q === undefined ? '' : ` xmlns:q="${q}"`}`;
        return `<${name}${decls}${attr}>${children.join('')}</${name}>`;
      }),
  );
  /** The tree of each reader, or nothing when that reader refuses the text. */
  const trees = (text: string): XmlElement[] =>
    [() => readXml(text), () => parseXml(text)].flatMap((read) => {
      try {
        return [read()];
      } catch {
        return [];
      }
    });

  it('finds what the walk of the tree finds, for either XML reader', () => {
    let hits = 0;
    fc.assert(
      fc.property(element(4), (text) => {
        for (const tree of trees(text)) {
          const walked = findHttpsNamespace(tree);
          if (walked) hits++;
          expect(httpsNamespaceIn(text, tree)).toEqual(walked);
        }
      }),
      { numRuns: 500 },
    );
    expect(hits).toBeGreaterThan(0);
  });
});
