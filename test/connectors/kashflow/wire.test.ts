import { parse as parseLossless } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { inferKashflowEntity, parseKashflowCustomer, parseKashflowCustomerPayments, parseKashflowDocument, parseKashflowInvoice, parseKashflowJournal, parseKashflowProduct, parseKashflowPurchase, parseKashflowSupplier, parseWireDate } from '../../../src/connectors/kashflow/wire/index.js';
import { contentHash } from '../../../src/canonical/hash.js';
import { isKfaxError } from '../../../src/errors/kfax-error.js';
import { sample, sampleJson } from '../../mapping/helpers.js';

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (isKfaxError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected an error');
}

describe('KashFlow wire dates', () => {
  it('reads business dates with and without offset, ISO T form, and refuses impossible dates', () => {
    expect(parseWireDate('2013-10-17 12:00:00')).toBe('2013-10-17');
    expect(parseWireDate('2012-10-09 12:00:00 +05:30')).toBe('2012-10-09');
    expect(parseWireDate('2024-05-01T12:00:00Z')).toBe('2024-05-01');
    expect(parseWireDate('2024-02-30 12:00:00')).toBeUndefined();
    expect(parseWireDate('01/05/2024')).toBeUndefined();
  });
});

describe('KashFlow invoice → canonical', () => {
  it('lays the record out in canonical member order, absent optional members left out, the hash last and over the content', () => {
    const inv = parseKashflowInvoice(sample('sales-invoice')) as unknown as Record<string, unknown>;
    const optional = ['dueDate', 'homeGross', 'homeVat', 'projectNumber', 'address'];
    const order = ['number', 'partyCode', 'partyName', 'reference', 'issuedDate', 'dueDate', 'currency', 'exchangeRate', 'net', 'vat', 'gross', 'homeGross', 'homeVat', 'status', 'paidAmount', 'projectNumber', 'inEC', 'outsideEC', 'lines', 'payments', 'address', 'kind', 'source', 'hash'];
    expect(Object.keys(inv)).toEqual(order.filter((k) => !optional.includes(k) || inv[k] !== undefined));
    expect(Object.values(inv)).not.toContain(undefined);
    const { source: _source, hash, ...content } = inv;
    expect(hash).toBe(contentHash(content));
    const p = parseKashflowPurchase(sample('purchase-invoice')) as unknown as Record<string, unknown>;
    const keys = Object.keys(p);
    expect(keys.slice(-2)).toEqual(['source', 'hash']);
    expect(keys.slice(keys.indexOf('kind'), -2)).toEqual('additionalField' in p ? ['kind', 'additionalField'] : ['kind']);
  });

  it('parses the sample invoice exactly (lossless numbers, 0/1 booleans, line net and VAT)', () => {
    const inv = parseKashflowInvoice(sample('sales-invoice'));
    expect(inv.number).toBe(1101);
    expect(inv.partyCode).toBe('SALT01');
    expect(inv.issuedDate).toBe('2026-11-18');
    expect(inv.net.toFixed(2)).toBe('257.47');
    expect(inv.vat.toFixed(2)).toBe('51.49');
    expect(inv.gross.toFixed(2)).toBe('308.96');
    expect(inv.lines.map((l) => l.net.toFixed(2))).toEqual(['47.56', '59.91', '150.00']);
    expect(inv.lines[2]?.projectNumber).toBe(2);
    expect(inv.lines[0]?.projectNumber).toBeUndefined();
    expect(inv.lines[0]?.vatExempt).toBe(false);
    expect(inv.source).toEqual({ system: 'kashflow', entity: 'invoice', id: '1101' });
    expect(inv.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('matches property names case-insensitively and keeps the same content hash', () => {
    const a = sampleJson('sales-invoice');
    const lower = JSON.parse(JSON.stringify(a).replace(/"CustomerCode"/g, '"customercode"').replace(/"VATLevel"/g, '"vatlevel"'));
    expect(parseKashflowInvoice(lower).hash).toBe(parseKashflowInvoice(a).hash);
  });

  it('computes missing line VAT the KashFlow way (2 dp half-up: 45.00 × 13.5 % = 6.08)', () => {
    const inv = parseKashflowInvoice({ Number: 7, CustomerCode: 'X1', IssuedDate: '2024-01-01 12:00:00', LineItems: [{ Quantity: 1, Rate: 45, VATLevel: 13.5, NominalCode: 4000 }] });
    expect(inv.lines[0]?.vatAmount.toFixed(2)).toBe('6.08');
    expect(inv.gross.toFixed(2)).toBe('51.08');
  });

  it('treats VATExempt 1 and the SOAP -1 rate as exempt', () => {
    const inv = parseKashflowInvoice({ Number: 7, CustomerCode: 'X1', IssuedDate: '2024-01-01 12:00:00', LineItems: [{ Quantity: 1, Rate: 10, VATLevel: 20, VATExempt: 1, NominalCode: 4000 }, { Quantity: 1, Rate: 10, VATLevel: -1, NominalCode: 4000 }] });
    expect(inv.lines.map((l) => [l.vatExempt, l.vatAmount.toString(), l.vatRate.toString()])).toEqual([
      [true, '0', '0'],
      [true, '0', '0'],
    ]);
  });

  it('names the field and the reason for bad input', () => {
    expect(errorOf(() => parseKashflowInvoice({ Number: 1, CustomerCode: 'A', IssuedDate: '2024-01-01', LineItems: [{ Quantity: 'ten', Rate: 1, NominalCode: 4000 }] }))).toEqual({ code: 'KFAX_INPUT_INVALID', message: 'invalid input at $.LineItems[0].Quantity: expected a number, got "ten"' });
    expect(errorOf(() => parseKashflowInvoice({ Number: 1, IssuedDate: '2024-01-01', LineItems: [{ Quantity: 1, Rate: 1, NominalCode: 4000 }] })).message).toContain('$.CustomerCode: is required');
    expect(errorOf(() => parseKashflowInvoice({ Number: 1, CustomerCode: 'A', IssuedDate: 'yesterday', LineItems: [{ Quantity: 1, Rate: 1, NominalCode: 4000 }] })).message).toContain('$.IssuedDate: expected a date');
    expect(errorOf(() => parseKashflowInvoice({ ...sampleJson('sales-invoice'), NetAmount: 257.48 })).message).toContain('$.NetAmount: 257.48 is not the sum of the line net amounts (257.47)');
    expect(errorOf(() => parseKashflowInvoice({ ...sampleJson('sales-invoice'), GrossAmount: 1 })).message).toContain('$.GrossAmount');
    expect(errorOf(() => parseKashflowInvoice({ ...sampleJson('sales-invoice-eur'), Currency: { Code: 'EUR' } })).message).toContain('$.Currency.ExchangeRate: is required for a EUR document');
    expect(errorOf(() => parseKashflowInvoice({ ...sampleJson('sales-invoice'), InvoiceInECMemberState: 'maybe' })).message).toContain('$.InvoiceInECMemberState: expected true/false or 0/1');
    expect(errorOf(() => parseKashflowInvoice([1, 2])).message).toContain('$: expected an object');
  });

  it('parses a foreign-currency invoice with its rate and home amounts', () => {
    const inv = parseKashflowInvoice(sample('sales-invoice-eur'));
    expect(inv.currency).toBe('EUR');
    expect(inv.exchangeRate.toString()).toBe('1.17');
    expect(inv.homeGross?.toFixed(2)).toBe('165.40');
    expect(inv.inEC).toBe(true);
  });
});

describe('other KashFlow documents → canonical', () => {
  it('purchase, payment, journal, customer, supplier and product', () => {
    const p = parseKashflowPurchase(sample('purchase-invoice'));
    expect([p.kind, p.partyCode, p.reference, p.gross.toFixed(2)]).toEqual(['purchase-invoice', 'SALT03', 'INV-448812', '1119.59']);
    const [pay] = parseKashflowCustomerPayments(sample('customer-payment'));
    expect([pay?.id, pay?.amount.toFixed(2), pay?.bankAccountId, pay?.methodId, pay?.documentNumber, pay?.partyCode]).toEqual([501, '308.96', 1, 3, 1101, 'SALT01']);
    const j = parseKashflowJournal(sample('journal'));
    expect(j.lines.map((l) => [l.nominalCode, l.debit.toFixed(2), l.credit.toFixed(2)])).toEqual([
      [7000, '2500.00', '0.00'],
      [7900, '12.50', '0.00'],
      [1200, '0.00', '2512.50'],
    ]);
    const signed = parseKashflowJournal({ Number: 2, Date: '2024-01-31 12:00:00', Lines: [{ NominalCode: 7000, Amount: 5 }, { NominalCode: 1200, Amount: -5 }] });
    expect(signed.lines.map((l) => [l.debit.toString(), l.credit.toString()])).toEqual([
      ['5', '0'],
      ['0', '5'],
    ]);
    const c = parseKashflowCustomer(sample('customer'));
    expect([c.code, c.address?.postCode, c.customText['Sales Region'], c.customChecks['Trade Account'], c.paymentTerms?.days, c.currency]).toEqual(['RAVE01', 'ox2 7wg', 'Midlands', true, 30, 'GBP']);
    const s = parseKashflowSupplier(sample('supplier'));
    expect([s.code, s.vatNumber, s.paymentMethodId, s.address?.lines[2]]).toEqual(['PENN01', 'GB771820394', 3, 'Leeds']);
    const pr = parseKashflowProduct(sample('product'));
    expect([pr.code, pr.price.toFixed(2), pr.nominalCode, pr.managesStock]).toEqual(['SVC-002', '450.00', 4050, false]);
  });

  it('refuses a journal line that is both debit and credit, and zero lines', () => {
    expect(errorOf(() => parseKashflowJournal({ Number: 2, Date: '2024-01-31', Lines: [{ NominalCode: 1, Debit: 1, Credit: 1 }, { NominalCode: 2, Credit: 1 }] })).message).toContain('either a debit or a credit');
    expect(errorOf(() => parseKashflowJournal({ Number: 2, Date: '2024-01-31', Lines: [{ NominalCode: 1, Amount: 0 }, { NominalCode: 2, Amount: 0 }] })).message).toContain('must not be zero');
  });

  it('payments from an invoice with several payment lines give one payment each; none is an error', () => {
    const inv = { ...sampleJson('sales-invoice'), PaymentLines: [{ Id: 1, Date: '2026-11-20 12:00:00', Amount: 100, Method: 3, AccountId: 1 }, { Id: 2, Date: '2026-11-21 12:00:00', Amount: 208.96, Method: 4, AccountId: 4 }] };
    expect(parseKashflowCustomerPayments(inv).map((p) => p.id)).toEqual([1, 2]);
    expect(errorOf(() => parseKashflowCustomerPayments(sampleJson('sales-invoice'))).message).toContain('no payment lines');
  });
});

describe('entity inference', () => {
  it('tells every sample apart by shape', () => {
    const expected: Record<string, string> = { 'sales-invoice': 'sales-invoice', 'sales-invoice-eur': 'sales-invoice', 'customer-payment': 'customer-payment', 'purchase-invoice': 'purchase-invoice', journal: 'journal', customer: 'customer', supplier: 'supplier', product: 'product' };
    for (const [name, entity] of Object.entries(expected)) expect(inferKashflowEntity(sample(name)), name).toBe(entity);
  });

  it('says why when it cannot tell', () => {
    expect(errorOf(() => inferKashflowEntity({ Hello: 1 }))).toEqual({ code: 'KFAX_MAPPING_ENTITY_UNKNOWN', message: expect.stringContaining('none of the known KashFlow shapes matches') as unknown as string });
    expect(errorOf(() => inferKashflowEntity({ Code: 'A', Name: 'B', Addresses: [], PaymentMethod: 1 })).message).toContain('more than one of customer, supplier');
  });

  it('parseKashflowDocument dispatches by entity', () => {
    const docs = parseKashflowDocument('customer-payment', parseLossless('{"PaymentLine":{"Id":9,"Date":"2026-11-24 12:00:00","Amount":1.5,"Method":3,"AccountId":1},"Invoice":{"Number":3,"CustomerCode":"A","IssuedDate":"2026-11-01 12:00:00","LineItems":[{"Quantity":1,"Rate":1.25,"VATLevel":20,"NominalCode":4000}]}}'));
    expect(docs).toHaveLength(1);
    expect(docs[0]?.entity).toBe('customer-payment');
  });
});
