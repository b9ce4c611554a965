import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { KfClient, xmlValue, xmlValues } from './helpers.js';

const sb = useSandbox();
const kf = new KfClient(sb);
let invoiceNumber = 0;
let purchaseNumber = 0;

beforeAll(async () => {
  await kf.login();
  invoiceNumber = (await kf.send('POST', '/invoices', { CustomerCode: 'ALDE01', IssuedDate: '2026-11-01', LineItems: [{ Quantity: 4, Rate: 25, NominalCode: 4000, VATLevel: 20 }] })).json().Number;
  const supplier = (await kf.get('/suppliers?perpage=1')).json().Data[0].Code;
  purchaseNumber = (await kf.send('POST', '/purchases', { SupplierCode: supplier, IssuedDate: '2026-11-01', LineItems: [{ Quantity: 1, Rate: 200, NominalCode: 7500, VATLevel: 20 }] })).json().Number;
});

describe('REST bulk payments [G route]', () => {
  it('records one payment per item, visible in the REST detail and through SOAP GetInvoicePayment', async () => {
    const before = await kf.counts();
    const r = await kf.send('POST', '/invoices/bulk/payments', { Date: '2026-11-20 12:00:00', AccountId: 1, Method: 3, Comment: 'Remittance 42', PaymentItems: [{ ObjectNumber: invoiceNumber, Amount: 30, Reference: 'BACS-1' }, { ObjectNumber: 1001, Amount: '0.01' }] });
    expect(r.status).toBe(201);
    const bulk = r.json();
    expect(bulk).toMatchObject({ Number: 1, Date: '2026-11-20 12:00:00', AccountId: 1, Method: 3, Comment: 'Remittance 42', Reconciled: false });
    expect(bulk.PaymentItems).toHaveLength(2);
    expect(bulk.PaymentItems[0]).toMatchObject({ ObjectNumber: invoiceNumber, Amount: 30, Reference: 'BACS-1', BulkPaymentNumber: 1, ContactReference: 'ALDE01', ObjectIssuedDate: '2026-11-01 12:00:00' });
    expect((await kf.counts()).payments).toBe((before.payments ?? 0) + 2);
    const inv = (await kf.get(`/invoices/${invoiceNumber}`)).json();
    expect(inv.PaymentLines).toHaveLength(1);
    expect(inv.PaymentLines[0]).toMatchObject({ Id: bulk.PaymentItems[0].Id, Date: '2026-11-20 12:00:00', Amount: 30, Method: 3, AccountId: 1, BulkPaymentNumber: 1, Note: 'Remittance 42' });
    expect(inv.TotalPaidAmount).toBe(30);
    const soap = await kf.soap('GetInvoicePayment', `<InvoiceNumber>${invoiceNumber}</InvoiceNumber>`);
    expect(xmlValue(soap.text, 'Status')).toBe('OK');
    expect(xmlValues(soap.text, 'PayID')).toEqual([String(bulk.PaymentItems[0].Id)]);
    expect(xmlValue(soap.text, 'PayAmount')).toBe('30.0000');
    expect(xmlValue(soap.text, 'PayDate')).toBe('2026-11-20T12:00:00');
    const again = await kf.get('/invoices/bulk/payments/1');
    expect(again.status).toBe(200);
    expect(again.json().PaymentItems).toHaveLength(2);
  });

  it('is all or nothing: one bad item rejects the whole bulk, naming the item', async () => {
    const before = await kf.counts();
    const cases: [unknown, RegExp][] = [
      [{ AccountId: 1, Method: 3, PaymentItems: [{ ObjectNumber: invoiceNumber, Amount: 5 }, { ObjectNumber: 999999, Amount: 5 }] }, /^PaymentItems\[1\]\.ObjectNumber: no invoice with number 999999/],
      [{ AccountId: 1, Method: 3, PaymentItems: [{ ObjectNumber: invoiceNumber, Amount: 0 }] }, /^PaymentItems\[0\]\.Amount: must be at least 0\.01/],
      [{ AccountId: 1, Method: 3, PaymentItems: [{ ObjectNumber: invoiceNumber, Amount: -5 }] }, /^PaymentItems\[0\]\.Amount/],
      [{ AccountId: 77, Method: 3, PaymentItems: [{ ObjectNumber: invoiceNumber, Amount: 5 }] }, /^AccountId: unknown bank account 77/],
      [{ AccountId: 1, Method: 42, PaymentItems: [{ ObjectNumber: invoiceNumber, Amount: 5 }] }, /^Method: unknown invoice payment method 42/],
      [{ AccountId: 1, Method: 3, PaymentItems: [] }, /^PaymentItems: must contain at least one payment/],
      [{ AccountId: 1, Method: 3 }, /^PaymentItems: is required/],
      [{ AccountId: 1, Method: 3, Date: '31/12/2026', PaymentItems: [{ ObjectNumber: invoiceNumber, Amount: 5 }] }, /^Date: expected a date/],
    ];
    for (const [body, message] of cases) {
      const r = await kf.send('POST', '/invoices/bulk/payments', body);
      expect(r.status).toBe(400);
      expect(r.json().Message).toMatch(message);
    }
    expect(await kf.counts()).toEqual(before);
    expect((await kf.get(`/invoices/${invoiceNumber}`)).json().PaymentLines).toHaveLength(1);
  });

  it('purchase bulk payments use purchase methods; DELETE removes the payments', async () => {
    const bad = await kf.send('POST', '/purchases/bulk/payments', { AccountId: 1, Method: 6, PaymentItems: [{ ObjectNumber: purchaseNumber, Amount: 10 }] });
    expect(bad.json().Message).toMatch(/^Method: unknown purchase payment method 6/);
    const r = await kf.send('POST', '/purchases/bulk/payments', { AccountId: 2, Method: 4, PaymentItems: [{ ObjectNumber: purchaseNumber, Amount: 240 }] });
    expect(r.status).toBe(201);
    expect((await kf.get(`/purchases/${purchaseNumber}`)).json().Status).toBe('Paid');
    const before = (await kf.counts()).payments ?? 0;
    expect((await kf.send('DELETE', `/purchases/bulk/payments/${r.json().Number}`)).status).toBe(204);
    expect((await kf.counts()).payments).toBe(before - 1);
    const p = (await kf.get(`/purchases/${purchaseNumber}`)).json();
    expect(p.Status).toBe('Unpaid');
    expect(p.PaymentLines).toEqual([]);
    expect((await kf.get(`/purchases/bulk/payments/${r.json().Number}`)).status).toBe(404);
  });

  it('refuses payments into an archived bank account', async () => {
    expect((await kf.send('PUT', '/bankaccounts/3', { IsArchived: true })).status).toBe(200);
    const r = await kf.send('POST', '/invoices/bulk/payments', { AccountId: 3, Method: 1, PaymentItems: [{ ObjectNumber: invoiceNumber, Amount: 1 }] });
    expect(r.status).toBe(400);
    expect(r.json().Message).toMatch(/^AccountId: bank account 3 is archived/);
    await kf.send('PUT', '/bankaccounts/3', { IsArchived: false });
  });
});

describe('SOAP payments', () => {
  it('InsertInvoicePayment returns the new payment id and shows in the REST invoice', async () => {
    const r = await kf.soap('InsertInvoicePayment', `<InvoicePayment><PayID>0</PayID><PayInvoice>${invoiceNumber}</PayInvoice><PayDate>2026-11-22T00:00:00</PayDate><PayNote>Card</PayNote><PayMethod>4</PayMethod><PayAccount>4</PayAccount><PayAmount>50.5</PayAmount></InvoicePayment>`);
    expect(r.status).toBe(200);
    expect(xmlValue(r.text, 'Status')).toBe('OK');
    const id = Number(xmlValue(r.text, 'InsertInvoicePaymentResult'));
    expect(id).toBeGreaterThan(500000);
    const inv = (await kf.get(`/invoices/${invoiceNumber}`)).json();
    const line = inv.PaymentLines.find((p: { Id: number }) => p.Id === id);
    expect(line).toMatchObject({ Date: '2026-11-22 12:00:00', Amount: 50.5, Method: 4, AccountId: 4, Note: 'Card', BulkId: null, BulkPaymentNumber: null });
    expect(inv.TotalPaidAmount).toBe(80.5);
  });

  it('InsertReceiptPayment records a purchase payment', async () => {
    const r = await kf.soap('InsertReceiptPayment', `<ReceiptPayment><PayInvoice>${purchaseNumber}</PayInvoice><PayDate>2026-11-23</PayDate><PayMethod>3</PayMethod><PayAccount>1</PayAccount><PayAmount>100.00</PayAmount></ReceiptPayment>`);
    expect(xmlValue(r.text, 'Status')).toBe('OK');
    const p = (await kf.get(`/purchases/${purchaseNumber}`)).json();
    expect(p.PaymentLines.map((x: { Amount: number }) => x.Amount)).toEqual([100]);
    expect(p.DueAmount).toBe(140);
    const soap = await kf.soap('GetReceiptPayment', `<ReceiptNumber>${purchaseNumber}</ReceiptNumber>`);
    expect(xmlValues(soap.text, 'PayAmount')).toEqual(['100.0000']);
  });

  it('rejections are HTTP 200 with Status NO, a reason, result 0, and record nothing', async () => {
    const before = await kf.counts();
    const cases: [string, RegExp][] = [
      [`<PayInvoice>999999</PayInvoice><PayMethod>3</PayMethod><PayAccount>1</PayAccount><PayAmount>1</PayAmount>`, /PayInvoice: no invoice with number 999999/],
      [`<PayInvoice>${invoiceNumber}</PayInvoice><PayMethod>3</PayMethod><PayAccount>1</PayAccount><PayAmount>0</PayAmount>`, /PayAmount/],
      [`<PayInvoice>${invoiceNumber}</PayInvoice><PayMethod>99</PayMethod><PayAccount>1</PayAccount><PayAmount>1</PayAmount>`, /PayMethod: unknown invoice payment method 99/],
      [`<PayInvoice>${invoiceNumber}</PayInvoice><PayMethod>3</PayMethod><PayAccount>9</PayAccount><PayAmount>1</PayAmount>`, /PayAccount: unknown bank account 9/],
    ];
    for (const [inner, reason] of cases) {
      const r = await kf.soap('InsertInvoicePayment', `<InvoicePayment>${inner}</InvoicePayment>`);
      expect(r.status).toBe(200);
      expect(xmlValue(r.text, 'Status')).toBe('NO');
      expect(xmlValue(r.text, 'StatusDetail')).toMatch(reason);
      expect(xmlValue(r.text, 'InsertInvoicePaymentResult')).toBe('0');
    }
    const none = await kf.soap('InsertInvoicePayment', '');
    expect(xmlValue(none.text, 'Status')).toBe('NO');
    expect(await kf.counts()).toEqual(before);
  });
});
