/**
 * The pull path end to end, over real HTTP: a finance user types customers, invoices and
 * payments straight into KashFlow (which sends no webhooks); kfax's own pollers, running in the
 * app with short intervals, find the changes and the flows carry them into AX. Everything is
 * checked on the two ledgers themselves (the sandboxes' APIs), not on kfax's bookkeeping.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKfaxApp, type KfaxApp } from '../../src/app/kfax-app.js';
import { Dec } from '../../src/canonical/money.js';
import { MESSAGE } from '../../src/flows/contracts.js';
import { loadMappingFile } from '../../src/mapping/config/load.js';
import { snapshotFromWorld } from '../../src/mapping/reference/from-seed.js';
import { parseReferenceSnapshot } from '../../src/mapping/reference/snapshot.js';
import { runReconcile } from '../../src/reconcile/run.js';
import type { RunningSandbox } from '../../src/sandbox/sandbox.js';
import type { MessageState } from '../../src/store/types.js';
import { controlRequest, useSandbox } from '../helpers/sandbox.js';
import { e2eConfig, startAppRig, until, type AppRig } from './app-rig.js';

const sandbox = useSandbox();
let rig: AppRig;
/** The kfax process under test (the rig's, then the restarted one). */
let live: KfaxApp;
let kf: KashflowUser;
let today: string;

/**
 * The app's real pollers with short intervals. `syncFrom` is the go-live date (today): the
 * seeded history (issued at least five days ago) is recorded, never carried, so AX and the
 * reconciliation of today hold exactly what the finance user typed in during this file.
 */
function pollingOverrides(s: RunningSandbox, polling: Record<string, unknown>): Record<string, unknown> {
  const base = e2eConfig(s, 'unused.sqlite').kashflow!;
  return { kashflow: { ...base, polling: { ...base.polling, ...polling } } };
}

beforeAll(async () => {
  today = sandbox().context.clock.today();
  rig = await startAppRig(sandbox(), pollingOverrides(sandbox(), { hotIntervalSeconds: 1, customersIntervalSeconds: 1, fullIntervalSeconds: 600, syncFrom: today }));
  live = rig.app;
  kf = new KashflowUser(sandbox());
});
/** Set once the restart test stopped the rig's app itself (KfaxApp.stop is not meant to run twice). */
let rigStopped = false;
afterAll(async () => {
  if (rigStopped) rmSync(dirname(rig.config.store.url), { recursive: true, force: true });
  else await rig?.close();
  await kf?.logout();
});

const ALL_STATES: MessageState[] = ['pending', 'in_flight', 'retry_wait', 'in_doubt', 'parked', 'held', 'dead', 'delivered'];

/**
 * kfax's messages about one document, whatever their identity (a second message about it, under
 * another key, would be a duplicate too): of `type`, whose payload has `field` = `value`.
 */
async function messagesFor(type: string, field: string, value: unknown): Promise<{ id: number; state: MessageState; payload: Record<string, unknown> }[]> {
  const out = [];
  for (const m of await live.store.listMessages({ states: ALL_STATES, type, limit: 10_000 })) {
    const full = await live.store.getMessage(m.id);
    const payload = JSON.parse(full!.payload) as Record<string, unknown>;
    const v = payload[field];
    if (typeof v === 'string' && typeof value === 'string' ? v.toUpperCase() === value.toUpperCase() : v === value) out.push({ id: m.id, state: full!.state, payload });
  }
  return out;
}

/**
 * {@link messagesFor} once every one of them is finished (delivered or dead): AX shows a document
 * as soon as it posts it, a moment before kfax records the message as delivered.
 */
function finishedMessagesFor(type: string, field: string, value: unknown): Promise<{ id: number; state: MessageState; payload: Record<string, unknown> }[]> {
  return until(`${type} ${field}=${String(value)} finished`, async () => {
    const list = await messagesFor(type, field, value);
    return list.length > 0 && list.every((m) => m.state === 'delivered' || m.state === 'dead') ? list : undefined;
  });
}

/** Sum of a Prometheus counter over the series whose labels include `labels`, read from kfax's /metrics. */
async function metric(name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${live.url()}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^(\w+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[3]);
  }
  return sum;
}

/** Waits until the poller of `poller` has completed `n` more sweeps than now (of any kind). */
async function sweepsFromNow(poller: 'kashflow-invoices' | 'kashflow-customers', n: number): Promise<void> {
  const start = await metric('kfax_poller_sweeps_total', { poller, result: 'ok' });
  await until(`${n} ${poller} sweeps`, async () => (await metric('kfax_poller_sweeps_total', { poller, result: 'ok' })) >= start + n, 20_000);
}

/** Nothing left for the engine to do (every message delivered, dead, or waiting on purpose). */
async function engineIdle(): Promise<void> {
  await until('the engine to go idle', async () => {
    const c = (await live.engine.stats()).store.counts;
    return c.pending + c.in_flight + c.retry_wait + c.in_doubt + c.parked === 0;
  });
}

// --- AX, read through the sandbox's inspection API -------------------------------------------

interface AxTrans {
  transType: string;
  documentNum: string;
  invoice: string;
  voucher: string;
  accountNum: string;
  currency: string;
  amountCur: string;
  amountMST: string;
  settleAmountCur: string;
  openAmountCur: string;
  status: 'open' | 'partlySettled' | 'settled';
}
interface AxFreeTextInvoice {
  documentNum: string;
  orderAccount: string;
  posted: boolean;
  invoiceId: string | null;
  invoiceAmount: string | null;
  taxAmount: string | null;
  lines: { amountCur: string; taxItemGroup: string }[];
}
interface AxJournal {
  journalNum: string;
  journalName: string;
  posted: boolean;
  lines: { documentNum: string; markedInvoice: string; credit: string | null; account: { type: string; account?: string } }[];
}

async function ax<T>(path: string): Promise<{ status: number; body: T }> {
  const r = await controlRequest(sandbox().endpoints.control.axUrl, 'GET', `/ax/${sandbox().endpoints.ax.company}${path}`);
  return r as { status: number; body: T };
}
const axTrans = async (query: string): Promise<AxTrans[]> => (await ax<AxTrans[]>(`/custtrans?${query}`)).body;
const axInvoices = async (number: number): Promise<AxFreeTextInvoice[]> => (await ax<AxFreeTextInvoice[]>(`/free-text-invoices?documentNum=${number}`)).body;
async function axCustomers(): Promise<{ fields: Record<string, unknown> }[]> {
  return (await ax<{ fields: Record<string, unknown> }[]>('/customers')).body;
}

/** The posted AX invoice transaction of KashFlow invoice `number`, once there is one. */
function axInvoiceTrans(number: number, what = `KashFlow invoice ${number} posted in AX`): Promise<AxTrans> {
  return until(what, async () => (await axTrans(`documentNum=${number}`)).find((t) => t.transType !== 'Payment'));
}

async function setAxPeriod(month: string, status: 'Open' | 'OnHold'): Promise<void> {
  const r = await controlRequest(sandbox().endpoints.control.axUrl, 'PUT', `/ax/${sandbox().endpoints.ax.company}/periods/${month}`, { status });
  expect(r.status).toBeLessThan(300);
}

// --- the finance user's KashFlow client (its own session, raw HTTP as any client would) -------

interface KfInvoice {
  Number: number;
  CustomerCode: string;
  NetAmount: number;
  VATAmount: number;
  GrossAmount: number;
  DueAmount: number;
  Status: string;
  PaymentLines: { Id: number; Amount: number }[];
}

class KashflowUser {
  private token: string | undefined;
  constructor(private readonly s: RunningSandbox) {}

  private get rest(): string {
    return this.s.endpoints.kashflow.restUrl;
  }

  private async login(): Promise<string> {
    const k = this.s.endpoints.kashflow;
    const step1 = await this.call<{ TemporaryToken: string; MemorableWordList: { Position: number }[] }>('POST', '/sessiontoken', { UserName: k.username, Password: k.password }, false);
    const step2 = await this.call<{ SessionToken: string }>('PUT', '/sessiontoken', { TemporaryToken: step1.TemporaryToken, MemorableWordList: step1.MemorableWordList.map((p) => ({ Position: p.Position, Value: k.memorableWord.charAt(p.Position - 1) })) }, false);
    return step2.SessionToken;
  }

  async call<T>(method: string, path: string, body?: unknown, auth = true): Promise<T> {
    if (auth) this.token ??= await this.login();
    const res = await fetch(`${this.rest}${path}`, {
      method,
      headers: { ...(auth ? { authorization: `KfToken ${this.token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`KashFlow ${method} ${path} → ${res.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  createCustomer(body: Record<string, unknown>): Promise<{ Code: string; LastUpdatedDate: string }> {
    return this.call('POST', '/customers', body);
  }

  updateCustomer(code: string, body: Record<string, unknown>): Promise<{ Code: string; LastUpdatedDate: string }> {
    return this.call('PUT', `/customers/${encodeURIComponent(code)}`, body);
  }

  createInvoice(body: Record<string, unknown>): Promise<KfInvoice> {
    return this.call('POST', '/invoices', body);
  }

  updateInvoice(number: number, body: Record<string, unknown>): Promise<KfInvoice> {
    return this.call('PUT', `/invoices/${number}`, body);
  }

  invoice(number: number): Promise<KfInvoice> {
    return this.call('GET', `/invoices/${number}`);
  }

  /** REST bulk payment (the route the sandbox implements); returns the payment line id. */
  async payRest(number: number, amount: string, date: string): Promise<number> {
    const bulk = await this.call<{ PaymentItems: { Id: number }[] }>('POST', '/invoices/bulk/payments', { Date: date, AccountId: 1, Method: 3, Comment: 'Remittance', PaymentItems: [{ ObjectNumber: number, Amount: amount, Reference: `BACS-${number}` }] });
    return bulk.PaymentItems[0]!.Id;
  }

  /** SOAP `InsertInvoicePayment`; returns the payment id. */
  async paySoap(number: number, amount: string, date: string): Promise<number> {
    const k = this.s.endpoints.kashflow;
    const xml = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<InsertInvoicePayment xmlns="KashFlow"><UserName>${k.username}</UserName><Password>${k.password}</Password>
<InvoicePayment><PayInvoice>${number}</PayInvoice><PayDate>${date}T00:00:00</PayDate><PayNote>card ending 4242</PayNote><PayMethod>4</PayMethod><PayAccount>1</PayAccount><PayAmount>${amount}</PayAmount></InvoicePayment>
</InsertInvoicePayment></soap:Body></soap:Envelope>`;
    const res = await fetch(k.soapUrl, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"KashFlow/InsertInvoicePayment"' }, body: xml });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(text, text).toMatch(/<Status>OK<\/Status>/);
    return Number(/<InsertInvoicePaymentResult>(\d+)<\/InsertInvoicePaymentResult>/.exec(text)![1]);
  }

  async logout(): Promise<void> {
    if (this.token) await fetch(`${this.rest}/sessiontoken/${this.token}`, { method: 'DELETE', headers: { authorization: `KfToken ${this.token}` } }).catch(() => undefined);
  }
}

const dec = (v: unknown): Dec => new Dec(String(v));
const pence = (v: unknown): string => dec(v).toFixed(2);

/** What KashFlow (and AX) must compute for a set of lines: net per line rounded to 2 dp, VAT per line half-up. */
function expectedTotals(lines: { Quantity: number; Rate: number; VATLevel: number; VATExempt?: boolean }[]): { net: string; vat: string; gross: string } {
  let net = new Dec(0);
  let vat = new Dec(0);
  for (const l of lines) {
    const n = new Dec(l.Quantity).times(l.Rate).toDecimalPlaces(2, Dec.ROUND_HALF_UP);
    net = net.plus(n);
    if (!l.VATExempt) vat = vat.plus(n.times(l.VATLevel).div(100).toDecimalPlaces(2, Dec.ROUND_HALF_UP));
  }
  return { net: net.toFixed(2), vat: vat.toFixed(2), gross: net.plus(vat).toFixed(2) };
}

// One customer typed into KashFlow, shared by the tests below (in order).
let customerCode: string;
let axAccount: string;
let firstInvoice: number;

describe('KashFlow → AX pull path over HTTP (typed in KashFlow, found by the pollers)', () => {
  it('a new KashFlow customer and a mixed-VAT invoice become an AX customer and a posted AX free-text invoice with the same totals', async () => {
    const customersBefore = (await axCustomers()).length;
    const created = await kf.createCustomer({
      Name: 'Pullman Quayside Traders Ltd',
      Email: 'accounts@pullman-quayside.example',
      Contacts: [{ Name: 'Ada Pullman', FirstName: 'Ada', LastName: 'Pullman', Email: 'ada@pullman-quayside.example' }],
      Addresses: [{ Line1: '4 Quayside', Line2: 'Unit 7', Line3: 'Bristol', Line4: 'Avon', PostCode: 'bs1 4qa', CountryCode: 'GB' }],
      Currency: { Code: 'GBP' },
      PaymentTerms: { Days: 30, Type: 'AfterIssuedDate' },
    });
    customerCode = created.Code;
    axAccount = `KF-${customerCode}`;

    // The customer sweep alone (no invoice yet) carries the new customer into AX.
    await until(`AX customer ${axAccount}`, async () => (await ax(`/customers/${axAccount}`)).status === 200);
    const customerMessages = await messagesFor(MESSAGE.customerSync, 'code', customerCode);
    expect(customerMessages).toHaveLength(1);
    expect(customerMessages[0]!.payload).toMatchObject({ code: customerCode, detectedBy: 'poller' });
    expect((await axCustomers()).length).toBe(customersBefore + 1);

    // Several lines, VAT at 20 %, 5 %, 0 % and exempt, amounts that round.
    const lines = [
      { Description: 'Oak shelf bracket', Quantity: 3, Rate: 19.99, VATLevel: 20, NominalCode: 4000 },
      { Description: 'Child car seat cover', Quantity: 7, Rate: 2.345, VATLevel: 5, NominalCode: 4000 },
      { Description: 'Printed catalogue', Quantity: 2, Rate: 12.5, VATLevel: 0, NominalCode: 4000 },
      { Description: 'Postage (exempt)', Quantity: 1, Rate: 8.75, VATLevel: 0, VATExempt: true, NominalCode: 4900 },
      { Description: 'Delivery', Quantity: 1, Rate: 6.666, VATLevel: 20, NominalCode: 4900 },
    ];
    const want = expectedTotals(lines);
    const invoice = await kf.createInvoice({ CustomerCode: customerCode, IssuedDate: today, CustomerReference: 'PO-PULL-1', LineItems: lines });
    firstInvoice = invoice.Number;
    expect({ net: pence(invoice.NetAmount), vat: pence(invoice.VATAmount), gross: pence(invoice.GrossAmount) }).toEqual(want);

    const trans = await axInvoiceTrans(firstInvoice);
    expect(trans).toMatchObject({ accountNum: axAccount, status: 'open' });
    expect(pence(trans.amountCur)).toBe(want.gross);
    const [fti, ...more] = await axInvoices(firstInvoice);
    expect(more).toEqual([]);
    expect(fti).toMatchObject({ orderAccount: axAccount, posted: true, invoiceId: trans.invoice });
    // Gross and VAT agree with KashFlow to the penny.
    expect(pence(fti!.invoiceAmount)).toBe(pence(invoice.GrossAmount));
    expect(pence(fti!.taxAmount)).toBe(pence(invoice.VATAmount));
    expect(fti!.lines.map((l) => [pence(l.amountCur), l.taxItemGroup])).toEqual([
      ['59.97', 'STD'],
      ['16.42', 'RED'],
      ['25.00', 'ZERO'],
      ['8.75', 'EXEMPT'],
      ['6.67', 'STD'],
    ]);

    const invoiceMessages = await finishedMessagesFor(MESSAGE.invoiceSync, 'number', firstInvoice);
    expect(invoiceMessages).toHaveLength(1);
    expect(invoiceMessages[0]).toMatchObject({ state: 'delivered', payload: { number: firstInvoice, detectedBy: 'poller' } });
  }, 90_000);

  it('payments recorded in KashFlow (REST bulk payment, then SOAP InsertInvoicePayment) are posted in AX payment journals, settle the invoice, and the ledgers reconcile', async () => {
    const invoice = await kf.invoice(firstInvoice);
    const gross = dec(invoice.GrossAmount);
    const part = new Dec('50.00');
    const rest = gross.minus(part);

    // A part payment over REST: the AX invoice is partly settled.
    const p1 = await kf.payRest(firstInvoice, part.toFixed(2), today);
    const pay1 = await until('the part payment posted in AX', async () => (await axTrans(`documentNum=KFPAY-${p1}`))[0]);
    expect(pay1).toMatchObject({ transType: 'Payment', accountNum: axAccount, status: 'settled' });
    expect(pence(dec(pay1.amountCur).abs())).toBe('50.00');
    let trans = await axInvoiceTrans(firstInvoice);
    expect(trans.status).toBe('partlySettled');
    expect(pence(trans.openAmountCur)).toBe(rest.toFixed(2));

    // The remainder over SOAP: the AX invoice is settled.
    const p2 = await kf.paySoap(firstInvoice, rest.toFixed(2), today);
    expect((await kf.invoice(firstInvoice)).Status).toBe('Paid');
    const pay2 = await until('the final payment posted in AX', async () => (await axTrans(`documentNum=KFPAY-${p2}`))[0]);
    expect(pay2).toMatchObject({ transType: 'Payment', accountNum: axAccount, status: 'settled' });
    expect(pence(dec(pay2.amountCur).abs())).toBe(rest.toFixed(2));
    trans = await until('the AX invoice settled', async () => {
      const t = await axInvoiceTrans(firstInvoice);
      return t.status === 'settled' ? t : undefined;
    });
    expect(pence(trans.settleAmountCur)).toBe(gross.toFixed(2));

    // Each payment is one posted customer payment journal line marked against the AX invoice.
    const journals = (await ax<AxJournal[]>('/journals')).body;
    for (const p of [p1, p2]) {
      const carrying = journals.filter((j) => j.lines.some((l) => l.documentNum === `KFPAY-${p}`));
      expect(carrying).toHaveLength(1);
      expect(carrying[0]).toMatchObject({ journalName: 'CustPay', posted: true });
      const line = carrying[0]!.lines.find((l) => l.documentNum === `KFPAY-${p}`)!;
      expect(line).toMatchObject({ markedInvoice: trans.invoice, account: { type: 'Cust', account: axAccount } });
    }
    for (const p of [p1, p2]) expect(await finishedMessagesFor(MESSAGE.paymentSync, 'paymentId', p)).toMatchObject([{ state: 'delivered', payload: { invoiceNumber: firstInvoice, paymentId: p, detectedBy: 'poller' } }]);

    const result = await runReconcile({ config: rig.config, period: { from: today, to: today }, mapping: loadMappingFile(rig.config.mapping.file).config, store: live.store });
    expect(result.toJSON()).toMatchObject({ agree: true, matched: 1, missing: [], extra: [], different: [], totalsDifferent: [], errors: [], payments: { missing: [], extra: [], different: [] } });
    expect(result.payments.ax.count).toBe(2);
  }, 90_000);

  it('an invoice typed and overpaid at once for a KashFlow customer AX does not know yet (in EUR) waits for the customer, lands in EUR with its home amounts, and settles', async () => {
    // MARL01: a French EUR customer of the seeded KashFlow account that is not in AX.
    const code = 'MARL01';
    expect((await ax(`/customers/KF-${code}`)).status).toBe(404);
    const lines = [
      { Description: 'Export pallet, oak brackets', Quantity: 40, Rate: 3.15, VATLevel: 0, NominalCode: 4020 },
      { Description: 'Freight to Lyon', Quantity: 1, Rate: 85.5, VATLevel: 0, NominalCode: 4900 },
    ];
    const invoice = await kf.createInvoice({ CustomerCode: code, IssuedDate: today, CustomerReference: 'PO-LYON-77', LineItems: lines });
    // Paid straight away, 5.00 EUR too much (a customer rounding up a bank transfer).
    const overpaid = dec(invoice.GrossAmount).plus(5);
    const p = await kf.paySoap(invoice.Number, overpaid.toFixed(2), today);
    const detail = (await kf.invoice(invoice.Number)) as KfInvoice & { Currency: { Code: string; ExchangeRate: number }; HomeCurrencyGrossAmount: number };
    expect(detail).toMatchObject({ Status: 'Overpaid', Currency: { Code: 'EUR' } });

    const trans = await until('the EUR invoice settled in AX', async () => {
      const t = await axInvoiceTrans(invoice.Number);
      return t.status === 'settled' ? t : undefined;
    });
    expect(trans).toMatchObject({ accountNum: `KF-${code}`, currency: 'EUR' });
    expect(pence(trans.amountCur)).toBe(pence(detail.GrossAmount));
    // The home (GBP) amount is KashFlow's, within the penny per line that converting per line allows.
    expect(dec(trans.amountMST).minus(dec(detail.HomeCurrencyGrossAmount)).abs().lte('0.02')).toBe(true);
    // The whole payment is in AX; what it paid too much stays open on the customer's account.
    const pay = (await axTrans(`documentNum=KFPAY-${p}`))[0]!;
    expect(pay).toMatchObject({ currency: 'EUR', status: 'partlySettled' });
    expect(pence(dec(pay.amountCur).abs())).toBe(overpaid.toFixed(2));
    expect(pence(dec(pay.openAmountCur).abs())).toBe('5.00');

    // The invoice asked for the customer and parked on it; the customer went first.
    expect(await finishedMessagesFor(MESSAGE.customerSync, 'code', code)).toMatchObject([{ state: 'delivered', payload: { detectedBy: 'invoice' } }]);
    expect((await ax<{ fields: Record<string, unknown> }>(`/customers/KF-${code}`)).body.fields).toMatchObject({ CustGroup: 'EU', Currency: 'EUR' });
    const [invoiceMessage, ...others] = await finishedMessagesFor(MESSAGE.invoiceSync, 'number', invoice.Number);
    expect(others).toEqual([]);
    const history = (await live.store.getMessage(invoiceMessage!.id))!.history.map((h) => h.to);
    expect(history).toContain('parked');
    expect(history.at(-1)).toBe('delivered');
    expect(await finishedMessagesFor(MESSAGE.paymentSync, 'paymentId', p)).toMatchObject([{ state: 'delivered' }]);
  }, 90_000);

  it('an invoice edited in KashFlow before it reached AX lands once, as edited; sweeps that see it again, or see a later edit, add nothing', async () => {
    // AX's November period is on hold: the invoice is held in kfax (not failed, not sent).
    const month = today.slice(0, 7);
    await setAxPeriod(month, 'OnHold');
    const original = [{ Description: 'Walnut desk', Quantity: 1, Rate: 240, VATLevel: 20, NominalCode: 4000 }];
    const created = await kf.createInvoice({ CustomerCode: customerCode, IssuedDate: today, CustomerReference: 'PO-PULL-2', LineItems: original });
    const n = created.Number;
    await until(`invoice ${n} held by the closed AX period`, async () => (await messagesFor(MESSAGE.invoiceSync, 'number', n)).find((m) => m.state === 'held'));

    // The finance user corrects it in KashFlow while it waits; the pollers see the change.
    const changesBefore = await metric('kfax_poller_changes_total', { poller: 'kashflow-invoices' });
    const edited = [
      { Description: 'Walnut desk', Quantity: 2, Rate: 240, VATLevel: 20, NominalCode: 4000 },
      { Description: 'Desk lamp', Quantity: 1, Rate: 18.49, VATLevel: 5, NominalCode: 4000 },
    ];
    const want = expectedTotals(edited);
    const after = await kf.updateInvoice(n, { LineItems: edited });
    expect(pence(after.GrossAmount)).toBe(want.gross);
    await until('the edit seen by a sweep', async () => (await metric('kfax_poller_changes_total', { poller: 'kashflow-invoices' })) > changesBefore, 20_000);
    await sweepsFromNow('kashflow-invoices', 2);
    expect(await messagesFor(MESSAGE.invoiceSync, 'number', n)).toMatchObject([{ state: 'held' }]);
    expect(await axInvoices(n)).toEqual([]);

    // The period reopens and the operator releases what it held: AX gets the edited invoice, once.
    await setAxPeriod(month, 'Open');
    expect(await live.engine.releaseHeld(`ax/period/${sandbox().endpoints.ax.company}/${month}`, 'e2e-operator', 'period reopened')).toBe(1);
    const trans = await axInvoiceTrans(n);
    expect(pence(trans.amountCur)).toBe(want.gross);
    const [fti, ...more] = await axInvoices(n);
    expect(more).toEqual([]);
    expect(pence(fti!.invoiceAmount)).toBe(want.gross);
    expect(pence(fti!.taxAmount)).toBe(want.vat);

    // Unchanged, it is seen by sweep after sweep: nothing new.
    await sweepsFromNow('kashflow-invoices', 3);
    await engineIdle();
    expect(await axInvoices(n)).toHaveLength(1);
    expect(await axTrans(`documentNum=${n}`)).toHaveLength(1);
    expect(await messagesFor(MESSAGE.invoiceSync, 'number', n)).toMatchObject([{ state: 'delivered' }]);

    // Edited again after it reached AX: reported as changed, but no second AX invoice (the
    // message identity is the invoice number); reconciliation shows finance the difference.
    const changesBeforeLate = await metric('kfax_poller_changes_total', { poller: 'kashflow-invoices' });
    const late = await kf.updateInvoice(n, { LineItems: [...edited, { Description: 'Cable tidy', Quantity: 1, Rate: 9.99, VATLevel: 20, NominalCode: 4000 }] });
    await until('the late edit seen by a sweep', async () => (await metric('kfax_poller_changes_total', { poller: 'kashflow-invoices' })) > changesBeforeLate, 20_000);
    await sweepsFromNow('kashflow-invoices', 2);
    await engineIdle();
    const [still, ...again] = await axInvoices(n);
    expect(again).toEqual([]);
    expect(pence(still!.invoiceAmount)).toBe(want.gross);
    expect(await messagesFor(MESSAGE.invoiceSync, 'number', n)).toHaveLength(1);
    const result = await runReconcile({ config: rig.config, period: { from: today, to: today }, mapping: loadMappingFile(rig.config.mapping.file).config, store: live.store });
    expect(result.agree).toBe(false);
    expect(result.missing).toEqual([]);
    expect(result.extra).toEqual([]);
    expect(new Set(result.different.map((d) => d.number))).toEqual(new Set([String(n)]));
    expect(result.different).toContainEqual({ number: String(n), field: 'gross', kashflow: pence(late.GrossAmount), ax: want.gross });
    expect(result.payments).toMatchObject({ missing: [], extra: [], different: [] });
  }, 120_000);

  it('a customer changed in KashFlow (LastUpdatedDate moves) is seen, but AX stays the master: the AX customer is not changed or created again', async () => {
    const before = (await ax<{ fields: Record<string, unknown> }>(`/customers/${axAccount}`)).body;
    const customersBefore = (await axCustomers()).length;
    const changesBefore = await metric('kfax_poller_changes_total', { poller: 'kashflow-customers' });
    const updated = await kf.updateCustomer(customerCode, { Name: 'Pullman Quayside Traders (Bristol) Ltd', Note: 'renamed by finance' });
    expect(updated.LastUpdatedDate).not.toBe('');
    await until('the customer change seen by a sweep', async () => (await metric('kfax_poller_changes_total', { poller: 'kashflow-customers' })) > changesBefore, 20_000);
    await sweepsFromNow('kashflow-customers', 2);
    await engineIdle();

    // docs/change-detection.md: the message identity is the customer ("make sure it exists in
    // AX"); a later change of a customer already carried is a duplicate. The customer flow never
    // changes an existing AX customer (AX masters customers).
    expect(await messagesFor(MESSAGE.customerSync, 'code', customerCode)).toMatchObject([{ state: 'delivered' }]);
    const after = (await ax<{ fields: Record<string, unknown> }>(`/customers/${axAccount}`)).body;
    expect(after).toEqual(before);
    expect((await axCustomers()).length).toBe(customersBefore);
  }, 60_000);

  it('after a restart on the same store the sweeps see every document again and carry nothing twice', async () => {
    const count = async (app: KfaxApp): Promise<Record<string, number>> => {
      const c: Record<string, number> = {};
      for (const type of [MESSAGE.invoiceSync, MESSAGE.paymentSync, MESSAGE.customerSync]) c[type] = (await app.store.listMessages({ states: ALL_STATES, type, limit: 10_000 })).length;
      return c;
    };
    await engineIdle();
    const before = { messages: await count(rig.app), ax: (await controlRequest(sandbox().endpoints.control.axUrl, 'GET', `/ax/counts?company=${sandbox().endpoints.ax.company}`)).body };
    const first = rig.app;
    rigStopped = true;
    await first.stop();
    const restarted = await createKfaxApp({ config: rig.config, reference: parseReferenceSnapshot(snapshotFromWorld(sandbox().context.world, sandbox().endpoints.ax.company)), logger: pino({ level: 'silent' }) });
    try {
      await restarted.start();
      live = restarted;
      await sweepsFromNow('kashflow-invoices', 3);
      await sweepsFromNow('kashflow-customers', 1);
      await engineIdle();
      expect(await count(restarted)).toEqual(before.messages);
      expect((await controlRequest(sandbox().endpoints.control.axUrl, 'GET', `/ax/counts?company=${sandbox().endpoints.ax.company}`)).body).toEqual(before.ax);
    } finally {
      await restarted.stop();
    }
  }, 60_000);
});
