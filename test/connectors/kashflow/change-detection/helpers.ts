/**
 * Shared set-up for the change-detection tests: a KashFlow connection to the sandbox, an engine
 * on a real store with the contract message types (no-op handlers; the worker is never
 * started, so every ingested message stays `pending` and can be read back), and a small admin
 * client that changes the sandbox's data the way a KashFlow user would.
 */
import { connectKashflow, type KashflowConnection } from '../../../../src/connectors/kashflow/client/connector.js';
import { resolvePollerSettings, type PollerExtras, type PollerSettings, type PollingSection } from '../../../../src/connectors/kashflow/change-detection/index.js';
import type { Clock } from '../../../../src/engine/clock.js';
import { Engine } from '../../../../src/engine/engine.js';
import { MessageTypeRegistry } from '../../../../src/engine/message-types.js';
import { customerSyncPayload, ENDPOINTS, invoiceSyncPayload, MESSAGE, paymentSyncPayload } from '../../../../src/flows/contracts.js';
import type { RunningSandbox } from '../../../../src/sandbox/sandbox.js';
import type { Store } from '../../../../src/store/store.js';
import { controlRequest } from '../../../helpers/sandbox.js';

/** The three contract types the pollers ingest, with handlers that are never run. */
export function contractRegistry(): MessageTypeRegistry {
  const noop = async () => ({});
  return new MessageTypeRegistry()
    .define({ type: MESSAGE.invoiceSync, endpoint: ENDPOINTS.ax, schema: invoiceSyncPayload, handle: noop })
    .define({ type: MESSAGE.paymentSync, endpoint: ENDPOINTS.ax, schema: paymentSyncPayload, handle: noop })
    .define({ type: MESSAGE.customerSync, endpoint: ENDPOINTS.ax, schema: customerSyncPayload, handle: noop });
}

/** An engine on `store` (not started). */
export function testEngine(store: Store): Engine {
  return new Engine({ store, registry: contractRegistry() });
}

/** A KashFlow connection to the sandbox whose retries do not wait. */
export function connect(sandbox: RunningSandbox, password?: string): KashflowConnection {
  const kf = sandbox.endpoints.kashflow;
  return connectKashflow({ restUrl: kf.restUrl, soapUrl: kf.soapUrl, credentials: { username: kf.username, password: password ?? kf.password, memorableWord: kf.memorableWord }, retry: { sleep: async () => {} } });
}

/** The sandbox's clock (today is pinned by the test helper). */
export function sandboxClock(sandbox: RunningSandbox): Clock {
  return { now: () => sandbox.context.clock.nowMs() };
}

/** Poller settings for tests: small pages so paging is exercised. */
export function settings(polling: Partial<PollingSection> = {}, extras: PollerExtras = {}, trigger: 'issued' | 'paid' = 'issued'): PollerSettings {
  return resolvePollerSettings({ perPage: 20, hotWindowDays: 10, ...polling }, trigger, extras);
}

/** Every message of a type, as `{key fields}` read back from the store. */
export async function messages(store: Store, type: string): Promise<Record<string, unknown>[]> {
  const list = await store.listMessages({ states: ['pending', 'in_flight', 'retry_wait', 'in_doubt', 'parked', 'held', 'dead', 'delivered'], type, limit: 100_000 });
  const out: Record<string, unknown>[] = [];
  for (const m of list) {
    const full = await store.getMessage(m.id);
    out.push({ id: m.id, ...(JSON.parse(full!.payload) as Record<string, unknown>), aggregateKey: full!.aggregateKey });
  }
  return out;
}

/** Requests the sandbox counted since the last reset of its counters. */
export async function sandboxRequests(sandbox: RunningSandbox): Promise<number> {
  const r = await controlRequest(sandbox.endpoints.control.kashflowUrl, 'GET', '/kashflow/requests');
  return (r.body as { total: number }).total;
}

export async function resetSandboxRequests(sandbox: RunningSandbox): Promise<void> {
  await controlRequest(sandbox.endpoints.control.kashflowUrl, 'DELETE', '/kashflow/requests');
}

/** Changes KashFlow data as a user would, over its own connection (not counted against the poller). */
export class KashflowAdmin {
  private bank: number | undefined;
  private method: number | undefined;

  constructor(readonly kf: KashflowConnection) {}

  async createInvoice(customerCode: string, rate = '100.00', number?: number): Promise<number> {
    const body = { ...(number === undefined ? {} : { Number: number }), CustomerCode: customerCode, LineItems: [{ Description: 'Widget', Quantity: 1, Rate: rate, VATLevel: 20 }] };
    const created = await this.kf.rest.post<{ Number: number }>('/invoices', body);
    return created.Number;
  }

  async createPurchase(supplierCode: string, rate = '50.00'): Promise<number> {
    const created = await this.kf.rest.post<{ Number: number }>('/purchases', { SupplierCode: supplierCode, LineItems: [{ Description: 'Paper', Quantity: 1, Rate: rate, VATLevel: 20 }] });
    return created.Number;
  }

  private async refs(): Promise<{ bank: number; method: number }> {
    if (this.bank === undefined || this.method === undefined) {
      const banks = await this.kf.rest.get<{ Id: number }[]>('/bankaccounts');
      const methods = await this.kf.rest.get<{ Id: number }[]>('/paymentmethods/invoice');
      this.bank = banks[0]!.Id;
      this.method = methods[0]!.Id;
    }
    return { bank: this.bank, method: this.method };
  }

  /** Records a payment through the REST bulk-payment route; returns the payment line id. */
  async pay(invoiceNumber: number, amount: string): Promise<number> {
    await this.refs();
    const bulk = await this.kf.rest.post<{ PaymentItems: { Id: number }[] }>('/invoices/bulk/payments', { Date: '2026-11-26', AccountId: this.bank, Method: this.method, PaymentItems: [{ ObjectNumber: invoiceNumber, Amount: amount }] });
    return bulk.PaymentItems[0]!.Id;
  }

  /** Records a payment through SOAP `InsertInvoicePayment`; returns the payment id. */
  async paySoap(invoiceNumber: number, amount: string): Promise<number> {
    const { bank, method } = await this.refs();
    return this.kf.soap.insertInvoicePayment({ documentNumber: invoiceNumber, date: '2026-11-26', note: 'test', methodId: method, bankAccountId: bank, amount });
  }

  async invoice(n: number): Promise<{ Status: string; GrossAmount: string; DueAmount: string; PaymentLines: { Id: number }[] }> {
    return this.kf.rest.get(`/invoices/${n}`);
  }

  async allInvoices(): Promise<{ Number: number; Status: string; TotalPaidAmount: string; IssuedDate: string }[]> {
    return this.kf.rest.all('/invoices', 250);
  }

  async deleteInvoice(n: number): Promise<void> {
    await this.kf.rest.delete(`/invoices/${n}`);
  }

  async touchCustomer(code: string, note: string): Promise<string> {
    const c = await this.kf.rest.put<{ LastUpdatedDate: string }>(`/customers/${encodeURIComponent(code)}`, { Note: note });
    return c.LastUpdatedDate;
  }
}
