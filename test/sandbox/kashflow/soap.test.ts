import { request as httpRequest } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { childElement, childElements, parseXml, type XmlElement } from '../../../src/xml/tree.js';
import { useSandbox } from '../../helpers/sandbox.js';
import { KfClient, xmlValue, xmlValues } from './helpers.js';

const sb = useSandbox();
const kf = new KfClient(sb);
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

beforeAll(async () => {
  await kf.login();
});

function body(xml: string): XmlElement {
  const env = parseXml(xml);
  const b = env.children.find((c) => c.name === 'Body');
  const first = b?.children[0];
  if (!first) throw new Error('no body');
  return first;
}

const LINE = (inner: string): string => `<anyType xsi:type="InvoiceLine">${inner}</anyType>`;

describe('reads', () => {
  it('GetInvoice answers the REST invoice in SOAP shape (lines as anyType/InvoiceLine)', async () => {
    const rest = (await kf.get('/invoices/1001')).json();
    const r = await kf.soap('GetInvoice', '<InvoiceNumber>1001</InvoiceNumber>');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/xml/);
    const res = body(r.text);
    expect(res.name).toBe('GetInvoiceResponse');
    expect(res.ns).toBe('KashFlow');
    const inv = childElement(res, 'GetInvoiceResult');
    if (!inv) throw new Error('no result');
    expect(childElement(inv, 'InvoiceNumber')?.text).toBe('1001');
    expect(childElement(inv, 'InvoiceDBID')?.text).toBe(String(rest.Id));
    expect(childElement(inv, 'Customer')?.text).toBe(rest.CustomerCode);
    expect(childElement(inv, 'CustomerID')?.text).toBe(String(rest.CustomerId));
    expect(childElement(inv, 'InvoiceDate')?.text).toBe(rest.IssuedDate.replace(' ', 'T'));
    expect(childElement(inv, 'NetAmount')?.text).toBe(rest.NetAmount.toFixed(4));
    const lines = childElements(childElement(inv, 'Lines') as XmlElement, 'anyType');
    expect(lines).toHaveLength(rest.LineItems.length);
    expect(lines[0]?.attributes.find((a) => a.name === 'type')?.value).toBe('InvoiceLine');
    expect(childElement(lines[0] as XmlElement, 'ChargeType')?.text).toBe(String(rest.LineItems[0].NominalId));
    expect(xmlValue(r.text, 'Status')).toBe('OK');
    expect(r.text).toContain('<StatusDetail/>');
  });

  it('GetInvoice / GetReceipt / GetCustomer for unknown keys answer Status NO', async () => {
    for (const [m, inner] of [['GetInvoice', '<InvoiceNumber>424242</InvoiceNumber>'], ['GetReceipt', '<ReceiptNumber>424242</ReceiptNumber>'], ['GetCustomer', '<CustomerCode>NOPE99</CustomerCode>']] as const) {
      const r = await kf.soap(m, inner);
      expect(r.status).toBe(200);
      expect(xmlValue(r.text, 'Status')).toBe('NO');
      expect(xmlValue(r.text, 'StatusDetail')).toMatch(/not found/);
      expect(r.text).not.toContain(`<${m}Result>`);
    }
  });

  it('GetReceipt answers a purchase; GetCustomer a customer with ExtraText/CheckBox custom fields', async () => {
    const p = (await kf.get('/purchases/5001')).json();
    const r = await kf.soap('GetReceipt', '<ReceiptNumber>5001</ReceiptNumber>');
    expect(xmlValue(r.text, 'Customer')).toBe(p.SupplierCode);
    expect(xmlValue(r.text, 'VATAmount')).toBe(p.VATAmount.toFixed(4));
    const code = (await kf.get('/customers?perpage=1')).json().Data[0].Code;
    const detail = (await kf.get(`/customers/${code}`)).json();
    const c = await kf.soap('GetCustomer', `<CustomerCode>${code.toLowerCase()}</CustomerCode>`);
    expect(xmlValue(c.text, 'Code')).toBe(code);
    expect(xmlValue(c.text, 'CustomerID')).toBe(String(detail.Id));
    expect(xmlValue(c.text, 'ExtraText1')).toBe(detail.CustomTextBoxes[0].Value);
    expect(xmlValue(c.text, 'CheckBox1')).toBe(detail.CustomCheckBoxes[0].Value);
    expect(xmlValue(c.text, 'PaymentTerms')).toBe(String(detail.PaymentTerms.Days));
  });

  it('GetCustomersModifiedSince returns customers changed at or after the instant', async () => {
    const all = await kf.soap('GetCustomersModifiedSince', '<ModifiedSince>2000-01-01T00:00:00</ModifiedSince>');
    expect(xmlValues(all.text, 'CustomerID')).toHaveLength(40);
    await kf.ctl('PUT', '/clock', { advanceMs: 60_000 });
    await kf.send('PUT', '/customers/ALDE01', { Note: 'changed' });
    const r = await kf.soap('GetCustomersModifiedSince', '<ModifiedSince>2026-11-26T12:00:30</ModifiedSince>');
    expect(xmlValues(r.text, 'Code')).toEqual(['ALDE01']);
    expect(xmlValue(r.text, 'Updated')).toBe('2026-11-26T12:01:00');
    const none = await kf.soap('GetCustomersModifiedSince', '<ModifiedSince>2030-01-01T00:00:00Z</ModifiedSince>');
    expect(xmlValue(none.text, 'Status')).toBe('OK');
    expect(xmlValues(none.text, 'Code')).toEqual([]);
  });

  it('reference lists: nominal codes, bank accounts, invoice and receipt payment methods', async () => {
    const n = await kf.soap('GetNominalCodes', '');
    const nominals = (await kf.get('/nominals')).json();
    expect(xmlValues(n.text, 'Code').map(Number)).toEqual(nominals.map((x: { Code: number }) => x.Code));
    expect(xmlValues(n.text, 'id').map(Number)).toEqual(nominals.map((x: { Id: number }) => x.Id));
    const b = await kf.soap('GetBankAccounts', '');
    expect(xmlValues(b.text, 'AccountID')).toEqual(['1', '2', '3', '4']);
    expect(xmlValues(b.text, 'AccountCode')).toEqual(['1200', '1210', '1230', '1250']);
    const inv = await kf.soap('GetInvPayMethods', '');
    expect(xmlValues(inv.text, 'MethodName')).toEqual((await kf.get('/paymentmethods/invoice')).json().map((m: { Name: string }) => m.Name));
    const rec = await kf.soap('GetRecPayMethods', '');
    expect(xmlValues(rec.text, 'MethodID')).toEqual(['1', '2', '3', '4']);
  });
});

describe('InsertInvoice / InsertReceipt', () => {
  it('inserts with lines as anyType (any prefix) and typed InvoiceLine, in any parameter order; visible in REST', async () => {
    const cust = (await kf.get('/customers/ALDE01')).json();
    const nominal4000 = (await kf.get('/nominals/4000')).json().Id;
    const inner = `<Inv>
      <Lines>
        ${LINE(`<Rate>45.00</Rate><Quantity>1</Quantity><Description>Widget</Description><ChargeType>${nominal4000}</ChargeType><VatRate>13.5</VatRate><VatAmount>0</VatAmount><Sort>2</Sort>`)}
        <anyType xmlns:kf="KashFlow" xsi:type="kf:InvoiceLine"><Quantity>2</Quantity><Rate>10</Rate><Description>Exempt thing</Description><ChargeType>${nominal4000}</ChargeType><VatRate>-1</VatRate><Sort>1</Sort></anyType>
        <anyType xmlns:q1="KashFlow" xmlns:p2="http://www.w3.org/2001/XMLSchema-instance" p2:type="q1:InvoiceLine"><Quantity>1</Quantity><Rate>5</Rate><ChargeType>0</ChargeType><VatRate>20</VatRate><Sort>3</Sort></anyType>
        <InvoiceLine><Quantity>1</Quantity><Rate>1</Rate><ChargeType>${nominal4000}</ChargeType><VatRate>0</VatRate><Sort>4</Sort></InvoiceLine>
      </Lines>
      <CustomerReference/>
      <InvoiceNumber>0</InvoiceNumber><NetAmount>0</NetAmount><VATAmount>0</VATAmount><AmountPaid>0</AmountPaid><Paid>0</Paid>
      <CustomerID>${cust.Id}</CustomerID><InvoiceDate>2026-11-25T00:00:00</InvoiceDate><DueDate/><ProjectID/>
    </Inv>`;
    const r = await kf.soap('InsertInvoice', `<Password>${kf.creds.password}</Password>${inner}`, { credentials: false, headerXml: `<Auth xmlns="urn:unrelated" soap:mustUnderstand="0"><Ticket>abc</Ticket></Auth>` }).then(async (res) => res);
    expect(r.status).toBe(200);
    // credentials were sent without UserName → refused
    expect(xmlValue(r.text, 'Status')).toBe('NO');
    const ok = await kf.soap('InsertInvoice', `${inner}<Password>${kf.creds.password}</Password><UserName>${kf.creds.username}</UserName>`, { credentials: false, headerXml: `<Auth xmlns="urn:unrelated"><Ticket>abc</Ticket></Auth>` });
    expect(xmlValue(ok.text, 'Status')).toBe('OK');
    const number = Number(xmlValue(ok.text, 'InsertInvoiceResult'));
    expect(number).toBeGreaterThan(1024);
    const inv = (await kf.get(`/invoices/${number}`)).json();
    expect(inv.CustomerCode).toBe('ALDE01');
    expect(inv.IssuedDate).toBe('2026-11-25 12:00:00');
    expect(inv.LineItems.map((l: { Description: string }) => l.Description)).toEqual(['Exempt thing', 'Widget', '', '']);
    expect(inv.LineItems[0]).toMatchObject({ VATExempt: true, VATAmount: 0 });
    expect(inv.LineItems[1]).toMatchObject({ VATLevel: 13.5, VATAmount: 6.08, NominalCode: 4000 });
    expect(inv.LineItems[2].NominalCode).toBe(cust.DefaultNominalCode);
    expect(inv.NetAmount).toBe(71);
    expect(inv.VATAmount).toBe(7.08);
    expect(inv.CustomerReference).toBe('');
    expect(cust.PaymentTerms.Type).toBe('AfterIssuedDate');
    expect(inv.DueDate).toBe(`${new Date(Date.UTC(2026, 10, 25 + cust.PaymentTerms.Days)).toISOString().slice(0, 10)} 12:00:00`);
  });

  it('resolves the customer by code when CustomerID is 0, converts home-currency rates for foreign documents', async () => {
    await kf.send('POST', '/customers', { Code: 'USD01', Name: 'Yankee Inc', Currency: { Code: 'USD' } });
    const nominal = (await kf.get('/nominals/4000')).json().Id;
    const r = await kf.soap('InsertInvoice', `<Inv><Customer>usd01</Customer><CustomerID>0</CustomerID><Lines>${LINE(`<Quantity>1</Quantity><Rate>100</Rate><ChargeType>${nominal}</ChargeType><VatRate>0</VatRate>`)}${LINE(`<Quantity>1</Quantity><Rate>50</Rate><ChargeType>${nominal}</ChargeType><VatRate>0</VatRate><ValuesInCurrency>1</ValuesInCurrency>`)}</Lines></Inv>`);
    expect(xmlValue(r.text, 'Status')).toBe('OK');
    const inv = (await kf.get(`/invoices/${xmlValue(r.text, 'InsertInvoiceResult')}`)).json();
    expect(inv.Currency.Code).toBe('USD');
    expect(inv.LineItems[0].Rate).toBe(127);
    expect(inv.LineItems[1].Rate).toBe(50);
  });

  it('an invoice created over REST is readable over SOAP', async () => {
    const rest = (await kf.send('POST', '/invoices', { CustomerCode: 'ALDE01', CustomerReference: 'R2S', LineItems: [{ Quantity: 3, Rate: 2.5, NominalCode: 4010 }] })).json();
    const r = await kf.soap('GetInvoice', `<InvoiceNumber>${rest.Number}</InvoiceNumber>`);
    expect(xmlValue(r.text, 'CustomerReference')).toBe('R2S');
    expect(xmlValue(r.text, 'NetAmount')).toBe('7.5000');
    expect(xmlValue(r.text, 'Paid')).toBe('0');
  });

  it('InsertReceipt creates a purchase from a supplier id', async () => {
    const sup = (await kf.get('/suppliers?perpage=1')).json().Data[0];
    const nominal = (await kf.get('/nominals/7500')).json().Id;
    const r = await kf.soap('InsertReceipt', `<Inv><CustomerID>${sup.Id}</CustomerID><CustomerReference>SUP-INV-1</CustomerReference><InvoiceDate>2026-11-24T00:00:00</InvoiceDate><Lines>${LINE(`<Quantity>2</Quantity><Rate>12.5</Rate><ChargeType>${nominal}</ChargeType><VatRate>20</VatRate>`)}</Lines></Inv>`);
    expect(xmlValue(r.text, 'Status')).toBe('OK');
    const p = (await kf.get(`/purchases/${xmlValue(r.text, 'InsertReceiptResult')}`)).json();
    expect(p).toMatchObject({ SupplierCode: sup.Code, SupplierReference: 'SUP-INV-1', NetAmount: 25, VATAmount: 5, GrossAmount: 30 });
  });

  it('rejects bad invoices with Status NO and stores nothing', async () => {
    const before = await kf.counts();
    const nominal = (await kf.get('/nominals/4000')).json().Id;
    const cases: [string, RegExp][] = [
      ['<Inv><CustomerID>1</CustomerID></Inv>', /CustomerID: no customer with id 1/],
      ['<Inv><Customer>NOPE</Customer></Inv>', /Customer: no customer with code "NOPE"/],
      ['<Inv></Inv>', /a customer is required/],
      [`<Inv><Customer>ALDE01</Customer><Lines>${LINE('<Quantity>1</Quantity><Rate>1</Rate><ChargeType>4000</ChargeType>')}</Lines></Inv>`, /ChargeType 4000 is not a nominal id/],
      [`<Inv><Customer>ALDE01</Customer><Lines>${LINE(`<Quantity>-1</Quantity><Rate>1</Rate><ChargeType>${nominal}</ChargeType>`)}</Lines></Inv>`, /Line 1: Quantity must not be negative/],
      [`<Inv><Customer>ALDE01</Customer><Lines><anyType xsi:type="Payment"><PayID>1</PayID></anyType></Lines></Inv>`, /Line 1: expected an InvoiceLine/],
      [`<Inv><Customer>ALDE01</Customer><InvoiceNumber>1001</InvoiceNumber></Inv>`, /InvoiceNumber: invoice number 1001 already exists/],
      [`<Inv><Customer>ALDE01</Customer><CurrencyCode>XXX</CurrencyCode></Inv>`, /CurrencyCode: unknown currency "XXX"/],
      ['', /Inv: no invoice was supplied/],
    ];
    for (const [inner, reason] of cases) {
      const r = await kf.soap('InsertInvoice', inner);
      expect(r.status).toBe(200);
      expect(xmlValue(r.text, 'Status')).toBe('NO');
      expect(xmlValue(r.text, 'StatusDetail')).toMatch(reason);
      expect(xmlValue(r.text, 'InsertInvoiceResult')).toBe('0');
    }
    expect(await kf.counts()).toEqual(before);
  });

  it('a value that is not a number is a client fault naming the element', async () => {
    const before = await kf.counts();
    const r = await kf.soap('InsertInvoice', `<Inv><Customer>ALDE01</Customer><Lines>${LINE('<Quantity>lots</Quantity><Rate>1</Rate>')}</Lines></Inv>`);
    expect(r.status).toBe(500);
    expect(xmlValue(r.text, 'faultcode')).toBe('soap:Client');
    expect(xmlValue(r.text, 'faultstring')).toMatch(/Quantity/);
    expect(await kf.counts()).toEqual(before);
  });
});

describe('envelopes, versions and credentials', () => {
  it('SOAP 1.2 with the action in the content type answers a 1.2 envelope', async () => {
    const r = await kf.soap('GetInvPayMethods', '', { version: '1.2' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/soap\+xml/);
    expect(parseXml(r.text).ns).toBe(SOAP12);
    expect(xmlValue(r.text, 'Status')).toBe('OK');
  });

  it('SOAP 1.2 without an action is dispatched on the body element; SOAP 1.1 without SOAPAction too', async () => {
    const r12 = await kf.soap('GetRecPayMethods', '', { version: '1.2', action: null });
    expect(parseXml(r12.text).ns).toBe(SOAP12);
    expect(xmlValue(r12.text, 'Status')).toBe('OK');
    const r11 = await kf.soap('GetRecPayMethods', '', { action: null });
    expect(parseXml(r11.text).ns).toBe(SOAP11);
    expect(xmlValue(r11.text, 'Status')).toBe('OK');
  });

  it('wrong credentials are HTTP 200 with Status NO and count towards the lock-out', async () => {
    const r = await kf.soap('GetBankAccounts', '', { password: 'wrong' });
    expect(r.status).toBe(200);
    expect(xmlValue(r.text, 'Status')).toBe('NO');
    expect(xmlValue(r.text, 'StatusDetail')).toBe('Incorrect username or password');
    expect(r.text).not.toContain('<GetBankAccountsResult>');
    expect((await kf.ctl('GET', '/kashflow/lock')).body.failedAttempts).toBe(1);
    for (let i = 0; i < 4; i++) await kf.soap('GetBankAccounts', '', { password: 'wrong' });
    const locked = await kf.soap('GetBankAccounts', '');
    expect(xmlValue(locked.text, 'Status')).toBe('NO');
    expect(xmlValue(locked.text, 'StatusDetail')).toMatch(/locked/);
    expect((await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password })).json().Error).toBe('AccountLocked');
    await kf.ctl('POST', '/kashflow/unlock');
    expect(xmlValue((await kf.soap('GetBankAccounts', '')).text, 'Status')).toBe('OK');
    const nouser = await kf.soap('GetBankAccounts', '', { credentials: false });
    expect(xmlValue(nouser.text, 'Status')).toBe('NO');
  });

  it('unknown methods and mismatched SOAPActions are ASMX client faults (HTTP 500)', async () => {
    const unknown = await kf.soap('DeleteEverything', '');
    expect(unknown.status).toBe(500);
    expect(xmlValue(unknown.text, 'faultcode')).toBe('soap:Client');
    expect(xmlValue(unknown.text, 'faultstring')).toMatch(/did not recognize the value of HTTP Header SOAPAction: KashFlow\/DeleteEverything/);
    const mismatch = await kf.soap('GetBankAccounts', '', { action: 'KashFlow/GetNominalCodes' });
    expect(mismatch.status).toBe(500);
    expect(xmlValue(mismatch.text, 'faultstring')).toMatch(/does not match/);
    const unknown12 = await kf.soap('DeleteEverything', '', { version: '1.2' });
    expect(unknown12.status).toBe(500);
    expect(xmlValue(unknown12.text, 'Value')).toBe('soap:Sender');
    const wrongNs = await kf.soapRaw(`<soap:Envelope xmlns:soap="${SOAP11}"><soap:Body><GetBankAccounts xmlns="urn:other"/></soap:Body></soap:Envelope>`);
    expect(wrongNs.status).toBe(500);
  });

  it('malformed XML, DOCTYPE/entities and non-envelopes are refused without side effects', async () => {
    const before = await kf.counts();
    const inner = `<UserName>${kf.creds.username}</UserName><Password>${kf.creds.password}</Password><Inv><Customer>ALDE01</Customer></Inv>`;
    const bodies = [
      `<soap:Envelope xmlns:soap="${SOAP11}"><soap:Body><InsertInvoice xmlns="KashFlow">${inner}</soap:Body></soap:Envelope>`,
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "ALDE01">]><soap:Envelope xmlns:soap="${SOAP11}"><soap:Body><InsertInvoice xmlns="KashFlow">${inner.replace('ALDE01', '&e;')}</InsertInvoice></soap:Body></soap:Envelope>`,
      `<InsertInvoice xmlns="KashFlow">${inner}</InsertInvoice>`,
      `<soap:Envelope xmlns:soap="${SOAP11}"><soap:Body/></soap:Envelope>`,
      '',
      'not xml at all',
    ];
    for (const b of bodies) {
      const r = await kf.soapRaw(b, { action: 'KashFlow/InsertInvoice' });
      expect(r.status).toBe(500);
      expect(xmlValue(r.text, 'faultcode')).toBe('soap:Client');
      expect(xmlValue(r.text, 'faultstring')).toMatch(/^Server was unable to read request/);
    }
    expect(await kf.counts()).toEqual(before);
  });

  it('an oversized body gets 413 and changes nothing', async () => {
    const before = await kf.counts();
    const pad = 'x'.repeat(1024 * 1024 + 10);
    const r = await kf.soap('InsertInvoice', `<Inv><Customer>ALDE01</Customer><CustomerReference>${pad}</CustomerReference></Inv>`);
    expect(r.status).toBe(413);
    expect(await kf.counts()).toEqual(before);
  });
});

describe('WSDL', () => {
  it('is served for ?WSDL in any case, parses, and lists exactly the implemented methods in both bindings', async () => {
    const methods = ['GetBankAccounts', 'GetCustomer', 'GetCustomersModifiedSince', 'GetInvoice', 'GetInvoicePayment', 'GetInvPayMethods', 'GetNominalCodes', 'GetReceipt', 'GetReceiptPayment', 'GetRecPayMethods', 'InsertInvoice', 'InsertInvoicePayment', 'InsertReceipt', 'InsertReceiptPayment'];
    for (const q of ['WSDL', 'wsdl', 'Wsdl']) {
      const r = await fetch(`${kf.soapUrl}?${q}`);
      expect(r.status).toBe(200);
      const doc = parseXml(await r.text());
      expect(doc.name).toBe('definitions');
      expect(doc.ns).toBe('http://schemas.xmlsoap.org/wsdl/');
      const portType = childElement(doc, 'portType') as XmlElement;
      expect(childElements(portType, 'operation').map((o) => o.attributes.find((a) => a.name === 'name')?.value).sort()).toEqual([...methods].sort());
      const bindings = childElements(doc, 'binding');
      expect(bindings.map((b) => b.attributes.find((a) => a.name === 'name')?.value)).toEqual(['KashFlowAPISoap', 'KashFlowAPISoap12']);
      expect(bindings[1]?.children[0]?.ns).toBe('http://schemas.xmlsoap.org/wsdl/soap12/');
      for (const b of bindings) {
        const ops = childElements(b, 'operation');
        expect(ops).toHaveLength(methods.length);
        const action = childElement(ops.find((o) => o.attributes.some((a) => a.value === 'InsertInvoice')) as XmlElement, 'operation');
        expect(action?.attributes.find((a) => a.name === 'soapAction')?.value).toBe('KashFlow/InsertInvoice');
      }
      const schema = childElement(childElement(doc, 'types') as XmlElement, 'schema') as XmlElement;
      const types = childElements(schema, 'complexType').map((t) => t.attributes.find((a) => a.name === 'name')?.value);
      expect(types).toEqual(expect.arrayContaining(['Invoice', 'InvoiceLine', 'Payment', 'Customer', 'NominalCode', 'BankAccount', 'PaymentMethod', 'ArrayOfAnyType']));
      const service = childElement(doc, 'service') as XmlElement;
      for (const port of childElements(service, 'port')) expect(port.children[0]?.attributes.find((a) => a.name === 'location')?.value).toBe(kf.soapUrl);
    }
  });

  it('uses the Host header the client sent for soap:address', async () => {
    const url = new URL(kf.soapUrl);
    const text = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, path: '/api/service.asmx?wsdl', headers: { host: 'kashflow.test:8443' } }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve(data));
      });
      req.on('error', reject);
      req.end();
    });
    expect(text).toContain('location="http://kashflow.test:8443/api/service.asmx"');
  });

  it('a plain GET shows the service page', async () => {
    const r = await fetch(kf.soapUrl);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('InsertInvoicePayment');
  });
});
