import { afterAll, describe, expect, it } from 'vitest';
import type { AxHttpTransport } from '../../../../src/connectors/ax/client/http-transport.js';
import { AxLookups, naturalKeys } from '../../../../src/connectors/ax/writer/index.js';
import { lookUpNaturalKey } from '../../../../src/connectors/ax/writer/natural-key.js';
import { AxDocumentWriter } from '../../../../src/connectors/ax/writer/writer.js';
import { parseXml } from '../../../../src/xml/tree.js';
import { parseCustTrans } from '../../../../src/connectors/ax/writer/cust-trans.js';
import { useSandbox } from '../../../helpers/sandbox.js';
import { invoiceDocument, messageId, paymentDocument, sandboxClient } from './helpers.js';

const sb = useSandbox();
const transports: AxHttpTransport[] = [];
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
});

describe('look-ups by natural key', () => {
  it('finds customers by AccountNum (exact, one criterion) and nothing for an unknown account', async () => {
    const lookups = new AxLookups(sandboxClient(sb(), transports));
    expect(await lookups.customer('GRP-0001')).toEqual([{ AccountNum: 'GRP-0001' }]);
    expect(await lookups.customer('NOBODY-1')).toEqual([]);
    expect(await lookUpNaturalKey(lookups, naturalKeys.customer('GRP-0001'), 'kfuk')).toEqual([{ AccountNum: 'GRP-0001' }]);
  });

  it('finds a free-text invoice by DocumentNum, its payment by DocumentNum, and reads the settlement state', async () => {
    const client = sandboxClient(sb(), transports);
    const writer = new AxDocumentWriter({ client });
    const lookups = writer.lookups;
    await writer.create({ service: 'FreeTextInvoiceService', document: invoiceDocument('LK-1001', { amount: '50.00' }), messageId: messageId(), naturalKey: naturalKeys.freeTextInvoice('LK-1001') });
    const [invoice] = await lookups.freeTextInvoices('LK-1001');
    expect(invoice).toMatchObject({ accountNum: 'GRP-0001', documentNum: 'LK-1001', transType: 'Cust', amountCur: '60.00', openAmountCur: '60.00', state: 'open', closed: '' });
    expect(invoice?.invoice).toMatch(/^FTI-\d{6}$/);
    expect(await lookups.freeTextInvoices('LK-1001', { accountNum: 'KF-OTHER' })).toEqual([]);
    expect(await lookups.customerPayments('LK-1001')).toEqual([]);

    // A part payment, then the rest: partly settled, then settled.
    await writer.create({ service: 'CustPaymJournalService', document: paymentDocument('LK-PAY-1', invoice?.invoice as string, '20.00'), messageId: messageId(), naturalKey: naturalKeys.customerPayment('LK-PAY-1') });
    expect(await lookups.invoiceByInvoiceId(invoice?.invoice as string)).toMatchObject({ state: 'partly-settled', settleAmountCur: '20.00', openAmountCur: '40.00' });
    await writer.create({ service: 'CustPaymJournalService', document: paymentDocument('LK-PAY-2', invoice?.invoice as string, '40.00'), messageId: messageId(), naturalKey: naturalKeys.customerPayment('LK-PAY-2') });
    const settled = await lookups.invoiceByInvoiceId(invoice?.invoice as string);
    expect(settled).toMatchObject({ state: 'settled', settleAmountCur: '60.00', openAmountCur: '0' });
    expect(settled?.closed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(settled?.settledAgainst).toHaveLength(2);

    const [payment] = await lookups.customerPayments('LK-PAY-2');
    expect(payment).toMatchObject({ transType: 'Payment', accountNum: 'GRP-0001', amountCur: '-40.00', state: 'settled' });
    expect(payment?.voucher).toMatch(/^CPV-\d{6}$/);
    expect(await lookUpNaturalKey(lookups, naturalKeys.customerPayment('LK-PAY-2'), undefined)).toEqual([{ Voucher: payment?.voucher, CustTransRecId: payment?.recId }]);
    expect(await lookUpNaturalKey(lookups, naturalKeys.freeTextInvoice('LK-1001', 'GRP-0001'), undefined)).toEqual([{ InvoiceId: invoice?.invoice, CustTransRecId: invoice?.recId }]);
    expect(await lookups.invoiceByInvoiceId('FTI-999999')).toBeUndefined();
  });

  it('defaults the fields AX leaves out of outbound documents', () => {
    const t = parseCustTrans(parseXml('<CustTrans xmlns="http://schemas.microsoft.com/dynamics/2008/01/documents/CustomerTransaction" class="entity"><AccountNum>A</AccountNum><TransType>Cust</TransType><RecId>5</RecId><CustTransOpen class="entity"><AmountCur>10.00</AmountCur></CustTransOpen></CustTrans>'));
    expect(t).toMatchObject({ accountNum: 'A', amountCur: '0', settleAmountCur: '0', openAmountCur: '10.00', state: 'open', invoice: '', closed: '', settledAgainst: [] });
  });
});
