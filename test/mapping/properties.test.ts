import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, roundTo, sum } from '../../src/canonical/money.js';
import type { FreeTextInvoiceDocument, LedgerJournalDocument } from '../../src/connectors/ax/documents/types.js';
import { kashflowLineAmounts } from '../../src/connectors/kashflow/wire/index.js';
import type { CompiledMapping } from '../../src/mapping/compile/compile.js';
import { mapKashflowJson, mappedDocumentXml } from '../../src/mapping/engine.js';
import { allocateLargestRemainder } from '../../src/mapping/transforms/allocate.js';
import { childElement, childElements, parseXml, type XmlElement } from '../../src/xml/tree.js';
import { exampleMappingWith, looseRounding, seedReference, withThreeWaySplit } from './helpers.js';

const reference = seedReference();
function withAggregate(y: string): string {
  return y.replace('    enabled: false', '    enabled: true').replace('    vatSafe: true', '    vatSafe: false');
}
const VARIANTS: Record<string, CompiledMapping> = {
  plain: exampleMappingWith(looseRounding),
  aggregated: exampleMappingWith((y) => withAggregate(looseRounding(y))),
  split: exampleMappingWith((y) => withThreeWaySplit(looseRounding(y))),
  'split+aggregated': exampleMappingWith((y) => withAggregate(withThreeWaySplit(looseRounding(y)))),
  'ax-rates': exampleMappingWith((y) => looseRounding(y).replace('rateSource: document', 'rateSource: ax')),
};


/** A random KashFlow invoice (wire JSON) built the way KashFlow computes its amounts. */
const invoiceArb = fc
  .record({
    customer: fc.constantFrom('SALT01', 'UPTO01', 'BEAC01', 'CALD01', 'NEWC01'),
    foreign: fc.boolean(),
    rate: fc.integer({ min: 5000, max: 25000 }),
    vatNudge: fc.constantFrom(0, 0, 0, 1, -1),
    withHome: fc.boolean(),
    purchase: fc.boolean(),
    lines: fc.array(
      fc.record({
        qty: fc.oneof(fc.integer({ min: 1, max: 40 }).map(String), fc.integer({ min: 1, max: 999 }).map((n) => (n / 100).toFixed(2))),
        rate: fc.integer({ min: 1, max: 5_000_000 }).map((n) => (n / 10000).toFixed(4)),
        vat: fc.constantFrom('20', '20', '5', '0', 'exempt'),
        nominal: fc.constantFrom(4000, 4010, 4020, 4050, 4900, 4905),
        expense: fc.constantFrom(5000, 6200, 7500, 7600, 8200),
        project: fc.constantFrom(0, 0, 0, 1, 2, 3),
        negative: fc.constantFrom(false, false, false, false, true),
      }),
      { minLength: 1, maxLength: 20 },
    ),
  })
  .map((g) => {
    const eu = g.customer === 'CALD01';
    const currency = g.foreign || eu ? 'EUR' : 'GBP';
    const kfRate = currency === 'GBP' ? new Dec(1) : new Dec(g.rate).div(10000);
    const lines = g.lines.map((l, i) => {
      const exempt = l.vat === 'exempt';
      const vatLevel = eu || exempt ? new Dec(0) : new Dec(l.vat);
      const rate = l.negative ? new Dec(l.rate).neg() : new Dec(l.rate);
      const amounts = kashflowLineAmounts(new Dec(l.qty), rate, vatLevel, exempt);
      return { wire: { Number: i + 1, Description: `line ${i + 1}`, Quantity: l.qty, Rate: rate.toFixed(4), NominalCode: g.purchase ? l.expense : l.nominal, VATLevel: vatLevel.toFixed(4), VATAmount: amounts.vat.toFixed(4), VATExempt: exempt ? 1 : 0, ProjectNumber: l.project }, ...amounts };
    });
    const net = sum(lines.map((l) => l.net));
    const vat = sum(lines.map((l) => l.vat)).plus(new Dec(g.vatNudge).div(100));
    const gross = net.plus(vat);
    const party = g.purchase ? { SupplierCode: g.customer, SupplierReference: 'INV-1' } : { CustomerCode: g.customer, InvoiceInECMemberState: eu };
    const json: Record<string, unknown> = {
      Number: 4242,
      ...party,
      IssuedDate: '2026-11-20 12:00:00',
      DueDate: '2026-12-20 12:00:00',
      Status: 'Unpaid',
      NetAmount: net.toFixed(4),
      VATAmount: vat.toFixed(4),
      GrossAmount: gross.toFixed(4),
      Currency: { Code: currency, ExchangeRate: kfRate.toFixed(4) },
      LineItems: lines.map((l) => l.wire),
    };
    if (g.withHome) {
      json.HomeCurrencyGrossAmount = roundTo(gross.div(kfRate), 2).toFixed(4);
      json.HomeCurrencyVATAmount = roundTo(vat.div(kfRate), 2).toFixed(4);
    }
    return { json, net, vat, gross, kfRate, homeGross: roundTo(gross.div(kfRate), 2), homeVat: roundTo(vat.div(kfRate), 2), purchase: g.purchase };
  });

function xmlAmounts(xml: string, record: string, field: string): Dec {
  const root = parseXml(xml);
  const table = root.children[0] as XmlElement;
  return sum(childElements(table, record).map((r) => new Dec(childElement(r, field)?.text ?? '0')));
}

describe('property: AX amounts equal KashFlow gross and VAT exactly', () => {
  for (const [name, cm] of Object.entries(VARIANTS)) {
    it(`${name}: net, VAT, gross and home-currency totals agree to the penny`, async () => {
      await fc.assert(
        fc.asyncProperty(invoiceArb, async (inv) => {
          const [r] = await mapKashflowJson(cm, inv.json, { reference });
          if (!r?.totals) throw new Error('no totals');
          const t = r.totals;
          const normal = t.lines.filter((l) => !l.rounding);
          // what KashFlow booked, carried line by line
          expect(sum(normal.map((l) => l.amount)).eq(inv.net)).toBe(true);
          expect(sum(t.lines.map((l) => l.vat)).eq(inv.vat)).toBe(true);
          // what AX will post: line amounts (incl. any rounding line) plus the VAT it computes = gross
          expect(sum(t.lines.map((l) => l.amount.plus(l.axVat))).eq(inv.gross)).toBe(true);
          // home currency agrees with KashFlow's home totals
          expect(sum(t.lines.map((l) => l.homeAmount.plus(l.homeVat))).eq(inv.homeGross)).toBe(true);
          expect(sum(t.lines.map((l) => l.homeVat)).eq(inv.homeVat)).toBe(true);
          // and the XML carries exactly these amounts
          const doc = r.documents[0];
          if (!doc) throw new Error('no document');
          const xml = mappedDocumentXml(doc);
          if (inv.purchase) {
            const j = doc.document as LedgerJournalDocument;
            const ledger = j.lines.filter((l) => l.accountType === 'Ledger');
            const debit = sum(ledger.map((l) => l.amountCurDebit ?? new Dec(0))).minus(sum(ledger.map((l) => l.amountCurCredit ?? new Dec(0))));
            const vend = j.lines.find((l) => l.accountType === 'Vend');
            const vendAmount = (vend?.amountCurCredit ?? new Dec(0)).minus(vend?.amountCurDebit ?? new Dec(0));
            expect(vendAmount.eq(inv.gross)).toBe(true);
            expect(debit.plus(t.axVat).eq(vendAmount)).toBe(true);
            expect(xmlAmounts(xml, 'LedgerJournalTrans', 'AmountCurDebit').minus(xmlAmounts(xml, 'LedgerJournalTrans', 'AmountCurCredit')).plus(t.axVat).isZero()).toBe(true);
          } else {
            const lines = (doc.document as FreeTextInvoiceDocument).lines;
            expect(lines).toHaveLength(t.lines.length);
            const root = parseXml(xml);
            const amountCur = sum(childElements(childElement(root, 'CustInvoiceTable') as XmlElement, 'CustInvoiceLine').map((l) => new Dec(childElement(l, 'AmountCur')?.text ?? 'NaN')));
            expect(amountCur.plus(t.axVat).eq(inv.gross)).toBe(true);
          }
        }),
        { numRuns: 60, seed: 20261126 },
      );
    });
  }
});

describe('property: largest-remainder allocation', () => {
  it('parts add up exactly and each is within one unit of its exact share', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 12 }), (cents, weights) => {
        const total = new Dec(cents).div(100);
        const w = weights.map((x) => new Dec(x));
        const parts = allocateLargestRemainder(total, w, 2);
        expect(sum(parts).eq(total)).toBe(true);
        const ws = sum(w);
        parts.forEach((p, i) => {
          const exact = total.times(w[i] as Dec).div(ws);
          expect(p.minus(exact).abs().lt(new Dec('0.01'))).toBe(true);
          expect(p.decimalPlaces()).toBeLessThanOrEqual(2);
        });
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
