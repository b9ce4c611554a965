import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PurchaseInvoiceSchema, SalesInvoiceSchema } from '../../../src/canonical/invoice.js';
import { parseKashflowInvoice, parseKashflowPurchase } from '../../../src/connectors/kashflow/wire/index.js';
import { isKfaxError } from '../../../src/errors/kfax-error.js';
import { sampleJson } from '../../mapping/helpers.js';

// The invoice reader skips the canonical schema pass (finalize `checked`): it must enforce
// every constraint itself. Over generated wire documents — valid, edge and hostile values —
// whatever it returns satisfies the schema, and what it refuses it refuses with a path-naming
// KFAX_INPUT_INVALID error.

const decimalText = fc.oneof(
  fc.constantFrom('0', '-0', '1', '-1', '0.5', '117.5000', '1e3', '-2.5e-3', '1e99999999999999999', '-1e99999999999999999', '9e9000000000000000', 'abc', '', ' 12 ', 'NaN', 'Infinity'),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.tuple(fc.integer({ min: -10_000, max: 10_000 }), fc.integer({ min: 0, max: 9999 })).map(([i, f]) => `${i}.${f}`),
);
const decimal = fc.oneof(decimalText, fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: false }), fc.constant(null));
const integerish = fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.constantFrom('7', '-3', '0', '1.5', 'x', Number.MAX_SAFE_INTEGER + 2, '9007199254740993', null));
const text = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('  padded ', ''), fc.integer(), fc.boolean(), fc.constant(null));
const date = fc.oneof(fc.constantFrom('2024-05-01 12:00:00', '2024-02-29 12:00:00', '2023-02-29 12:00:00', '1900-01-01 12:00:00', '2024-05-01T12:00:00Z', '2024-05-01 12:00:00 +05:30', '01/05/2024', '', 'x'), fc.constant(null), fc.integer());
const bool = fc.oneof(fc.boolean(), fc.constantFrom(0, 1, 2, '1', 'yes', 'no', 'maybe', ''), fc.constant(null));

const line = fc.record(
  {
    Number: integerish,
    Description: text,
    Quantity: decimal,
    Rate: decimal,
    VATLevel: fc.oneof(decimal, fc.constantFrom(-1, -2, 20, 13.5)),
    VATExempt: bool,
    VATAmount: decimal,
    NetAmount: decimal,
    NominalCode: integerish,
    ProductCode: text,
    ProjectNumber: integerish,
    HomeCurrencyRate: decimal,
    HomeCurrencyVATAmount: decimal,
  },
  { requiredKeys: ['Quantity', 'Rate', 'NominalCode'] },
);

const payment = fc.record({ Id: integerish, Date: date, Amount: decimal, Method: integerish, AccountId: integerish, Reference: text, Note: text }, { requiredKeys: ['Id', 'Date', 'Amount'] });

const invoice = fc.record(
  {
    Number: integerish,
    CustomerCode: text,
    SupplierCode: text,
    CustomerName: text,
    CustomerReference: text,
    IssuedDate: date,
    DueDate: date,
    Currency: fc.oneof(fc.record({ Code: fc.constantFrom('GBP', 'EUR', 'usd', 'EU', '', 'E1R'), ExchangeRate: decimal }, { requiredKeys: [] }), fc.constant(null)),
    NetAmount: decimal,
    VATAmount: decimal,
    GrossAmount: decimal,
    HomeCurrencyGrossAmount: decimal,
    HomeCurrencyVATAmount: decimal,
    Status: text,
    TotalPaidAmount: decimal,
    ProjectNumber: integerish,
    InvoiceInECMemberState: bool,
    PurchaseInECMemberState: bool,
    InvoiceOutsideECMemberState: bool,
    LineItems: fc.array(line, { maxLength: 3 }),
    PaymentLines: fc.array(payment, { maxLength: 2 }),
    Address: fc.oneof(fc.record({ Line1: text, Line2: text, PostCode: text, CountryCode: fc.constantFrom('GB', 'gb', 'EL', 'GBR', '', '1A'), CountryName: text }, { requiredKeys: [] }), fc.constant(null)),
    AdditionalFieldValue: text,
  },
  { requiredKeys: ['Number', 'CustomerCode', 'SupplierCode', 'IssuedDate', 'LineItems'] },
);

/** A document that mostly parses: the sample with a few fields replaced by generated ones. */
const nearSample = fc.tuple(invoice, fc.subarray(['Number', 'CustomerName', 'DueDate', 'Currency', 'Status', 'Address', 'HomeCurrencyGrossAmount'])).map(([gen, keys]) => {
  const base = sampleJson('sales-invoice');
  for (const k of keys) base[k] = (gen as Record<string, unknown>)[k];
  return base;
});
const nearSampleLines = fc.tuple(line, fc.subarray(['Number', 'Quantity', 'Rate', 'VATLevel', 'VATExempt', 'ProjectNumber', 'HomeCurrencyRate', 'ProductCode'])).map(([gen, keys]) => {
  const base = sampleJson('sales-invoice');
  const lines = base.LineItems as Record<string, unknown>[];
  for (const k of keys) lines[0]![k] = (gen as Record<string, unknown>)[k];
  delete base.NetAmount;
  delete base.VATAmount;
  delete base.GrossAmount;
  return base;
});

function check(parse: () => unknown, schema: typeof SalesInvoiceSchema | typeof PurchaseInvoiceSchema): 'ok' | 'refused' {
  let out: unknown;
  try {
    out = parse();
  } catch (err) {
    if (!isKfaxError(err) || err.code !== 'KFAX_INPUT_INVALID') throw err;
    expect(err.message).toMatch(/\$/); // names the path
    return 'refused';
  }
  const result = schema.safeParse(out);
  if (!result.success) throw new Error(`reader returned a record the schema refuses: ${JSON.stringify(result.error.issues[0])}`);
  return 'ok';
}

describe('KashFlow invoice reader enforces the canonical schema itself', () => {
  it('whatever it returns satisfies SalesInvoiceSchema / PurchaseInvoiceSchema (property)', () => {
    const seen = { ok: 0, refused: 0 };
    fc.assert(
      fc.property(fc.oneof(invoice, nearSample, nearSampleLines), (doc) => {
        seen[check(() => parseKashflowInvoice(doc), SalesInvoiceSchema)]++;
        seen[check(() => parseKashflowPurchase(doc), PurchaseInvoiceSchema)]++;
      }),
      { numRuns: 3_000 },
    );
    // Both outcomes are exercised.
    expect(seen.ok).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(100);
  });

  it('refuses infinite decimals and negative line numbers naming the field', () => {
    const huge = sampleJson('sales-invoice');
    huge.HomeCurrencyGrossAmount = '1e99999999999999999';
    expect(() => parseKashflowInvoice(huge)).toThrow(/\$\.HomeCurrencyGrossAmount: out of range/);
    const paid = { Number: 7, CustomerCode: 'X1', IssuedDate: '2024-01-01 12:00:00', LineItems: [{ Quantity: 1, Rate: 1, NominalCode: 4000 }], PaymentLines: [{ Id: 1, Date: '2024-01-02 12:00:00', Amount: '-1e99999999999999999' }] };
    expect(() => parseKashflowInvoice(paid)).toThrow(/\$\.PaymentLines\[0\]\.Amount: out of range/);
    const negative = { Number: 7, CustomerCode: 'X1', IssuedDate: '2024-01-01 12:00:00', LineItems: [{ Number: -1, Quantity: 1, Rate: 1, NominalCode: 4000 }] };
    expect(() => parseKashflowInvoice(negative)).toThrow(/\$\.LineItems\[0\]\.Number.*must not be negative/);
  });
});

describe('KashFlow decimals out of range', () => {
  const withLine = (patch: Record<string, unknown>): Record<string, unknown> => {
    const base = sampleJson('sales-invoice');
    Object.assign((base.LineItems as Record<string, unknown>[])[0]!, patch);
    return base;
  };
  it.each([
    [{ Quantity: '1e999999' }, /LineItems\[0\]\.Quantity: out of range/],
    [{ Rate: '-1000000000000000' }, /LineItems\[0\]\.Rate: out of range/],
    [{ Rate: '1e-99999' }, /LineItems\[0\]\.Rate: too precise/],
    [{ VATLevel: '20.000000000000000000001' }, /LineItems\[0\]\.VATLevel: too precise/],
  ])('%o is refused naming the field, not overflowing the arithmetic', (patch, message) => {
    expect(() => parseKashflowInvoice(withLine(patch))).toThrow(message);
  });
  it('the largest accepted magnitude still computes exactly', () => {
    const base = sampleJson('sales-invoice');
    for (const k of ['NetAmount', 'VATAmount', 'GrossAmount', 'HomeCurrencyGrossAmount', 'HomeCurrencyVATAmount']) delete base[k];
    base.LineItems = [{ Number: 1, Quantity: '1', Rate: '999999999999999.9999', NominalCode: 4000, VATLevel: '20' }];
    const inv = parseKashflowInvoice(base);
    expect(inv.lines[0]!.net.toFixed(4)).toBe('1000000000000000.0000');
    expect(inv.lines[0]!.vatAmount.toFixed(2)).toBe('200000000000000.00');
  });
});
