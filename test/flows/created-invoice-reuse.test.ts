import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Dec } from '../../src/canonical/money.js';
import type { KashflowConnection } from '../../src/connectors/kashflow/client/connector.js';
import { AGGREGATE, MESSAGE, MESSAGE_KEY, type ShopOrderPayload } from '../../src/flows/contracts.js';
import { KashflowRestPort } from '../../src/flows/order-to-cash/kashflow-port.js';
import { controlRequest, useSandbox } from '../helpers/sandbox.js';
import { shopOrder, startFlowRig, type FlowRig } from './rig.js';

const sandbox = useSandbox();
let rig: FlowRig;
beforeAll(async () => {
  rig = await startFlowRig(sandbox(), {}, { reuseCreatedInvoices: { maxEntries: 100, maxAgeMs: 60_000 } });
});
afterAll(async () => {
  await rig?.close();
});

const order = (id: string): ShopOrderPayload => shopOrder(id, `buyer-${id}@example.org`);

async function carry(id: string): Promise<{ number: number; axGross: string }> {
  const o = order(id);
  await rig.engine.ingest({ source: 'shopify', dedupeKey: `webhook-${id}`, type: MESSAGE.shopOrder, payload: o, key: MESSAGE_KEY.shopOrder('shopify', id), aggregateKey: AGGREGATE.shopBuyer(o.email) });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const number = await rig.engine.lookupXref('shop', 'order', `shopify:${id}`);
    if (number !== null && (await rig.engine.lookupXref('kashflow', 'invoice', number)) !== null) {
      const trans = (await controlRequest(sandbox().endpoints.control.axUrl, 'GET', `/ax/kfuk/custtrans?documentNum=${number}`)).body as { transType: string; amountCur: number }[];
      const invoice = trans.filter((t) => t.transType !== 'Payment');
      expect(invoice).toHaveLength(1);
      return { number: Number(number), axGross: String(invoice[0]!.amountCur) };
    }
    if (Date.now() > deadline) throw new Error(`order ${id} did not reach AX`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the AX sync of an invoice kfax just created uses KashFlow\'s create answer', () => {
  it('carries a shop order to AX without reading the invoice back, with KashFlow\'s amounts, and then forgets the answer', async () => {
    const reads = vi.spyOn(rig.kashflowPort, 'getInvoice');
    try {
      const { number, axGross } = await carry('7101');
      // A new buyer: the first attempt parked until the customer reached AX, and the held answer
      // was still there for the second; once synced, it is no longer held.
      expect(reads).not.toHaveBeenCalled();
      expect(rig.kashflowPort.createdInvoice(number)).toBeUndefined();
      const kf = await rig.kashflow.rest.get<{ GrossAmount: string }>(`/invoices/${number}`);
      expect(new Dec(axGross).eq(new Dec(kf.GrossAmount))).toBe(true);
    } finally {
      reads.mockRestore();
    }
  });

  it('reads the invoice back when the held answer does not read as a whole invoice', async () => {
    const take = vi.spyOn(rig.kashflowPort, 'createdInvoice').mockImplementation((n) => ({ Number: n, LineItems: [] }));
    const reads = vi.spyOn(rig.kashflowPort, 'getInvoice');
    try {
      const { number, axGross } = await carry('7102');
      expect(take).toHaveBeenCalledWith(number);
      expect(reads).toHaveBeenCalledWith(number);
      const kf = await rig.kashflow.rest.get<{ GrossAmount: string }>(`/invoices/${number}`);
      expect(new Dec(axGross).eq(new Dec(kf.GrossAmount))).toBe(true);
    } finally {
      take.mockRestore();
      reads.mockRestore();
    }
  });
});

/** A KashFlow connection whose REST create answers with `answer` (test double: only `rest.post` is used). */
function fakeConnectionAnswering(answer: (n: number) => Record<string, unknown>): KashflowConnection {
  let n = 0;
  return { rest: { post: async () => answer(++n) } } as unknown as KashflowConnection;
}

describe('KashflowRestPort: held create answers', () => {
  it('hands an answer out only while fresh and until forgotten, keeps at most maxEntries, and holds only whole invoices', async () => {
    let now = 1_000;
    const whole = (n: number): Record<string, unknown> => ({ Number: n, LineItems: [{ Number: 1 }] });
    const port = new KashflowRestPort(fakeConnectionAnswering(whole), { customerIndexMaxAgeMs: 0, reuseCreatedInvoices: { maxEntries: 2, maxAgeMs: 500 }, now: () => now });
    expect(await port.createInvoice({})).toBe(1);
    expect(port.createdInvoice(1)).toEqual(whole(1));
    expect(port.createdInvoice(1)).toEqual(whole(1));

    await port.createInvoice({}); // 2
    now += 501;
    expect(port.createdInvoice(1)).toBeUndefined();
    expect(port.createdInvoice(2)).toBeUndefined();

    await port.createInvoice({}); // 3
    await port.createInvoice({}); // 4
    await port.createInvoice({}); // 5: the oldest (3) goes
    expect(port.createdInvoice(3)).toBeUndefined();
    expect(port.createdInvoice(4)).toEqual(whole(4));
    expect(port.createdInvoice(5)).toEqual(whole(5));
    port.forgetCreatedInvoice(4);
    expect(port.createdInvoice(4)).toBeUndefined();
    expect(port.createdInvoice(5)).toEqual(whole(5));

    const partial = new KashflowRestPort(fakeConnectionAnswering((n) => ({ Number: n })), { customerIndexMaxAgeMs: 0, reuseCreatedInvoices: { maxEntries: 2, maxAgeMs: 500 }, now: () => now });
    await partial.createInvoice({});
    expect(partial.createdInvoice(1)).toBeUndefined();

    const off = new KashflowRestPort(fakeConnectionAnswering(whole), { customerIndexMaxAgeMs: 0, now: () => now });
    await off.createInvoice({});
    expect(off.createdInvoice(1)).toBeUndefined();
  });
});
