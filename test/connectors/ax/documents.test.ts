import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/canonical/money.js';
import { AX_SERVICES, axDocumentXml, money, plain, schemaOrder, type AccountTableDocument, type FreeTextInvoiceDocument, type LedgerJournalDocument } from '../../../src/connectors/ax/documents/index.js';
import { recordNode } from '../../../src/connectors/ax/documents/record.js';
import { buildXml } from '../../../src/xml/build.js';
import { attributeValue, childElement, childElements, parseXml, xsiType, type XmlElement } from '../../../src/xml/tree.js';

const SHARED = 'http://schemas.microsoft.com/dynamics/2008/01/sharedtypes';

const invoice: FreeTextInvoiceDocument = {
  kind: 'freeTextInvoice',
  header: { orderAccount: 'KF-A & B', invoiceAccount: 'KF-A & B', currencyCode: 'EUR', invoiceDate: '2026-11-18', dueDate: '2026-12-18', documentNum: '1101', exchRate: new Dec('85.470085'), defaultDimension: [{ name: 'Channel', value: 'B2B' }] },
  lines: [
    {
      lineNum: 1,
      description: 'Bracket <oak> "large"',
      quantity: new Dec('2.5'),
      unitPrice: new Dec('11.8900'),
      amountCur: new Dec('29.725'),
      ledgerDimension: { account: '401100', displayValue: '401100-010-SALES', values: [{ name: 'BusinessUnit', value: '010' }, { name: 'Department', value: 'SALES' }] },
      taxGroup: 'DOM',
      taxItemGroup: 'STD',
      defaultDimension: [],
    },
  ],
};

function names(el: XmlElement): string[] {
  return el.children.map((c) => c.name);
}

describe('AX free-text invoice XML', () => {
  const root = parseXml(axDocumentXml(invoice));
  const header = childElement(root, 'CustInvoiceTable') as XmlElement;
  const line = childElement(header, 'CustInvoiceLine') as XmlElement;

  it('uses the document namespace from the reference and class="entity" records', () => {
    expect(root.name).toBe('FreeTextInvoice');
    expect(root.ns).toBe('http://schemas.microsoft.com/dynamics/2008/01/documents/FreeTextInvoice');
    expect(attributeValue(header, 'class')).toBe('entity');
    expect(attributeValue(line, 'class')).toBe('entity');
    expect(AX_SERVICES.freeTextInvoice).toEqual({ service: 'FreeTextInvoiceService', document: 'FreeTextInvoice' });
  });

  it('emits fields alphabetically with child entities last', () => {
    expect(names(header)).toEqual(['CurrencyCode', 'DefaultDimension', 'DocumentNum', 'DueDate', 'ExchRate', 'InvoiceAccount', 'InvoiceDate', 'OrderAccount', 'CustInvoiceLine']);
    expect(names(line)).toEqual(['AmountCur', 'Description', 'LedgerDimension', 'LineNum', 'Quantity', 'TaxGroup', 'TaxItemGroup', 'UnitPrice']);
    expect(schemaOrder(['b', 'RecId', '_DocumentHash', 'A'])).toEqual(['_DocumentHash', 'A', 'b', 'RecId']);
    // Records with the same field list share its order; another list of the same length gets its own.
    const xml = (fields: Record<string, string>): string => buildXml(recordNode({ name: 'R', fields }));
    expect(xml({ b: '1', A: '2' })).toBe('<R class="entity"><A>2</A><b>1</b></R>');
    expect(xml({ b: '3', A: '4' })).toBe('<R class="entity"><A>4</A><b>3</b></R>');
    expect(xml({ A: '5', b: '6' })).toBe('<R class="entity"><A>5</A><b>6</b></R>');
    expect(xml({ z: '7', c: '8' })).toBe('<R class="entity"><c>8</c><z>7</z></R>');
  });

  it('formats money with 2 dp, keeps prices exact, escapes text', () => {
    expect(childElement(line, 'AmountCur')?.text).toBe('29.73');
    expect(childElement(line, 'UnitPrice')?.text).toBe('11.89');
    expect(childElement(line, 'Quantity')?.text).toBe('2.5');
    expect(childElement(line, 'Description')?.text).toBe('Bracket <oak> "large"');
    expect(childElement(header, 'OrderAccount')?.text).toBe('KF-A & B');
    expect(childElement(header, 'ExchRate')?.text).toBe('85.470085');
  });

  it('formats every decimal as the decimal.js text rules say (the integer path for short values, decimal.js for the rest)', () => {
    const value = fc.oneof(
      fc.tuple(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 9 })).map(([u, dp]) => new Dec(`${u}e-${dp}`)),
      fc.constantFrom(new Dec(0), new Dec(-0), new Dec('-0.001'), new Dec('0.005'), new Dec('-0.005'), new Dec('1e-7'), new Dec('1e20'), new Dec('-123456789012345.6789'), new Dec('9007199254740993')),
    );
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 6 }), (v, minDp) => {
        expect(money(v)).toBe(v.toFixed(2, Dec.ROUND_HALF_UP));
        expect(plain(v, minDp)).toBe(v.toFixed(Math.max(minDp, v.decimalPlaces())));
        expect(plain(v)).toBe(v.toFixed(v.decimalPlaces()));
      }),
      { numRuns: 3000, seed: 17 },
    );
  });

  it('writes dimensions in the sharedtypes namespace', () => {
    const ld = childElement(line, 'LedgerDimension') as XmlElement;
    expect(names(ld)).toEqual(['Account', 'DisplayValue', 'Values']);
    for (const c of ld.children) expect(c.ns).toBe(SHARED);
    expect(childElement(ld, 'DisplayValue')?.text).toBe('401100-010-SALES');
    const values = childElements(childElement(ld, 'Values') as XmlElement, 'Value', SHARED);
    expect(values.map((v) => [childElement(v, 'Name', SHARED)?.text, childElement(v, 'Value', SHARED)?.text])).toEqual([
      ['BusinessUnit', '010'],
      ['Department', 'SALES'],
    ]);
    const dd = childElement(header, 'DefaultDimension') as XmlElement;
    expect(childElement(dd, 'Values', SHARED)).toBeDefined();
    expect(childElement(line, 'DefaultDimension')).toBeUndefined();
  });
});

describe('AX journal and customer XML', () => {
  it('builds a customer payment journal with Cust/Bank accounts and MarkedInvoice', () => {
    const doc: LedgerJournalDocument = {
      kind: 'customerPaymentJournal',
      header: { journalName: 'CustPay', name: 'r', currencyCode: 'GBP' },
      lines: [{ accountType: 'Cust', ledgerDimension: { account: 'KF-1', displayValue: 'KF-1', values: [] }, offsetAccountType: 'Bank', offsetLedgerDimension: { account: 'BARC-CUR', displayValue: 'BARC-CUR', values: [] }, amountCurCredit: new Dec(120), currencyCode: 'GBP', transDate: '2024-05-01', markedInvoice: 'FTI-1', defaultDimension: [] }],
    };
    const root = parseXml(axDocumentXml(doc));
    expect([root.name, root.ns]).toEqual(['CustPaymJournal', 'http://schemas.microsoft.com/dynamics/2008/01/documents/CustPaymJournal']);
    const trans = childElement(childElement(root, 'LedgerJournalTable') as XmlElement, 'LedgerJournalTrans') as XmlElement;
    expect(names(trans)).toEqual(['AccountType', 'AmountCurCredit', 'CurrencyCode', 'LedgerDimension', 'MarkedInvoice', 'OffsetAccountType', 'OffsetLedgerDimension', 'TransDate']);
    expect(childElement(trans, 'AmountCurCredit')?.text).toBe('120.00');
    expect(childElement(childElement(trans, 'OffsetLedgerDimension') as XmlElement, 'Account', SHARED)?.text).toBe('BARC-CUR');
  });

  it('builds a customer with DirParty xsi:type, address and contacts', () => {
    const doc: AccountTableDocument = {
      kind: 'customer',
      accountNum: 'KF-RAVE01',
      group: 'UK',
      currency: 'GBP',
      paymTermId: 'Net30',
      taxGroup: 'DOM',
      defaultDimension: [],
      extraFields: { CreditMax: '5000' },
      party: { type: 'Organization', name: 'Ravensworth', languageId: 'en-gb', addresses: [{ street: '1 High St', city: 'Leeds', county: '', zipCode: 'LS1 1AA', countryRegionId: 'GBR', roles: 'Invoice', isPrimary: true }], contacts: [{ type: 'Email', locator: 'a@b.example', isPrimary: true }] },
    };
    const root = parseXml(axDocumentXml(doc));
    expect([root.name, root.ns]).toEqual(['Customer', 'http://schemas.microsoft.com/dynamics/2008/01/documents/Customer']);
    const cust = childElement(root, 'CustTable') as XmlElement;
    expect(names(cust)).toEqual(['AccountNum', 'CreditMax', 'Currency', 'CustGroup', 'PaymTermId', 'TaxGroup', 'DirParty']);
    const party = childElement(cust, 'DirParty') as XmlElement;
    expect(xsiType(party)).toEqual({ name: 'AxdEntity_DirParty_DirOrganization', ns: 'http://schemas.microsoft.com/dynamics/2008/01/documents/Customer' });
    expect(names(party)).toEqual(['LanguageId', 'Name', 'DirPartyPostalAddressView', 'DirPartyContactInfoView']);
    const addr = childElement(party, 'DirPartyPostalAddressView') as XmlElement;
    expect(names(addr)).toEqual(['City', 'CountryRegionId', 'IsPrimary', 'Roles', 'Street', 'ZipCode']);
  });
});
