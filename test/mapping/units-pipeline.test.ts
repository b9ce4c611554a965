import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/canonical/money.js';
import type { TradeDocument } from '../../src/canonical/invoice.js';
import { parseKashflowInvoice, parseKashflowPurchase } from '../../src/connectors/kashflow/wire/index.js';
import type { CompiledMapping } from '../../src/mapping/compile/compile.js';
import type { MappingContext } from '../../src/mapping/entities/context.js';
import { LineDecisions } from '../../src/mapping/entities/line-memo.js';
import { mapTradeHeader } from '../../src/mapping/entities/trade-header.js';
import { mapTradeLinesInDecimals } from '../../src/mapping/entities/trade-lines-decimal.js';
import type { MappedTradeLines, TradeLinesInput } from '../../src/mapping/entities/trade-lines-shared.js';
import { mapTradeLinesInUnits } from '../../src/mapping/entities/trade-lines-units.js';
import { Explanation, type ExplainEntry } from '../../src/mapping/explain.js';
import type { SnapshotReferenceData } from '../../src/mapping/reference/snapshot.js';
import { exampleMappingWith, looseRounding, seedReference, withThreeWaySplit } from './helpers.js';

const reference = seedReference();
const VARIANTS: Record<string, CompiledMapping> = {
  example: exampleMappingWith((y) => y),
  loose: exampleMappingWith(looseRounding),
  split: exampleMappingWith((y) => withThreeWaySplit(looseRounding(y))),
  accept: exampleMappingWith((y) => looseRounding(y).replace('action: rounding-line', 'action: accept')),
  'half-even': exampleMappingWith((y) => looseRounding(y).replace('lineRounding: half-up', 'lineRounding: half-even').replace('default: { decimals: 2, mode: half-up }', 'default: { decimals: 2, mode: half-even }')),
};

/** Decimals as text, with the sign of a zero (the pipelines must agree even on that). */
function plain(x: unknown): unknown {
  if (x instanceof Dec) return `${x.toString()}${x.isZero() && x.isNeg() ? ' (-0)' : ''}`;
  if (Array.isArray(x)) return x.map(plain);
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
  return x;
}

function summary(r: MappedTradeLines, warnings: readonly string[]): unknown {
  const explain: ExplainEntry[] = [];
  r.explain(explain, (i) => `L[${i + 1}]`, (rel, i) => `${rel}${i % 2 === 0 ? '' : ' (odd)'}`);
  const lines = r.lines.map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.amount, account: l.account, taxGroup: l.taxGroup, taxItemGroup: l.taxItemGroup, defaultDimension: [...l.defaultDimension] }));
  return plain({ lines, totals: r.totals, grossWithAxVat: r.grossWithAxVat, explain, warnings });
}

type Outcome = { taken: boolean; value: unknown };

async function run(cm: CompiledMapping, doc: TradeDocument, ref: SnapshotReferenceData | undefined, pipeline: 'units' | 'decimals'): Promise<Outcome> {
  const ctx: MappingContext = { cm, ref, xref: undefined, explain: new Explanation(), warnings: [] };
  try {
    const pending = mapTradeHeader(ctx, doc, 'H');
    const h = pending instanceof Promise ? await pending : pending;
    const docFacts = doc.kind === 'purchase-invoice' ? { ...h.facts, supplierName: doc.partyName } : h.facts;
    const decisions = new LineDecisions({ ctx, doc, docFacts, tables: cm.dimensions.line.get(doc.kind) ?? [], inherit: cm.dimensions.inheritHeader ? h.dims : undefined, taxGroup: h.taxGroup, rates: new Map(), remember: true });
    const input: TradeLinesInput = { ctx, doc, headerDims: h.dims, taxGroup: h.taxGroup, decisions };
    const r = pipeline === 'units' ? mapTradeLinesInUnits(input) : await mapTradeLinesInDecimals(input);
    if (!r) return { taken: false, value: undefined };
    return { taken: true, value: summary(r, ctx.warnings) };
  } catch (err) {
    return { taken: true, value: { error: (err as Error).message, code: (err as { code?: string }).code } };
  }
}

/** A KashFlow invoice or purchase with awkward amounts: negative lines, zero lines, exempt lines, penny differences, other currencies. */
const documentArb = fc
  .record({
    customer: fc.constantFrom('SALT01', 'UPTO01', 'BEAC01', 'CALD01', 'NEWC01', 'ZZZZ99'),
    currency: fc.constantFrom('GBP', 'GBP', 'EUR', 'USD', 'JPY'),
    rate: fc.integer({ min: 5000, max: 25000 }),
    vatNudge: fc.constantFrom(0, 0, 0, 1, -1, 3),
    withHome: fc.boolean(),
    purchase: fc.boolean(),
    reference: fc.constantFrom('', 'SHOP-12', 'PO-9'),
    lines: fc.array(
      fc.record({
        qty: fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.integer({ min: 1, max: 999 }).map((n) => (n / 100).toFixed(2))),
        rate: fc.integer({ min: 0, max: 5_000_000 }).map((n) => (n / 10000).toFixed(4)),
        vat: fc.constantFrom('20', '20', '5', '0', 'exempt'),
        nominal: fc.constantFrom(4000, 4010, 4020, 4050, 4900, 4905),
        expense: fc.constantFrom(5000, 6200, 7500, 7600, 8200),
        project: fc.constantFrom(0, 0, 1, 2, 3),
        product: fc.constantFrom('', 'OAK-101', 'SVC-003', 'XYZ-1'),
        negative: fc.constantFrom(false, false, false, true),
        vatDelta: fc.constantFrom(0, 0, 0, 1, -1),
      }),
      { minLength: 1, maxLength: 12 },
    ),
  })
  .map((g) => {
    const lines = g.lines.map((l, i) => {
      const exempt = l.vat === 'exempt';
      const level = exempt ? new Dec(0) : new Dec(l.vat);
      const rate = l.negative ? new Dec(l.rate).neg() : new Dec(l.rate);
      const unrounded = new Dec(l.qty).times(rate);
      const net = unrounded.toDecimalPlaces(2);
      const vat = exempt ? new Dec(0) : unrounded.times(level).div(100).toDecimalPlaces(2).plus(new Dec(l.vatDelta).div(100));
      return { net, vat, wire: { Number: i + 1, Description: `line ${i + 1}`, Quantity: l.qty, Rate: rate.toFixed(4), NominalCode: g.purchase ? l.expense : l.nominal, VATLevel: level.toFixed(4), VATAmount: vat.toFixed(4), VATExempt: exempt ? 1 : 0, ProjectNumber: l.project, ProductCode: l.product } };
    });
    const net = lines.reduce((a, l) => a.plus(l.net), new Dec(0));
    const vat = lines.reduce((a, l) => a.plus(l.vat), new Dec(0)).plus(new Dec(g.vatNudge).div(100));
    const kfRate = g.currency === 'GBP' ? new Dec(1) : new Dec(g.rate).div(10000);
    const json: Record<string, unknown> = {
      Number: 77,
      ...(g.purchase ? { SupplierCode: g.customer, SupplierReference: g.reference || 'INV-1' } : { CustomerCode: g.customer, CustomerReference: g.reference }),
      IssuedDate: '2026-11-20 12:00:00',
      Status: 'Unpaid',
      NetAmount: net.toFixed(4),
      VATAmount: vat.toFixed(4),
      GrossAmount: net.plus(vat).toFixed(4),
      Currency: { Code: g.currency, ExchangeRate: kfRate.toFixed(4) },
      LineItems: lines.map((l) => l.wire),
    };
    if (g.withHome) {
      json.HomeCurrencyGrossAmount = net.plus(vat).div(kfRate).toDecimalPlaces(2).toFixed(4);
      json.HomeCurrencyVATAmount = vat.div(kfRate).toDecimalPlaces(2).toFixed(4);
    }
    return { json, purchase: g.purchase };
  });

describe('the integer line pipeline gives exactly what the decimal pipeline gives', () => {
  for (const [name, cm] of Object.entries(VARIANTS)) {
    it(`${name}: lines, totals (even the sign of zeros), explanations, warnings and errors agree`, async () => {
      let taken = 0;
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(documentArb, fc.boolean(), async (d, withReference) => {
          const doc = d.purchase ? parseKashflowPurchase(d.json) : parseKashflowInvoice(d.json);
          const ref = withReference ? reference : undefined;
          const units = await run(cm, doc, ref, 'units');
          runs++;
          if (!units.taken) return;
          taken++;
          const decimals = await run(cm, doc, ref, 'decimals');
          expect(units.value).toEqual(decimals.value);
        }),
        { numRuns: 150, seed: 20261126 },
      );
      // Documents in yen with pennies, and nothing else, are left to the decimal pipeline.
      expect(taken / runs).toBeGreaterThan(0.6);
    });
  }
});
