import { describe, expect, it } from 'vitest';
import { Dec, sum } from '../../src/canonical/money.js';
import { parseKashflowInvoice } from '../../src/connectors/kashflow/wire/index.js';
import { isKfaxError } from '../../src/errors/kfax-error.js';
import { ERROR_CATALOG } from '../../src/errors/catalog.js';
import { mapCanonical, mapKashflowJson, mappedDocumentXml, type MappingResult } from '../../src/mapping/engine.js';
import { isMappingError, type MappingError } from '../../src/mapping/errors.js';
import type { FreeTextInvoiceDocument, LedgerJournalDocument, AccountTableDocument } from '../../src/connectors/ax/documents/types.js';
import { childElement, childElements, parseXml, type XmlElement } from '../../src/xml/tree.js';
import { exampleMapping, exampleMappingWith, sample, sampleJson, seedReference } from './helpers.js';

const cm = exampleMapping();
const reference = seedReference();

async function one(name: string | Record<string, unknown>, opts: Parameters<typeof mapKashflowJson>[2] = { reference }, mapping = cm): Promise<MappingResult> {
  const [r] = await mapKashflowJson(mapping, typeof name === 'string' ? sample(name) : name, opts);
  if (!r) throw new Error('no result');
  return r;
}

async function mappingError(p: Promise<unknown>): Promise<MappingError> {
  try {
    await p;
  } catch (err) {
    if (isMappingError(err)) return err;
    throw err;
  }
  throw new Error('expected a mapping error');
}

function explained(r: MappingResult, path: string): { value: string; rule: string } | undefined {
  return r.explain.find((e) => e.path === path);
}

describe('sales invoice → free-text invoice', () => {
  it('maps accounts, dimensions, splits and VAT groups and explains each value', async () => {
    const r = await one('sales-invoice');
    expect(r.documents.map((d) => d.service)).toEqual(['FreeTextInvoiceService']);
    const doc = r.documents[0]?.document as FreeTextInvoiceDocument;
    expect(doc.header).toMatchObject({ orderAccount: 'KF-SALT01', invoiceAccount: 'KF-SALT01', currencyCode: 'GBP', invoiceDate: '2026-11-18', dueDate: '2027-01-17', documentNum: '1101' });
    expect(doc.header.exchRate).toBeUndefined();
    expect(doc.lines.map((l) => [l.ledgerDimension.displayValue, l.amountCur.toFixed(2), l.taxGroup, l.taxItemGroup])).toEqual([
      ['401200-010-SALES', '47.56', 'DOM', 'STD'],
      ['401100-010-SALES', '59.91', 'DOM', 'STD'],
      ['402100-030-SALES', '105.00', 'DOM', 'STD'],
      ['402100-010-SALES', '45.00', 'DOM', 'STD'],
    ]);
    expect(doc.lines[2]?.defaultDimension).toEqual([{ name: 'BusinessUnit', value: '030' }, { name: 'Department', value: 'SALES' }, { name: 'Channel', value: 'STORE' }, { name: 'Project', value: 'PRJ-002' }]);
    expect(explained(r, 'CustInvoiceTable.DefaultDimension[Channel]')).toEqual({ path: 'CustInvoiceTable.DefaultDimension[Channel]', value: 'STORE', rule: 'dimensions Channel: dimensions.tables[0].table[2] (reference={"prefix":"SHOP-"} → expression)' });
    expect(explained(r, 'CustInvoiceTable.CustInvoiceLine[3].AmountCur')?.rule).toContain('lines.split[0] "consultancy-shared"');
    expect(explained(r, 'CustInvoiceTable.CustInvoiceLine[1].LedgerDimension.Account')?.rule).toBe('accounts.nominals[4010] for nominal 4010');
    expect(explained(r, 'CustInvoiceTable.(customer group)')?.rule).toBe('AX reference data: customer KF-SALT01 is in group UK');
    expect(r.mappingVersion.label).toBe(cm.version.label);
    expect(r.source).toEqual({ system: 'kashflow', entity: 'invoice', id: '1101' });
    expect(r.status).toEqual({ kashflow: 'Unpaid', ax: 'open', rule: 'status.toAx["Unpaid"]' });
    expect(r.totals?.axVat.toFixed(2)).toBe('51.49');
    expect(r.totals?.rounding.toFixed(2)).toBe('0.00');
  });

  it('multi-level account rules: web customers go to the online account, export to wholesale', async () => {
    const web = await one({ ...sampleJson('sales-invoice'), CustomerCode: 'UPTO01' });
    const lines = (web.documents[0]?.document as FreeTextInvoiceDocument).lines;
    expect(lines.map((l) => l.ledgerDimension.account)).toEqual(['401200', '401200', '402100']);
    expect(explained(web, 'CustInvoiceTable.CustInvoiceLine[2].LedgerDimension.Account')?.rule).toContain('accounts.rules[0] "web-shop-sales"');
    expect(lines.map((l) => l.ledgerDimension.values.find((v) => v.name === 'BusinessUnit')?.value)).toEqual(['040', '040', '040']);
    const eur = await one('sales-invoice-eur');
    const doc = eur.documents[0]?.document as FreeTextInvoiceDocument;
    expect(doc.lines[0]?.ledgerDimension.displayValue).toBe('401300-020-SALES');
    expect(doc.header.exchRate?.toString()).toBe('85.470085');
    expect(eur.totals?.homeGross.toFixed(2)).toBe('165.40');
    expect(sum(eur.totals?.lines.map((l) => l.homeAmount.plus(l.homeVat)) ?? []).toFixed(2)).toBe('165.40');
  });

  it('without reference data the customer group comes from the decision table', async () => {
    const r = await one('sales-invoice', {});
    expect(explained(r, 'CustInvoiceTable.(customer group)')).toMatchObject({ value: 'UK', rule: expect.stringContaining('parties.customerGroup[3]') as unknown as string });
  });

  it('aggregates lines by account, dimensions and tax codes, exactly', async () => {
    const agg = exampleMappingWith((y) => y.replace('    enabled: false', '    enabled: true'));
    const json = { ...sampleJson('sales-invoice'), LineItems: [...(sampleJson('sales-invoice').LineItems as unknown[]), { Number: 4, Description: 'Oak Shelf Bracket', Quantity: 1, Rate: 11.89, NominalCode: 4010, VATLevel: 20, VATAmount: 2.38 }], NetAmount: 269.36, VATAmount: 53.87, GrossAmount: 323.23 };
    const r = await one(json, { reference }, agg);
    const doc = r.documents[0]?.document as FreeTextInvoiceDocument;
    expect(doc.lines.map((l) => [l.ledgerDimension.displayValue, l.amountCur.toFixed(2), l.quantity.toString(), l.unitPrice.toFixed(2)])).toEqual([
      ['401200-010-SALES', '59.45', '1', '59.45'],
      ['401100-010-SALES', '59.91', '3', '19.97'],
      ['402100-030-SALES', '105.00', '1', '105.00'],
      ['402100-010-SALES', '45.00', '1', '45.00'],
    ]);
    expect(doc.lines[0]?.description).toBe('Sales - Online Shop');
    expect(explained(r, 'CustInvoiceTable.CustInvoiceLine[1].AmountCur')?.rule).toContain('lines.aggregate: sum of LineItems[0], LineItems[3]');
    expect(r.totals?.axVat.toFixed(2)).toBe('53.87');
  });

  it('VAT-safe aggregation keeps lines apart when merging would change the VAT AX computes', async () => {
    const agg = exampleMappingWith((y) => y.replace('    enabled: false', '    enabled: true'));
    const line = { Description: 'tiny', Quantity: 1, Rate: 0.03, NominalCode: 4000, VATLevel: 20, VATAmount: 0.01 };
    const json = { Number: 9, CustomerCode: 'SALT01', IssuedDate: '2026-11-20 12:00:00', Currency: { Code: 'GBP', ExchangeRate: 1 }, LineItems: [line, line] };
    const r = await one(json, { reference }, agg);
    expect((r.documents[0]?.document as FreeTextInvoiceDocument).lines.map((l) => l.amountCur.toFixed(2))).toEqual(['0.03', '0.03']);
    const unsafe = exampleMappingWith((y) => y.replace('    enabled: false', '    enabled: true').replace('vatSafe: true', 'vatSafe: false'));
    const u = await one(json, { reference }, unsafe);
    const lines = (u.documents[0]?.document as FreeTextInvoiceDocument).lines;
    expect(lines.map((l) => [l.amountCur.toFixed(2), l.ledgerDimension.account])).toEqual([
      ['0.06', '401100'],
      ['0.01', '618300'],
    ]);
    expect(explained(u, 'CustInvoiceTable.CustInvoiceLine[2].AmountCur')?.rule).toContain('vat.difference rounding-line');
  });

  it('a penny difference between KashFlow and AX VAT becomes a rounding line; too large or "fail" is a permanent error', async () => {
    const json = { ...sampleJson('sales-invoice'), VATAmount: 51.5, GrossAmount: 308.97 };
    const r = await one(json);
    const doc = r.documents[0]?.document as FreeTextInvoiceDocument;
    expect(doc.lines.at(-1)).toMatchObject({ description: 'VAT rounding difference', ledgerDimension: { account: '618300', displayValue: '618300--' } });
    expect(doc.lines.at(-1)?.amountCur.toFixed(2)).toBe('0.01');
    expect(doc.lines.at(-1)?.taxItemGroup).toBeUndefined();
    expect(r.warnings[0]).toContain('document VAT 51.50 differs from the sum of line VAT by 0.01');
    const big = await mappingError(one({ ...sampleJson('sales-invoice'), VATAmount: 52.49, GrossAmount: 309.96 }));
    expect(big.code).toBe('KFAX_MAPPING_VAT_DIFFERENCE');
    expect(big.message).toBe('VAT difference of 1.00 on invoice 1101 exceeds the allowed 0.05');
    expect(big.kind).toBe('permanent');
    expect(big.context).toMatchObject({ entity: 'sales-invoice', source: 'kashflow:invoice:1101', mappingVersion: cm.version.label, rule: 'vat.difference' });
    const strict = exampleMappingWith((y) => y.replace('action: rounding-line', 'action: fail'));
    expect((await mappingError(one(json, { reference }, strict))).code).toBe('KFAX_MAPPING_VAT_DIFFERENCE');
    const accept = exampleMappingWith((y) => y.replace('action: rounding-line', 'action: accept'));
    const a = await one(json, { reference }, accept);
    expect((a.documents[0]?.document as FreeTextInvoiceDocument).lines).toHaveLength(4);
    expect(a.warnings.join(' ')).toContain('accepted by vat.difference.action');
  });

  it('an EU customer invoiced with UK VAT fails: AX would charge 0 %', async () => {
    const json = { ...sampleJson('sales-invoice-eur'), LineItems: [{ Quantity: 2, Rate: 96.76, NominalCode: 4000, VATLevel: 20, VATAmount: 38.7 }], NetAmount: 193.52, VATAmount: 38.7, GrossAmount: 232.22, HomeCurrencyGrossAmount: null, HomeCurrencyVATAmount: null };
    const e = await mappingError(one(json));
    expect(e.message).toBe('VAT difference of 38.70 on invoice 1102 exceeds the allowed 0.05');
  });

  it('an unmapped nominal without a default is a permanent "no rule" failure naming the nominal', async () => {
    const noDefault = exampleMappingWith((y) => y.replace('  default: "999999"\n', ''));
    const json = { ...sampleJson('sales-invoice'), LineItems: [{ Quantity: 1, Rate: 10, NominalCode: 4999, VATLevel: 20, VATAmount: 2 }], NetAmount: 10, VATAmount: 2, GrossAmount: 12 };
    const e = await mappingError(one(json, { reference }, noDefault));
    expect(e.code).toBe('KFAX_MAPPING_NO_RULE');
    expect(e.message).toContain('nominal 4999 has no account rule');
    expect(ERROR_CATALOG[e.code].kind).toBe('permanent');
    const withDefault = await one(json);
    expect((withDefault.documents[0]?.document as FreeTextInvoiceDocument).lines[0]?.ledgerDimension.account).toBe('999999');
    expect(explained(withDefault, 'CustInvoiceTable.CustInvoiceLine[1].LedgerDimension.Account')?.rule).toContain('accounts.default (no rule for nominal 4999)');
  });

  it('an unknown VAT rate or project fails with the table that has no entry', async () => {
    const vat = { ...sampleJson('sales-invoice'), LineItems: [{ Quantity: 1, Rate: 10, NominalCode: 4000, VATLevel: 17.5, VATAmount: 1.75 }], NetAmount: 10, VATAmount: 1.75, GrossAmount: 11.75 };
    expect((await mappingError(one(vat))).message).toContain('VAT rate 17.5 % has no entry in vat.itemTaxGroups');
    const prj = { ...sampleJson('sales-invoice'), LineItems: [{ Quantity: 1, Rate: 10, NominalCode: 4000, VATLevel: 20, VATAmount: 2, ProjectNumber: 99 }], NetAmount: 10, VATAmount: 2, GrossAmount: 12 };
    expect((await mappingError(one(prj))).message).toContain('value map "projects" has no entry for "99"');
  });

  it('the XML of the mapped invoice parses and carries the natural key', async () => {
    const r = await one('sales-invoice');
    const root = parseXml(mappedDocumentXml(r.documents[0] as MappingResult['documents'][number]));
    const table = childElement(root, 'CustInvoiceTable') as XmlElement;
    expect(childElement(table, 'DocumentNum')?.text).toBe('1101');
    expect(childElements(table, 'CustInvoiceLine')).toHaveLength(4);
  });
});

describe('other entities', () => {
  it('customer payment → payment journal with bank offset and marked invoice', async () => {
    const r = await one('customer-payment');
    const doc = r.documents[0]?.document as LedgerJournalDocument;
    expect(r.documents[0]?.service).toBe('CustPaymJournalService');
    expect(doc.header).toEqual({ journalName: 'CustPay', name: 'KashFlow receipt 501', currencyCode: 'GBP' });
    expect(doc.lines[0]).toMatchObject({ accountType: 'Cust', ledgerDimension: { account: 'KF-SALT01' }, offsetAccountType: 'Bank', offsetLedgerDimension: { account: 'BARC-CUR' }, markedInvoice: '1101', documentNum: 'KFPAY-501', paymReference: 'BACS 20418', transDate: '2026-11-24' });
    expect(doc.lines[0]?.amountCurCredit?.toFixed(2)).toBe('308.96');
    const xref = await one('customer-payment', { reference, xref: { axInvoiceId: (n) => (n === 1101 ? 'FTI-000042' : undefined) } });
    expect((xref.documents[0]?.document as LedgerJournalDocument).lines[0]?.markedInvoice).toBe('FTI-000042');
    const bad = sampleJson('customer-payment');
    (bad.PaymentLine as Record<string, unknown>).AccountId = 9;
    expect((await mappingError(one(bad))).message).toContain('KashFlow bank account 9 has no entry in valueMaps.bankAccounts');
  });

  it('purchase → vendor invoice journal that balances once AX adds the VAT', async () => {
    const r = await one('purchase-invoice');
    const doc = r.documents[0]?.document as LedgerJournalDocument;
    expect(r.documents[0]?.service).toBe('PurchaseInvoiceService');
    expect(doc.header.journalName).toBe('APInvoice');
    const debit = sum(doc.lines.map((l) => l.amountCurDebit ?? new Dec(0)));
    const credit = sum(doc.lines.map((l) => l.amountCurCredit ?? new Dec(0)));
    expect(debit.plus(r.totals?.axVat ?? 0).toFixed(2)).toBe(credit.toFixed(2));
    expect(credit.toFixed(2)).toBe('1119.59');
    expect(doc.lines.at(-1)).toMatchObject({ accountType: 'Vend', ledgerDimension: { account: 'KF-SALT03' }, invoice: 'INV-448812', documentNum: '5101', due: '2026-11-24' });
    expect(doc.lines.map((l) => l.ledgerDimension.displayValue)).toEqual(['608100-010-FIN', '607200-010-ADMIN', '607300-010-ADMIN', 'KF-SALT03']);
  });

  it('journal → general journal; an unbalanced journal is refused', async () => {
    const r = await one('journal');
    const doc = r.documents[0]?.document as LedgerJournalDocument;
    expect(doc.lines.map((l) => [l.ledgerDimension.displayValue, (l.amountCurDebit ?? l.amountCurCredit)?.toFixed(2)])).toEqual([
      ['603100-010-ADMIN', '2500.00'],
      ['618100-010-FIN', '12.50'],
      ['110110', '2512.50'],
    ]);
    const unbalanced = { ...sampleJson('journal'), Lines: [{ NominalCode: 7000, Debit: 10 }, { NominalCode: 1200, Credit: 9.99 }] };
    const e = await mappingError(one(unbalanced));
    expect(e.code).toBe('KFAX_MAPPING_UNBALANCED');
    expect(e.message).toBe('journal 301 does not balance: debits 10.00, credits 9.99');
  });

  it('customer → CustTable with group, terms, custom fields and harmonised address', async () => {
    const r = await one('customer');
    const doc = r.documents[0]?.document as AccountTableDocument;
    expect(doc).toMatchObject({ accountNum: 'KF-RAVE01', group: 'UK', currency: 'GBP', paymTermId: 'Net30', taxGroup: 'DOM', vatNum: 'GB418273645' });
    expect(doc.defaultDimension).toEqual([{ name: 'BusinessUnit', value: '010' }, { name: 'Department', value: 'SALES' }, { name: 'CostCenter', value: 'CC400' }, { name: 'Channel', value: 'B2B' }]);
    expect(doc.party.addresses[0]).toMatchObject({ zipCode: 'OX2 7WG', city: 'Oxford', countryRegionId: 'GBR' });
    expect(explained(r, 'CustTable.DefaultDimension[Channel]')?.rule).toContain('customFields[0] "trade-account-channel": custom check box "Trade Account" = "true"');
    const eom = await one({ ...sampleJson('customer'), PaymentTerms: { Days: 30, Type: 'AfterMonthEnd' }, CustomCheckBoxes: [{ Name: 'Trade Account', Value: '0' }] });
    expect((eom.documents[0]?.document as AccountTableDocument).paymTermId).toBe('EOM30');
    expect((eom.documents[0]?.document as AccountTableDocument).defaultDimension.find((d) => d.name === 'Channel')?.value).toBe('STORE');
  });

  it('supplier → VendTable with payment mode from the value map; product → product + release', async () => {
    const s = await one('supplier');
    expect(s.documents[0]?.document).toMatchObject({ kind: 'vendor', accountNum: 'KF-PENN01', group: 'UK', paymMode: 'BACS', paymTermId: 'Net60' });
    const p = await one('product');
    expect(p.documents.map((d) => d.service)).toEqual(['EcoResProductService', 'ItemService']);
    expect(p.documents[0]?.document).toMatchObject({ productNumber: 'SVC-002', productType: 'Service' });
    expect(p.documents[1]?.document).toMatchObject({ itemId: 'SVC-002', itemGroupId: 'SERVICES' });
  });

  it('mapping is pure: same input, same output and explanation', async () => {
    const inv = parseKashflowInvoice(sample('sales-invoice'));
    const a = await mapCanonical(cm, { entity: 'sales-invoice', record: inv }, { reference });
    const b = await mapCanonical(cm, { entity: 'sales-invoice', record: inv }, { reference });
    expect(mappedDocumentXml(a.documents[0] as MappingResult['documents'][number])).toBe(mappedDocumentXml(b.documents[0] as MappingResult['documents'][number]));
    expect(a.explain).toEqual(b.explain);
  });

  it('a failing JSONata expression is a mapping error, not a crash', async () => {
    const broken = exampleMappingWith((y) => y.replace("expression: '\"STORE\"'", "expression: '$error(\"no till\")'"));
    const e = await mappingError(one('sales-invoice', { reference }, broken));
    expect(isKfaxError(e)).toBe(true);
    expect(e.message).toContain('expression of dimensions.tables[0].table[2]');
    expect(e.message).toContain('no till');
  });
});
