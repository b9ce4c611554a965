import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/canonical/money.js';
import type { FreeTextInvoiceDocument } from '../../src/connectors/ax/documents/types.js';
import { mapKashflowJson, mappedDocumentXml, type MappingResult } from '../../src/mapping/engine.js';
import type { AxProductRef, AxReferenceData } from '../../src/mapping/reference/reference-data.js';
import { parseReferenceSnapshot, type SnapshotReferenceData } from '../../src/mapping/reference/snapshot.js';
import { exampleMapping, exampleMappingWith } from './helpers.js';

const referenceJson = JSON.parse(readFileSync('examples/ax-reference.json', 'utf8')) as { products: { itemId: string; itemGroup: string }[] };

function invoice(customer: string, lines: { nominal: number; product?: string; project?: number; description?: string }[]): Record<string, unknown> {
  const items = lines.map((l, i) => ({ Number: i + 1, Description: l.description ?? `line ${i + 1}`, Quantity: 1, Rate: 10, NominalCode: l.nominal, ProductCode: l.product ?? '', VATLevel: 20, VATAmount: 2, ProjectNumber: l.project ?? 0 }));
  const net = 10 * lines.length;
  return { Number: 900, CustomerCode: customer, IssuedDate: '2026-11-20 12:00:00', Status: 'Unpaid', NetAmount: net, VATAmount: 2 * lines.length, GrossAmount: 12 * lines.length, Currency: { Code: 'GBP', ExchangeRate: 1 }, LineItems: items };
}

/** What a consumer can see of a result: documents as XML, totals as text, every explanation. */
function visible(r: MappingResult): unknown {
  return { xml: r.documents.map(mappedDocumentXml), explain: r.explain, totals: JSON.stringify(r.totals, (_k, v: unknown) => (v instanceof Dec ? v.toString() : v)), warnings: r.warnings };
}

async function one(cm: ReturnType<typeof exampleMapping>, json: Record<string, unknown>, reference?: AxReferenceData): Promise<MappingResult> {
  const [r] = await mapKashflowJson(cm, json, reference ? { reference } : {});
  if (!r) throw new Error('no result');
  return r;
}

/** Reference data that changes in place (like live reference data), with or without a revision. */
function changingReference(inner: SnapshotReferenceData, withRevision: boolean): AxReferenceData & { revision: number | undefined; setItemGroup(itemId: string, group: string): void } {
  const groups = new Map<string, string>();
  return {
    revision: withRevision ? 1 : undefined,
    company: inner.company,
    accountingCurrency: inner.accountingCurrency,
    setItemGroup(itemId, group) {
      groups.set(itemId, group);
      if (this.revision !== undefined) this.revision++;
    },
    product(itemId): AxProductRef | undefined {
      const p = inner.product(itemId);
      const group = groups.get(itemId);
      return p && group !== undefined ? { ...p, itemGroup: group } : p;
    },
    mainAccount: (id) => inner.mainAccount(id),
    accountStructure: (name) => inner.accountStructure(name),
    dimensionNames: () => inner.dimensionNames(),
    hasDimensionValue: (d, v) => inner.hasDimensionValue(d, v),
    hasCustomerGroup: (id) => inner.hasCustomerGroup(id),
    hasVendorGroup: (id) => inner.hasVendorGroup(id),
    hasPaymentTerms: (id) => inner.hasPaymentTerms(id),
    hasPaymentMode: (id) => inner.hasPaymentMode(id),
    hasCurrency: (code) => inner.hasCurrency(code),
    hasBankAccount: (id) => inner.hasBankAccount(id),
    journalName: (id) => inner.journalName(id),
    salesTaxGroupCodes: (id) => inner.salesTaxGroupCodes(id),
    itemTaxGroupCodes: (id) => inner.itemTaxGroupCodes(id),
    taxCodeRate: (code) => inner.taxCodeRate(code),
    exchangeRate: (from, date) => inner.exchangeRate(from, date),
    customer: (a) => inner.customer(a),
    vendor: (a) => inner.vendor(a),
    period: (date) => inner.period(date),
  };
}

describe('remembered line decisions', () => {
  const doc = invoice('SALT01', [{ nominal: 4000, product: 'OAK-101' }, { nominal: 4050 }, { nominal: 4000, product: 'OAK-101', project: 2 }, { nominal: 4010, product: 'SVC-003' }]);

  it('a document maps the same after other documents with other facts, and as with a fresh mapping', async () => {
    const reference = parseReferenceSnapshot(structuredClone(referenceJson));
    const cm = exampleMapping();
    const first = visible(await one(cm, doc, reference));
    // other customers (other customer group → other accounts, dimensions, no split), other lines
    await one(cm, invoice('UPTO01', [{ nominal: 4000, product: 'OAK-101' }, { nominal: 4050 }]), reference);
    await one(cm, invoice('BEAC01', [{ nominal: 4050, project: 3 }, { nominal: 4900 }]), reference);
    await one(cm, invoice('SALT01', [{ nominal: 4000, product: 'OAK-101' }]));
    expect(visible(await one(cm, doc, reference))).toEqual(first);
    expect(visible(await one(exampleMapping(), doc, reference))).toEqual(first);
  });

  it('lines with the same facts in one document get the same decision, lines with others do not', async () => {
    const r = await one(exampleMapping(), doc, parseReferenceSnapshot(structuredClone(referenceJson)));
    const lines = (r.documents[0]?.document as FreeTextInvoiceDocument).lines;
    expect(lines.map((l) => l.ledgerDimension.displayValue)).toEqual(['401100-010-SALES', '402100-030-SALES', '402100-010-SALES', '401100-010-SALES', '401200-030-SALES']);
    expect(lines.map((l) => l.defaultDimension.find((d) => d.name === 'Project')?.value)).toEqual([undefined, undefined, undefined, 'PRJ-002', undefined]);
    expect(r.explain.find((e) => e.path === 'CustInvoiceTable.CustInvoiceLine[5].(productCategory)')?.value).toBe('SERVICES');
    // document lines get their own DefaultDimension lists; shared parts are frozen
    expect(lines[0]?.defaultDimension).not.toBe(lines[3]?.defaultDimension);
    expect(Object.isFrozen(lines[0]?.ledgerDimension)).toBe(true);
  });

  it('each reference-data object has its own decisions', async () => {
    const cm = exampleMapping();
    const services = structuredClone(referenceJson);
    for (const p of services.products) if (p.itemId === 'OAK-101') p.itemGroup = 'SERVICES';
    const a = await one(cm, doc, parseReferenceSnapshot(structuredClone(referenceJson)));
    const b = await one(cm, doc, parseReferenceSnapshot(services));
    const bu = (r: MappingResult): string | undefined => (r.documents[0]?.document as FreeTextInvoiceDocument).lines[0]?.defaultDimension.find((d) => d.name === 'BusinessUnit')?.value;
    expect(bu(a)).toBe('010');
    expect(bu(b)).toBe('030');
    expect(b.explain.find((e) => e.path === 'CustInvoiceTable.CustInvoiceLine[1].(productCategory)')?.rule).toBe('AX reference data: item OAK-101 is in item group SERVICES');
  });

  for (const withRevision of [true, false]) {
    it(`reference data that changes in place is followed (${withRevision ? 'with' : 'without'} a revision)`, async () => {
      const cm = exampleMapping();
      const ref = changingReference(parseReferenceSnapshot(structuredClone(referenceJson)), withRevision);
      const bu = async (): Promise<string | undefined> => ((await one(cm, doc, ref)).documents[0]?.document as FreeTextInvoiceDocument).lines[0]?.defaultDimension.find((d) => d.name === 'BusinessUnit')?.value;
      expect(await bu()).toBe('010');
      ref.setItemGroup('OAK-101', 'SERVICES');
      expect(await bu()).toBe('030');
      ref.setItemGroup('OAK-101', 'GOODS');
      expect(await bu()).toBe('010');
    });
  }

  it('a line table with a JSONata expression is evaluated for every line (nothing remembered)', async () => {
    const cm = exampleMappingWith((y) => y.replace('        - { when: { project: { present: true } }, from: project, map: projects }', '        - expression: \'$substring(description, 0, 3)\''));
    expect(cm.linePlans.get('sales-invoice')?.memoizable).toBe(false);
    const json = invoice('SALT01', [{ nominal: 4000, description: 'ABC one' }, { nominal: 4000, description: 'XYZ two' }]);
    for (let run = 0; run < 2; run++) {
      const r = await one(cm, json);
      expect((r.documents[0]?.document as FreeTextInvoiceDocument).lines.map((l) => l.defaultDimension.find((d) => d.name === 'Project')?.value)).toEqual(['ABC', 'XYZ']);
    }
  });

  it('the line plan names the facts the example line rules read', () => {
    const plan = exampleMapping().linePlans.get('sales-invoice');
    expect(plan?.memoizable).toBe(true);
    expect(plan?.lineFacts).toEqual(['project']);
    expect(plan?.documentFacts).toHaveLength(1); // customerGroup
  });
});
