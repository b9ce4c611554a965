import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE, MESSAGE_KEY, AGGREGATE } from '../../src/flows/contracts.js';
import type { ShopOrderPayload } from '../../src/flows/contracts.js';
import { Dec } from '../../src/canonical/money.js';
import { controlRequest, useSandbox } from '../helpers/sandbox.js';
import { shopOrder as order, startFlowRig, type FlowRig } from './rig.js';

const sandbox = useSandbox();
let rig: FlowRig;
beforeAll(async () => {
  rig = await startFlowRig(sandbox());
});
afterAll(async () => {
  await rig?.close();
});

async function ingestOrder(o: ShopOrderPayload): Promise<void> {
  await rig.engine.ingest({ source: o.source, dedupeKey: `webhook-${o.orderId}`, type: MESSAGE.shopOrder, payload: o, key: MESSAGE_KEY.shopOrder(o.source, o.orderId), aggregateKey: AGGREGATE.shopBuyer(o.email) });
}

async function ingestPayment(orderId: string, paymentId: string, amount: string): Promise<void> {
  await rig.engine.ingest({ source: 'stripe', dedupeKey: `evt-${paymentId}`, type: MESSAGE.shopPayment, payload: { source: 'stripe', paymentId, orderId, amount, currency: 'GBP', date: '2026-11-21' }, key: MESSAGE_KEY.shopPayment('stripe', paymentId) });
}

async function ax(path: string): Promise<unknown> {
  return (await controlRequest(sandbox().endpoints.control.axUrl, 'GET', path)).body;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) {
      const stats = await rig.engine.stats();
      throw new Error(`timed out waiting for ${what}; engine: ${JSON.stringify(stats.store)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface CustTransView {
  transType: string;
  invoice: string;
  documentNum: string;
  amountCur: number;
  openAmountCur: number;
  status: 'open' | 'partlySettled' | 'settled';
}

async function axInvoiceFor(kfNumber: number): Promise<CustTransView[]> {
  const body = (await ax(`/ax/kfuk/custtrans?documentNum=${kfNumber}`)) as CustTransView[] | { transactions?: CustTransView[] };
  return Array.isArray(body) ? body : (body.transactions ?? []);
}

describe('order to cash through the engine', () => {
  it('turns a new buyer\'s order into a KashFlow invoice and an AX invoice, and the payment settles it', async () => {
    await ingestOrder(order('5001', 'ada@example.org'));
    const invoiceNumber = Number(await until('the KashFlow invoice xref', async () => (await rig.engine.lookupXref('shop', 'order', 'shopify:5001')) ?? undefined));
    const kf = await rig.kashflow.rest.get<{ CustomerCode: string; GrossAmount: string; CustomerReference: string }>(`/invoices/${invoiceNumber}`);
    expect(kf.CustomerReference).toBe('#5001');
    const axInvoiceId = await until('the AX invoice xref', async () => (await rig.engine.lookupXref('kashflow', 'invoice', String(invoiceNumber))) ?? undefined);
    expect(axInvoiceId).toMatch(/^FTI-/);
    expect(await rig.engine.lookupXref('kashflow', 'customer', kf.CustomerCode)).toBe(`KF-${kf.CustomerCode}`);
    const trans = await axInvoiceFor(invoiceNumber);
    expect(trans).toHaveLength(1);

    await ingestPayment('5001', 'pi_5001', kf.GrossAmount);
    await until('the AX payment xref', async () => {
      const list = await rig.kashflow.rest.get<{ PaymentLines: { Id: number }[] }>(`/invoices/${invoiceNumber}`);
      const id = list.PaymentLines[0]?.Id;
      return id === undefined ? undefined : ((await rig.engine.lookupXref('kashflow', 'payment', String(id))) ?? undefined);
    });
    const settled = (await axInvoiceFor(invoiceNumber)).filter((t) => t.transType !== 'Payment');
    expect(settled).toHaveLength(1);
    expect(settled[0]).toMatchObject({ invoice: axInvoiceId, status: 'settled', openAmountCur: 0 });
    expect(new Dec(String(settled[0]!.amountCur)).eq(new Dec(kf.GrossAmount))).toBe(true);
  });

  it('uses the existing AX customer of a known buyer and creates no AX customer', async () => {
    const world = sandbox().context.world.kashflow;
    const known = world.customers.find((c) => c.axAccount !== undefined && c.currency === 'GBP');
    expect(known).toBeDefined();
    const customers = async (): Promise<number> => ((await ax('/ax/counts?company=kfuk')) as { companies: { kfuk: { customers: number } } }).companies.kfuk.customers;
    const before = await customers();
    expect(before).toBeGreaterThan(0);
    await ingestOrder(order('5002', known!.contact.email));
    const n = Number(await until('invoice', async () => (await rig.engine.lookupXref('shop', 'order', 'shopify:5002')) ?? undefined));
    expect((await rig.kashflow.rest.get<{ CustomerCode: string }>(`/invoices/${n}`)).CustomerCode).toBe(known!.code);
    await until('AX invoice', async () => (await rig.engine.lookupXref('kashflow', 'invoice', String(n))) ?? undefined);
    expect(await customers()).toBe(before);
  });

  it('parks a payment that arrives before its order and settles the invoice once the order lands (part payment first)', async () => {
    await ingestPayment('5003', 'pi_5003a', '20.00');
    await new Promise((r) => setTimeout(r, 300));
    expect(await rig.engine.lookupXref('shop', 'payment', 'stripe:pi_5003a')).toBeNull();
    await ingestOrder(order('5003', 'grace@example.org', { customerName: 'Grace Hopper' }));
    const n = Number(await until('invoice', async () => (await rig.engine.lookupXref('shop', 'order', 'shopify:5003')) ?? undefined));
    await until('first payment in KashFlow', async () => (await rig.engine.lookupXref('shop', 'payment', 'stripe:pi_5003a')) ?? undefined);
    const kf = await rig.kashflow.rest.get<{ DueAmount: string }>(`/invoices/${n}`);
    await until('part payment in AX', async () => ((await axInvoiceFor(n)).find((t) => t.transType !== 'Payment')?.status === 'partlySettled' ? true : undefined));
    await ingestPayment('5003', 'pi_5003b', kf.DueAmount);
    await until('settled in AX', async () => ((await axInvoiceFor(n)).find((t) => t.transType !== 'Payment')?.status === 'settled' ? true : undefined));
  });

  it('processes a repeated order webhook and a repeated payment event once', async () => {
    const o = order('5004', 'alan@example.org', { customerName: 'Alan Turing' });
    await ingestOrder(o);
    await ingestOrder(o);
    const n = Number(await until('invoice', async () => (await rig.engine.lookupXref('shop', 'order', 'shopify:5004')) ?? undefined));
    const gross = (await rig.kashflow.rest.get<{ GrossAmount: string }>(`/invoices/${n}`)).GrossAmount;
    await ingestPayment('5004', 'pi_5004', gross);
    await ingestPayment('5004', 'pi_5004', gross);
    await until('settled', async () => ((await axInvoiceFor(n)).find((t) => t.transType !== 'Payment')?.status === 'settled' ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    const lines = (await rig.kashflow.rest.get<{ PaymentLines: unknown[] }>(`/invoices/${n}`)).PaymentLines;
    expect(lines).toHaveLength(1);
    const invoices = await rig.kashflow.rest.all<{ CustomerReference: string }>('/invoices', 100, { sortby: 'Number', order: 'Desc' });
    expect(invoices.filter((i) => i.CustomerReference === '#5004')).toHaveLength(1);
    expect((await axInvoiceFor(n)).filter((t) => t.transType !== 'Payment')).toHaveLength(1);
  });

  it('never duplicates the AX invoice or payment when AX commits and drops the answer', async () => {
    const control = sandbox().endpoints.control.axUrl;
    await controlRequest(control, 'POST', '/faults/rules', [
      { system: 'ax', operation: 'FreeTextInvoiceService/create', fault: 'commitThenDrop', count: 1 },
      { system: 'ax', operation: 'CustPaymJournalService/create', fault: 'commitThenDrop', count: 1 },
    ]);
    await ingestOrder(order('5005', 'katherine@example.org', { customerName: 'Katherine Johnson' }));
    const n = Number(await until('invoice', async () => (await rig.engine.lookupXref('shop', 'order', 'shopify:5005')) ?? undefined));
    await until('AX invoice', async () => (await rig.engine.lookupXref('kashflow', 'invoice', String(n))) ?? undefined);
    const gross = (await rig.kashflow.rest.get<{ GrossAmount: string }>(`/invoices/${n}`)).GrossAmount;
    await ingestPayment('5005', 'pi_5005', gross);
    await until('settled', async () => ((await axInvoiceFor(n)).find((t) => t.transType !== 'Payment')?.status === 'settled' ? true : undefined));
    const trans = await axInvoiceFor(n);
    expect(trans.filter((t) => t.transType !== 'Payment')).toHaveLength(1);
    const faults = (await controlRequest(control, 'GET', '/faults')).body as { stats: { ax: { byKind: { commitThenDrop: number } } } };
    expect(faults.stats.ax.byKind.commitThenDrop).toBeGreaterThanOrEqual(2);
    const paymentId = (await rig.kashflow.rest.get<{ PaymentLines: { Id: number }[] }>(`/invoices/${n}`)).PaymentLines[0]?.Id;
    expect(await axInvoiceFor(`KFPAY-${paymentId}` as unknown as number)).toHaveLength(1);
  });
});
