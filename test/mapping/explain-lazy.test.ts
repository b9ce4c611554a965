import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/mapping/compile/expression.js';
import { mapKashflowJson, type MappingResult } from '../../src/mapping/engine.js';
import { Explanation } from '../../src/mapping/explain.js';
import { checkAgainstReference } from '../../src/mapping/validate.js';
import { exampleMapping, exampleMappingWith, sample, seedReference } from './helpers.js';

const reference = seedReference();

async function one(json: unknown, cm = exampleMapping()): Promise<MappingResult> {
  const [r] = await mapKashflowJson(cm, json, { reference });
  if (!r) throw new Error('no result');
  return r;
}

describe('explanations built on demand', () => {
  it('Explanation keeps recording order across direct and deferred entries and builds once', () => {
    const ex = new Explanation();
    let built = 0;
    ex.add('A', '1', 'first');
    ex.defer((out) => {
      built++;
      out.push({ path: 'B', value: '2', rule: 'second' }, { path: 'C', value: '3', rule: 'third' });
    });
    ex.add('D', '4', 'fourth');
    expect(built).toBe(0);
    const entries = ex.entries;
    expect(entries.map((e) => e.path)).toEqual(['A', 'B', 'C', 'D']);
    expect(ex.entries).toBe(entries);
    expect(built).toBe(1);
    ex.add('E', '5', 'fifth');
    expect(ex.entries.map((e) => e.path)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('a result’s explain is an own enumerable property: JSON, copies and equality see every entry', async () => {
    const r = await one(sample('sales-invoice'));
    expect(Object.keys(r)).toEqual(['entity', 'source', 'sourceHash', 'mappingVersion', 'documents', 'explain', 'warnings', 'totals', 'status']);
    const entries = r.explain;
    expect(r.explain).toBe(entries);
    expect(entries.length).toBeGreaterThan(30);
    expect(entries.at(-1)?.path).toBe('(status)');
    expect(entries.filter((e) => e.path.startsWith('CustInvoiceTable.CustInvoiceLine[3].')).map((e) => e.path)).toEqual([
      'CustInvoiceTable.CustInvoiceLine[3].(productCategory)',
      'CustInvoiceTable.CustInvoiceLine[3].LedgerDimension.Account',
      'CustInvoiceTable.CustInvoiceLine[3].TaxGroup',
      'CustInvoiceTable.CustInvoiceLine[3].TaxItemGroup',
      'CustInvoiceTable.CustInvoiceLine[3].LedgerDimension.DisplayValue',
      'CustInvoiceTable.CustInvoiceLine[3].AmountCur',
      'CustInvoiceTable.CustInvoiceLine[3].DefaultDimension[BusinessUnit]',
      'CustInvoiceTable.CustInvoiceLine[3].DefaultDimension[Department]',
      'CustInvoiceTable.CustInvoiceLine[3].DefaultDimension[Project]',
      'CustInvoiceTable.CustInvoiceLine[3].DefaultDimension[Channel]',
    ]);
    expect((JSON.parse(JSON.stringify(r)) as { explain: unknown }).explain).toEqual(entries);
    expect({ ...r }.explain).toEqual(entries);
    expect(await one(sample('sales-invoice'))).toEqual(r);
  });

  it('explain can still be replaced, like the plain property it was', async () => {
    const r = (await one(sample('sales-invoice'))) as { explain: unknown };
    r.explain = [];
    expect(r.explain).toEqual([]);
    expect(Object.keys(r)).toContain('explain');
  });

  it('each result reads its own explanation, which no key, symbol or copy exposes', async () => {
    const sales = await one(sample('sales-invoice'));
    const purchase = await one(sample('purchase-invoice'));
    expect(Reflect.ownKeys(sales)).toEqual(Object.keys(sales));
    expect(purchase.explain).not.toEqual(sales.explain);
    expect(purchase.explain.some((e) => e.path.endsWith('.AmountCurDebit'))).toBe(true);
    expect(sales.explain.some((e) => e.path.endsWith('.AmountCurDebit'))).toBe(false);
    expect(() => Object.getOwnPropertyDescriptor(sales, 'explain')?.get?.call({})).toThrow(TypeError);
  });

  it('a sales invoice explains its header first and its status last, as when they were recorded eagerly', async () => {
    const r = await one(sample('sales-invoice'));
    expect(r.explain.filter((e) => !e.path.includes('CustInvoiceLine'))).toEqual([
      { path: 'CustInvoiceTable.OrderAccount', value: 'KF-SALT01', rule: 'parties.customerAccount "KF-{code}"' },
      { path: 'CustInvoiceTable.InvoiceAccount', value: 'KF-SALT01', rule: 'parties.customerAccount "KF-{code}"' },
      { path: 'CustInvoiceTable.(customer group)', value: 'UK', rule: 'AX reference data: customer KF-SALT01 is in group UK' },
      { path: 'CustInvoiceTable.CurrencyCode', value: 'GBP', rule: 'KashFlow Currency.Code' },
      { path: 'CustInvoiceTable.DocumentNum', value: '1101', rule: 'KashFlow invoice Number (natural key)' },
      { path: 'CustInvoiceTable.DefaultDimension[Channel]', value: 'STORE', rule: 'dimensions Channel: dimensions.tables[0].table[2] (reference={"prefix":"SHOP-"} → expression)' },
      { path: '(status)', value: 'open', rule: 'status.toAx["Unpaid"] for KashFlow status "Unpaid"' },
    ]);
    expect(r.explain.findIndex((e) => e.path.includes('CustInvoiceLine'))).toBe(6);
  });

  it('purchase lines explain their debit or credit side', async () => {
    const r = await one(sample('purchase-invoice'));
    expect(r.explain.filter((e) => e.path.endsWith('.AmountCurDebit')).length).toBeGreaterThan(0);
    expect(r.explain.some((e) => e.path.endsWith('.AmountCur'))).toBe(false);
  });
});

describe('literal JSONata expressions are folded at compile time', () => {
  it('knows a literal and nothing else', async () => {
    for (const [source, value] of [['"STORE"', 'STORE'], ["'x'", 'x'], ['42', 42], ['-5', -5], ['true', true], ['null', null]] as const) {
      const e = compileExpression(source);
      if ('error' in e) throw new Error(e.error);
      expect(e.constant).toEqual({ value });
      expect(await e.evaluate({})).toEqual(value);
    }
    for (const source of ['"a"[0]', '"a"[]', '("x")', '"a" & "b"', 'reference', '$substring(reference, 0, 3)']) {
      const e = compileExpression(source);
      if ('error' in e) throw new Error(e.error);
      expect(e.constant).toBeUndefined();
    }
  });

  it('a table row with a literal decides synchronously, with the same result and rule as before', async () => {
    const cm = exampleMapping();
    const channel = cm.dimensions.header.get('sales-invoice')?.find((t) => t.dimension === 'Channel');
    const hit = channel?.table.evaluate({ customerGroup: 'UK', reference: 'SHOP-1' });
    expect(hit).not.toBeInstanceOf(Promise);
    expect(hit).toEqual({ value: 'STORE', rule: 'dimensions.tables[0].table[2] (reference={"prefix":"SHOP-"} → expression)' });
    // a non-literal expression still runs JSONata (asynchronously) and gives the same answer
    const evaluated = exampleMappingWith((y) => y.replace("expression: '\"STORE\"'", "expression: '\"STO\" & \"RE\"'"));
    const viaJsonata = evaluated.dimensions.header.get('sales-invoice')?.find((t) => t.dimension === 'Channel')?.table.evaluate({ customerGroup: 'UK', reference: 'SHOP-1' });
    expect(viaJsonata).toBeInstanceOf(Promise);
    expect(await viaJsonata).toEqual({ value: 'STORE', rule: 'dimensions.tables[0].table[2] (reference={"prefix":"SHOP-"} → expression)' });
  });

  it('validation still lists expression results as checked only at run time', () => {
    const check = checkAgainstReference(exampleMapping(), reference);
    expect(check.unchecked.some((n) => n.includes('dimensions.tables[0].table: JSONata results are only known at run time'))).toBe(true);
  });
});
