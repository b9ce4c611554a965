import { describe, expect, it } from 'vitest';
import { controlRequest, useSandbox } from '../../helpers/sandbox.js';
import { account, AifClient, criteria, doc, entityKeys, f, fieldOf, keysOf, rec, recordsOf } from './aif-client.js';

const sb = useSandbox();
const ax = new AifClient(sb);
const control = (method: string, path: string, body?: unknown) => controlRequest(sb().endpoints.control.axUrl, method, path, body);

type Node = ReturnType<typeof rec>;
interface LineOpts {
  type?: string;
  acc: string;
  display?: string;
  values?: [string, string][];
  debit?: string;
  credit?: string;
  offsetType?: string;
  offset?: string;
  marked?: string;
  invoice?: string;
  documentNum?: string;
  date?: string;
  taxGroup?: string;
  taxItemGroup?: string;
  voucher?: string;
  txt?: string;
}
const trans = (o: LineOpts): Node =>
  rec('LedgerJournalTrans', [
    f('AccountType', o.type ?? 'Ledger'),
    f('AmountCurCredit', o.credit),
    f('AmountCurDebit', o.debit),
    f('CurrencyCode', 'GBP'),
    f('DocumentNum', o.documentNum),
    f('Invoice', o.invoice),
    account('LedgerDimension', o.acc, o.display ?? o.acc, o.values),
    f('MarkedInvoice', o.marked),
    f('OffsetAccountType', o.offsetType),
    o.offset ? account('OffsetLedgerDimension', o.offset, o.offset) : undefined,
    f('TaxGroup', o.taxGroup),
    f('TaxItemGroup', o.taxItemGroup),
    f('TransDate', o.date ?? '2026-11-25'),
    f('Txt', o.txt ?? 'kfax test'),
    f('Voucher', o.voucher),
  ]);
const journal = (name: string, lines: Node[]): Node => rec('LedgerJournalTable', [f('JournalName', name), f('Name', `Test ${name}`), ...lines]);

const general = (...lines: Node[]) => ax.call('GeneralJournalService', 'create', [doc('LedgerGeneralJournal', [journal('GenJrn', lines)])]);
const payment = (...lines: Node[]) => ax.call('CustPaymJournalService', 'create', [doc('CustPaymJournal', [journal('CustPay', lines)])]);

interface TransView {
  recId: number;
  invoice: string;
  accountNum: string;
  amountCur: number;
  settleAmountCur: number;
  openAmountCur: number;
  status: string;
  closed: string | null;
  transType: string;
  voucher: string;
}

async function invoiceFor(customer: string, amount: string, documentNum: string): Promise<string> {
  const r = await ax.call('FreeTextInvoiceService', 'create', [doc('FreeTextInvoice', [rec('CustInvoiceTable', [f('DocumentNum', documentNum), f('InvoiceDate', '2026-11-10'), f('OrderAccount', customer), rec('CustInvoiceLine', [f('AmountCur', amount), account('LedgerDimension', '401100', '401100'), f('TaxItemGroup', 'ZERO')])])])]);
  expect(r.status).toBe(200);
  const [t] = (await control('GET', `/ax/kfuk/custtrans?documentNum=${documentNum}`)).body as TransView[];
  return t?.invoice ?? '';
}

async function invoiceTrans(invoice: string): Promise<TransView | undefined> {
  return ((await control('GET', `/ax/kfuk/custtrans?invoice=${invoice}`)).body as TransView[]).find((t) => t.transType === 'Cust');
}

async function aCustomer(account: string): Promise<void> {
  const r = await ax.call('CustomerService', 'create', [doc('Customer', [rec('CustTable', [f('AccountNum', account), f('Currency', 'GBP'), f('CustGroup', 'UK'), f('PaymTermId', 'Net14'), rec('DirParty', [f('Name', account)], { 'xsi:type': 'AxdEntity_DirParty_DirOrganization' })])])]);
  expect(r.status).toBe(200);
}

describe('GeneralJournalService', () => {
  it('posts a balanced journal, assigns vouchers and reads it back', async () => {
    const r = await general(trans({ acc: '607100', display: '607100-010-ADMIN', values: [['BusinessUnit', '010'], ['Department', 'ADMIN']], debit: '100.00', documentNum: 'KFJ-1' }), trans({ acc: '110110', credit: '100.00', documentNum: 'KFJ-1' }), trans({ acc: '618100', display: '618100', debit: '12.50', offsetType: 'Bank', offset: 'BARC-CUR' }));
    expect(r.status).toBe(200);
    const [[[field, journalNum] = ['', '']] = []] = keysOf(r.body);
    expect(field).toBe('JournalNum');
    expect(journalNum).toMatch(/^JNL-\d{6}$/);
    const read = await ax.call('GeneralJournalService', 'read', [entityKeys([[['JournalNum', journalNum]]])]);
    const table = recordsOf(read.body, 'LedgerGeneralJournal', 'LedgerJournalTable')[0];
    expect(fieldOf(table, 'Posted')).toBe('Yes');
    expect(fieldOf(table, 'JournalName')).toBe('GenJrn');
    const lines = table?.children.filter((c) => c.name === 'LedgerJournalTrans') ?? [];
    expect(lines).toHaveLength(3);
    const vouchers = lines.map((l) => fieldOf(l, 'Voucher'));
    expect(vouchers[0]).toMatch(/^GJV-\d{6}$/);
    expect(vouchers[1]).toBe(vouchers[0]); // in connection with balance
    expect(vouchers[2]).not.toBe(vouchers[0]);
    expect(fieldOf(lines[0], 'AccountType')).toBe('Ledger');
    expect(JSON.stringify(lines[0])).toContain('607100-010-ADMIN');
    const ledger = (await control('GET', `/ax/kfuk/ledger?voucher=${vouchers[2]}`)).body as { entries: { mainAccount: string; amountMST: number }[] };
    expect(ledger.entries.map((e) => [e.mainAccount, e.amountMST])).toEqual([
      ['618100', 12.5],
      ['110110', -12.5],
    ]);
  });

  it('refuses an unbalanced voucher at posting and stores nothing', async () => {
    const before = await control('GET', '/ax/counts?company=kfuk');
    const r = await general(trans({ acc: '607100', debit: '100.00' }), trans({ acc: '110110', credit: '90.00' }));
    expect(r.status).toBe(500);
    expect(r.fault?.codes).toEqual(['UnbalancedVoucher']);
    expect(r.fault?.infolog[0]).toMatch(/^The transactions on voucher GJV-\d{6} do not balance as per 2026-11-25\. \(accounting currency: 10\.00\)$/);
    const explicit = await general(trans({ acc: '607100', debit: '5.00', voucher: 'MY-V1' }), trans({ acc: '110110', credit: '4.00', voucher: 'MY-V1' }));
    expect(explicit.fault?.infolog[0]).toContain('voucher MY-V1');
    expect((await control('GET', '/ax/counts?company=kfuk')).body).toEqual(before.body);
  });

  it('refuses a journal name of the wrong type and bad lines', async () => {
    const r = await ax.call('GeneralJournalService', 'create', [doc('LedgerGeneralJournal', [journal('CustPay', [trans({ acc: '607100', debit: '1' }), trans({ acc: '110110', credit: '1' })])])]);
    expect(r.fault?.infolog).toEqual(['Journal name CustPay is of type Customer payment; the GeneralJournalService requires a journal name of type Daily.']);
    const unknown = await ax.call('GeneralJournalService', 'create', [doc('LedgerGeneralJournal', [journal('NoSuch', [trans({ acc: '607100', debit: '1' })])])]);
    expect(unknown.fault?.infolog).toEqual(['Journal name NoSuch does not exist.']);
    const both = await general(trans({ acc: '607100', debit: '1', credit: '1' }));
    expect(both.fault?.infolog).toEqual(['A line cannot have both a debit and a credit amount.']);
    const none = await general(trans({ acc: '607100' }));
    expect(none.fault?.infolog).toEqual(["Field 'AmountCurDebit' or 'AmountCurCredit' must be filled in."]);
    const badCust = await general(trans({ type: 'Cust', acc: 'NOBODY', debit: '1', offset: '110110' }));
    expect(badCust.fault?.infolog).toEqual(['Customer account NOBODY does not exist.']);
    const badBank = await general(trans({ acc: '618100', debit: '1', offsetType: 'Bank', offset: 'NOBANK' }));
    expect(badBank.fault?.infolog).toEqual(['Bank account NOBANK does not exist.']);
    expect(badBank.fault?.fields).toEqual(['OffsetLedgerDimension']);
    const badVend = await general(trans({ type: 'Vend', acc: 'NOVEND', credit: '1', offset: '607100' }));
    expect(badVend.fault?.infolog).toEqual(['Vendor account NOVEND does not exist.']);
  });

  it('is not readable through the payment journal service (create only)', async () => {
    const r = await ax.call('CustPaymJournalService', 'read', [entityKeys([[['JournalNum', 'JNL-000001']]])]);
    expect(r.fault?.faultcode).toBe('a:ActionNotSupported');
  });
});

describe('CustPaymJournalService with MarkedInvoice', () => {
  it('settles an invoice in full: invoice and payment closed, CustTransOpen gone', async () => {
    await aCustomer('PAY-FULL');
    const inv = await invoiceFor('PAY-FULL', '100.00', 'PF-1');
    const r = await payment(trans({ type: 'Cust', acc: 'PAY-FULL', credit: '100.00', marked: inv, offsetType: 'Bank', offset: 'BARC-CUR', documentNum: 'RCPT-1' }));
    expect(r.status).toBe(200);
    const invoice = await invoiceTrans(inv);
    expect(invoice).toMatchObject({ status: 'settled', settleAmountCur: 100, openAmountCur: 0, closed: '2026-11-25' });
    const pay = ((await control('GET', '/ax/kfuk/custtrans?documentNum=RCPT-1')).body as TransView[])[0];
    expect(pay).toMatchObject({ transType: 'Payment', amountCur: -100, status: 'settled' });
    expect(pay?.voucher).toMatch(/^CPV-\d{6}$/);
    const found = await ax.call('CustomerTransactionService', 'find', [criteria([{ ds: 'CustTrans', field: 'Invoice', op: 'Equal', v1: inv }])]);
    const ct = recordsOf(found.body, 'CustomerTransaction', 'CustTrans')[0];
    expect(fieldOf(ct, 'SettleAmountCur')).toBe('100.00');
    expect(fieldOf(ct, 'Closed')).toBe('2026-11-25');
    expect(ct?.children.some((c) => c.name === 'CustTransOpen')).toBe(false);
    expect(fieldOf(ct?.children.find((c) => c.name === 'CustSettlement'), 'SettleAmountCur')).toBe('100.00');
    // Read by RecId through the service, too.
    const read = await ax.call('CustomerTransactionService', 'read', [entityKeys([[['RecId', String(invoice?.recId)]]])]);
    expect(fieldOf(recordsOf(read.body, 'CustomerTransaction', 'CustTrans')[0], 'Invoice')).toBe(inv);
  });

  it('settles partially, then over-pays: the invoice closes and the payment remainder stays open on account', async () => {
    await aCustomer('PAY-PART');
    const inv = await invoiceFor('PAY-PART', '200.00', 'PP-1');
    expect((await payment(trans({ type: 'Cust', acc: 'PAY-PART', credit: '50.00', marked: inv, offsetType: 'Bank', offset: 'BARC-CUR', documentNum: 'RCPT-P1' }))).status).toBe(200);
    expect(await invoiceTrans(inv)).toMatchObject({ status: 'partlySettled', settleAmountCur: 50, openAmountCur: 150, closed: null });
    const found = await ax.call('CustomerTransactionService', 'find', [criteria([{ ds: 'CustTrans', field: 'Invoice', op: 'Equal', v1: inv }])]);
    const open = recordsOf(found.body, 'CustomerTransaction', 'CustTrans')[0]?.children.find((c) => c.name === 'CustTransOpen');
    expect(fieldOf(open, 'AmountCur')).toBe('150.00');
    expect((await payment(trans({ type: 'Cust', acc: 'PAY-PART', credit: '180.00', marked: inv, offsetType: 'Bank', offset: 'BARC-CUR', documentNum: 'RCPT-P2' }))).status).toBe(200);
    expect(await invoiceTrans(inv)).toMatchObject({ status: 'settled', openAmountCur: 0 });
    const [over] = (await control('GET', '/ax/kfuk/custtrans?documentNum=RCPT-P2')).body as TransView[];
    expect(over).toMatchObject({ amountCur: -180, settleAmountCur: -150, openAmountCur: -30, status: 'partlySettled' });
  });

  it('refuses marking an invoice that does not exist, belongs to another customer or is settled', async () => {
    await aCustomer('PAY-ERR');
    await aCustomer('PAY-OTHER');
    const inv = await invoiceFor('PAY-ERR', '10.00', 'PE-1');
    const line = (acc: string, marked: string) => trans({ type: 'Cust', acc, credit: '10.00', marked, offsetType: 'Bank', offset: 'BARC-CUR' });
    expect((await payment(line('PAY-ERR', 'FTI-999999'))).fault?.infolog).toEqual(['Invoice FTI-999999 does not exist; it cannot be marked for settlement.']);
    expect((await payment(line('PAY-OTHER', inv))).fault?.infolog).toEqual([`Invoice ${inv} belongs to customer PAY-ERR, not to PAY-OTHER; it cannot be marked for settlement.`]);
    expect((await payment(line('PAY-ERR', inv))).status).toBe(200);
    const settled = await payment(line('PAY-ERR', inv));
    expect(settled.fault?.infolog).toEqual([`Invoice ${inv} of customer PAY-ERR is not open; it has already been settled.`]);
    expect(settled.fault?.codes).toEqual(['SettlementFailed']);
    const general = await ax.call('CustPaymJournalService', 'create', [doc('CustPaymJournal', [journal('GenJrn', [line('PAY-ERR', inv)])])]);
    expect(general.fault?.infolog[0]).toContain('requires a journal name of type Customer payment');
  });

  it('settles two lines against one invoice within one journal without over-settling', async () => {
    await aCustomer('PAY-TWO');
    const inv = await invoiceFor('PAY-TWO', '60.00', 'PT-1');
    const r = await payment(trans({ type: 'Cust', acc: 'PAY-TWO', credit: '40.00', marked: inv, offsetType: 'Bank', offset: 'BARC-CUR', documentNum: 'RCPT-T1' }), trans({ type: 'Cust', acc: 'PAY-TWO', credit: '40.00', marked: inv, offsetType: 'Bank', offset: 'BARC-CUR', documentNum: 'RCPT-T2' }));
    expect(r.status).toBe(200);
    expect(await invoiceTrans(inv)).toMatchObject({ status: 'settled', settleAmountCur: 60 });
    const [second] = (await control('GET', '/ax/kfuk/custtrans?documentNum=RCPT-T2')).body as TransView[];
    expect(second).toMatchObject({ settleAmountCur: -20, openAmountCur: -20 });
  });
});

describe('PurchaseInvoiceService (vendor invoice journal)', () => {
  async function vendor(): Promise<string> {
    const r = await ax.call('VendTableService', 'create', [doc('VendTable', [rec('VendTable', [f('AccountNum', 'SUPP-1'), f('Currency', 'GBP'), f('PaymTermId', 'Net30'), f('VendGroup', 'UK'), rec('DirParty', [f('Name', 'Supplier One')], { 'xsi:type': 'AxdEntity_DirParty_DirOrganization' })])])]);
    expect(r.status).toBe(200);
    return 'SUPP-1';
  }

  it('posts a vendor invoice with sales tax on the expense line and refuses a reused invoice number', async () => {
    const acc = await vendor();
    const purchase = (invoice: string) =>
      ax.call('PurchaseInvoiceService', 'create', [
        doc('PurchaseInvoice', [journal('APInvoice', [trans({ type: 'Vend', acc, credit: '120.00', invoice, documentNum: `P-${invoice}` }), trans({ acc: '607100', display: '607100-010-ADMIN', values: [['BusinessUnit', '010'], ['Department', 'ADMIN']], debit: '100.00', taxGroup: 'DOM', taxItemGroup: 'STD' })])]),
      ]);
    const r = await purchase('SUP-INV-1');
    expect(r.status).toBe(200);
    const [vt] = (await control('GET', '/ax/kfuk/vendtrans?invoice=SUP-INV-1')).body as (TransView & { dueDate: string })[];
    expect(vt).toMatchObject({ accountNum: 'SUPP-1', amountCur: -120, transType: 'Purch', status: 'open', dueDate: '2026-12-25' });
    expect(vt?.voucher).toMatch(/^VIV-\d{6}$/);
    const ledger = (await control('GET', `/ax/kfuk/ledger?voucher=${vt?.voucher}`)).body as { entries: { mainAccount: string; amountMST: number }[] };
    expect(ledger.entries.map((e) => [e.mainAccount, e.amountMST])).toEqual(
      expect.arrayContaining([
        ['211100', -120],
        ['607100', 100],
        ['222200', 20],
      ]),
    );
    const again = await purchase('SUP-INV-1');
    expect(again.fault?.infolog).toEqual(['Invoice number SUP-INV-1 is already used for vendor SUPP-1.']);
    const noInvoice = await ax.call('PurchaseInvoiceService', 'create', [doc('PurchaseInvoice', [journal('APInvoice', [trans({ type: 'Vend', acc, credit: '1.00', offset: '607100' })])])]);
    expect(noInvoice.fault?.infolog).toEqual(["Field 'Invoice' must be filled in on a vendor invoice line."]);
  });

  it('treats amounts on a vendor line with a ledger offset as tax-inclusive (invoice register)', async () => {
    const r = await ax.call('PurchaseInvoiceService', 'create', [doc('PurchaseInvoice', [journal('APInvoice', [trans({ type: 'Vend', acc: 'SUPP-1', credit: '60.00', invoice: 'SUP-INV-2', offset: '607200', taxGroup: 'DOM', taxItemGroup: 'STD' })])])]);
    expect(r.status).toBe(200);
    const [vt] = (await control('GET', '/ax/kfuk/vendtrans?invoice=SUP-INV-2')).body as TransView[];
    const ledger = (await control('GET', `/ax/kfuk/ledger?voucher=${vt?.voucher}`)).body as { entries: { mainAccount: string; amountMST: number }[] };
    expect(ledger.entries.map((e) => [e.mainAccount, e.amountMST])).toEqual(
      expect.arrayContaining([
        ['211100', -60],
        ['607200', 50],
        ['222200', 10],
      ]),
    );
  });
});

describe('/_sandbox/ax/counts after postings and settlements', () => {
  it('counts posted free-text invoices and settlements as the tables hold them', async () => {
    for (const company of ['kfuk']) {
      const counts = (await control('GET', `/ax/counts?company=${company}`)).body as { companies: Record<string, { freeTextInvoicesPosted: number; settlements: number }> };
      const ftis = (await control('GET', `/ax/${company}/free-text-invoices?posted=true`)).body as unknown[];
      let rows = 0;
      for (const path of ['custtrans', 'vendtrans']) for (const t of (await control('GET', `/ax/${company}/${path}`)).body as { settlements: unknown[] }[]) rows += t.settlements.length;
      expect(rows).toBeGreaterThan(0);
      expect(ftis.length).toBeGreaterThan(0);
      expect(counts.companies[company]).toMatchObject({ freeTextInvoicesPosted: ftis.length, settlements: rows / 2 });
    }
  });
});
