import { describe, expect, it } from 'vitest';
import { contentHash, stableStringify } from '../../src/canonical/hash.js';
import { Dec } from '../../src/canonical/money.js';
import { SalesInvoiceSchema } from '../../src/canonical/invoice.js';
import { sourceKey } from '../../src/canonical/source.js';

describe('canonical hashing and validation', () => {
  it('stable JSON sorts keys, drops undefined and normalises decimals', () => {
    expect(stableStringify({ b: 1, a: new Dec('117.5000'), c: undefined, d: [new Dec('1.10')] })).toBe('{"a":"117.5","b":1,"d":["1.1"]}');
    expect(contentHash({ x: new Dec('1.50') })).toBe(contentHash({ x: new Dec('1.5') }));
    expect(contentHash({ x: new Dec('1.50') })).not.toBe(contentHash({ x: new Dec('1.51') }));
    expect(sourceKey({ system: 'kashflow', entity: 'invoice', id: '7' })).toBe('kashflow:invoice:7');
  });

  it('canonical schemas refuse floats for money and malformed dates', () => {
    const base = { source: { system: 'kashflow', entity: 'invoice', id: '1' }, hash: 'a'.repeat(64), kind: 'sales-invoice', number: 1, partyCode: 'A', partyName: '', reference: '', issuedDate: '2024-01-01', currency: 'GBP', exchangeRate: new Dec(1), net: new Dec(1), vat: new Dec(0), gross: new Dec(1), status: '', paidAmount: new Dec(0), inEC: false, outsideEC: false, payments: [], lines: [{ number: 1, description: '', quantity: new Dec(1), rate: new Dec(1), net: new Dec(1), vatRate: new Dec(0), vatAmount: new Dec(0), vatExempt: false, nominalCode: 4000 }] };
    expect(SalesInvoiceSchema.safeParse(base).success).toBe(true);
    expect(SalesInvoiceSchema.safeParse({ ...base, net: 1 }).success).toBe(false);
    expect(SalesInvoiceSchema.safeParse({ ...base, issuedDate: '01/01/2024' }).success).toBe(false);
    expect(SalesInvoiceSchema.safeParse({ ...base, extra: true }).success).toBe(false);
  });
});
