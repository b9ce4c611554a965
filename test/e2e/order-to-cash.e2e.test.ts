import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProgress } from '../../src/demo/progress.js';
import type { SimulatedOrder } from '../../src/demo/shop-simulator.js';
import { loadMappingFile } from '../../src/mapping/config/load.js';
import { runReconcile } from '../../src/reconcile/run.js';
import { controlRequest, useSandbox } from '../helpers/sandbox.js';
import { startAppRig, until, type AppRig } from './app-rig.js';

const sandbox = useSandbox();
let rig: AppRig;
beforeAll(async () => {
  rig = await startAppRig(sandbox());
});
afterAll(async () => {
  await rig?.close();
});

async function settle(orders: readonly SimulatedOrder[], what: string): Promise<void> {
  const progress = await until(what, async () => {
    const p = await demoProgress(sandbox(), orders, async () => (await rig.app.engine.stats()).store);
    return p.complete ? p : undefined;
  });
  expect(progress.duplicates).toBe(0);
  expect(progress.kashflowGross.eq(progress.axGross)).toBe(true);
}

async function faults(rules: unknown[]): Promise<void> {
  for (const base of [sandbox().endpoints.control.kashflowUrl]) {
    const r = await controlRequest(base, 'POST', '/faults/rules', rules);
    expect(r.status).toBe(201);
  }
}

describe('order to cash over HTTP (signed webhooks → KashFlow → AX)', () => {
  it('carries orders and payments through, settles every AX invoice, and the ledgers reconcile', async () => {
    const orders: SimulatedOrder[] = [];
    for (let i = 0; i < 6; i++) {
      const o = await rig.shop.placeOrder();
      orders.push(o);
      await rig.shop.payOrder(o);
    }
    await settle(orders, 'six orders invoiced, paid and settled');
    const today = sandbox().context.clock.today();
    const result = await runReconcile({ config: rig.config, period: { from: today, to: today }, mapping: loadMappingFile(rig.config.mapping.file).config, store: rig.app.store });
    expect(result.agree).toBe(true);
    expect(result.toJSON()).toMatchObject({ missing: [], extra: [], different: [] });
  });

  it('processes a repeated webhook once and a payment that arrives before its order', async () => {
    const next = rig.shop.nextOrder();
    await rig.shop.payOrder(next.order);
    await rig.shop.postOrder(next);
    await rig.shop.postOrder(next);
    await rig.shop.payOrder(next.order);
    await settle([next.order], 'the out-of-order order');
  });

  it('rides out KashFlow throttling (429) and its database timeout (-2146232060)', async () => {
    await faults([
      { system: 'kashflow', operation: 'POST /v2/invoices', fault: 'throttle', retryAfterSeconds: 1, count: 2 },
      { system: 'kashflow', operation: 'GET /v2/invoices/:number', fault: 'timeout', count: 3 },
      { system: 'kashflow', operation: 'SOAP InsertInvoicePayment', fault: 'timeout', count: 1 },
      { system: 'kashflow', operation: 'POST /v2/customers', fault: 'throttle', retryAfterSeconds: 1, count: 1 },
    ]);
    const orders: SimulatedOrder[] = [];
    for (let i = 0; i < 3; i++) {
      const o = await rig.shop.placeOrder();
      orders.push(o);
      await rig.shop.payOrder(o);
    }
    await settle(orders, 'orders through KashFlow faults');
    const stats = (await controlRequest(sandbox().endpoints.control.kashflowUrl, 'GET', '/faults')).body as { stats: { kashflow: { byKind: { throttle: number; timeout: number } } } };
    expect(stats.stats.kashflow.byKind.throttle).toBeGreaterThanOrEqual(2);
    expect(stats.stats.kashflow.byKind.timeout).toBeGreaterThanOrEqual(3);
  });

  it('never duplicates when AX commits and drops the answer for invoices and payments', async () => {
    await controlRequest(sandbox().endpoints.control.axUrl, 'POST', '/faults/rules', [
      { system: 'ax', operation: 'FreeTextInvoiceService/create', fault: 'commitThenDrop', count: 2 },
      { system: 'ax', operation: 'CustPaymJournalService/create', fault: 'commitThenDrop', count: 2 },
    ]);
    const orders: SimulatedOrder[] = [];
    for (let i = 0; i < 3; i++) {
      const o = await rig.shop.placeOrder();
      orders.push(o);
      await rig.shop.payOrder(o);
    }
    await settle(orders, 'orders through AX commit-then-drop');
  });

  it('dead-letters an AX validation fault with the infolog text; fixed and retried, it lands once', async () => {
    const axControl = sandbox().endpoints.control.axUrl;
    // Online-shop sales (nominal 4010) map to main account 401200: AX loses it.
    expect((await controlRequest(axControl, 'DELETE', '/ax/kfuk/reference/mainAccounts/401200')).status).toBeLessThan(300);
    const o = await rig.shop.placeOrder();
    await rig.shop.payOrder(o);
    const dead = await until('a dead letter', async () => (await rig.app.engine.store.listMessages({ states: ['dead'], type: 'kashflow.invoice.sync', limit: 10 }))[0]);
    const detail = await rig.app.engine.store.getMessage(dead.id);
    // AX reports one infolog entry per invoice line that uses the missing account.
    const error = detail?.lastError as { code: string; kind: string; message: string; details: { infolog: { type: string; message: string }[] } };
    expect(error).toMatchObject({ code: 'KFAX_AX_FAULT', kind: 'permanent' });
    expect(error.message).toMatch(/^AX rejected FreeTextInvoiceService\/create: Main account 401200 does not exist\./);
    expect(error.details.infolog.length).toBeGreaterThan(0);
    expect(error.details.infolog.every((i) => i.type === 'Error' && i.message === 'Main account 401200 does not exist.')).toBe(true);
    expect((await controlRequest(axControl, 'POST', '/ax/kfuk/reference/mainAccounts', { id: '401200', name: 'Sales - Online Shop', type: 'ProfitAndLoss', structure: 'MainAccount-BU-Dept' })).status).toBeLessThan(300);
    const retried = await rig.app.engine.deadLetters.retry([dead.id], 'e2e-operator', 'main account restored in AX');
    expect(retried.changed).toEqual([dead.id]);
    await settle([o], 'the fixed order');
  });
});
