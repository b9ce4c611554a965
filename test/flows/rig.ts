import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AifClient } from '../../src/connectors/ax/client/aif-client.js';
import { connectAx, type AxConnection } from '../../src/connectors/ax/writer/connect.js';
import { connectKashflow, type KashflowConnection } from '../../src/connectors/kashflow/client/connector.js';
import { Engine } from '../../src/engine/engine.js';
import { MessageTypeRegistry } from '../../src/engine/message-types.js';
import { compileMapping } from '../../src/mapping/compile/compile.js';
import { loadMappingFile } from '../../src/mapping/config/load.js';
import { snapshotFromWorld } from '../../src/mapping/reference/from-seed.js';
import { parseReferenceSnapshot } from '../../src/mapping/reference/snapshot.js';
import { axPortOf } from '../../src/flows/order-to-cash/ax-port.js';
import type { OrderToCashDeps } from '../../src/flows/order-to-cash/deps.js';
import { KashflowRestPort, type KashflowRestPortOptions } from '../../src/flows/order-to-cash/kashflow-port.js';
import type { ShopOrderPayload } from '../../src/flows/contracts.js';
import { registerOrderToCash } from '../../src/flows/order-to-cash/register.js';
import { FLOW_NAMES } from '../../src/config/sections/flows.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import type { RunningSandbox } from '../../src/sandbox/sandbox.js';

/** A store, an engine with the order-to-cash flows, and clients wired to a running sandbox pair. */
export interface FlowRig {
  engine: Engine;
  store: Store;
  kashflow: KashflowConnection;
  /** The flows' KashFlow port (tests spy on it). */
  kashflowPort: KashflowRestPort;
  aif: AifClient;
  close(): Promise<void>;
}

export async function startFlowRig(sandbox: RunningSandbox, overrides: Partial<Pick<OrderToCashDeps, 'flows' | 'shop'>> = {}, portOptions: Partial<KashflowRestPortOptions> = {}): Promise<FlowRig> {
  const dir = mkdtempSync(join(tmpdir(), 'kfax-flows-'));
  const store = await openStore(join(dir, 'kfax.sqlite'));
  const e = sandbox.endpoints;
  const kashflow = connectKashflow({ restUrl: e.kashflow.restUrl, soapUrl: e.kashflow.soapUrl, credentials: { username: e.kashflow.username, password: e.kashflow.password, memorableWord: e.kashflow.memorableWord }, retry: { sleep: async () => undefined } });
  const ax: AxConnection = connectAx({ url: e.ax.url, company: e.ax.company, language: 'en-gb', auth: { kind: 'ntlm', domain: e.ax.domain, username: e.ax.username, password: e.ax.password }, connections: 4, lookupBatchSize: 25, timeoutMs: 5000, batch: { enabled: true, maxDocuments: 20, timeoutsToSwitch: 3, healthyCallsToSwitchBack: 20, lingerMs: 10 } }, { connectTimeoutMs: 2000 });
  const aif = ax.client;
  const mapping = compileMapping(loadMappingFile('examples/kfax-mapping.yaml'));
  const reference = parseReferenceSnapshot(snapshotFromWorld(sandbox.context.world, e.ax.company));
  const registry = new MessageTypeRegistry();
  const holder: { engine?: Engine } = {};
  const kashflowPort = new KashflowRestPort(kashflow, { customerIndexMaxAgeMs: 0, ...portOptions });
  const deps: OrderToCashDeps = {
    kashflow: kashflowPort,
    ax: axPortOf(ax),
    mapping,
    reference,
    enqueue: (r) => (holder.engine as Engine).enqueue(r),
    shop: { salesNominalCode: 4010, shippingNominalCode: 4900, bankAccountId: 4, paymentMethodId: 6, dueDays: 0 },
    flows: { enabled: [...FLOW_NAMES], invoiceTrigger: 'issued' },
    orderSourceOf: (s) => (s === 'stripe' ? 'shopify' : s),
    company: e.ax.company,
    ...overrides,
  };
  registerOrderToCash(registry, deps);
  const engine = new Engine({ store, registry, settings: { pollIntervalMs: 50, parkedRecheckMs: 500 }, endpoints: { default: { retry: { baseDelayMs: 20, maxDelayMs: 200 } } } });
  holder.engine = engine;
  await engine.start();
  return {
    engine,
    store,
    kashflow,
    kashflowPort,
    aif,
    async close() {
      await engine.stop(2000);
      await kashflow.close();
      await ax.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Shopify order (two lines, prices with VAT) from `email`, as the shop source normalises it. */
export function shopOrder(id: string, email: string, overrides: Partial<ShopOrderPayload> = {}): ShopOrderPayload {
  return {
    source: 'shopify',
    orderId: id,
    orderName: `#${id}`,
    email,
    customerName: 'Ada Lovelace',
    companyName: '',
    currency: 'GBP',
    orderDate: '2026-11-20',
    pricesIncludeTax: true,
    address: { line1: '12 Analytical Row', line2: '', town: 'London', county: 'Greater London', postCode: 'n1 9gu', countryCode: 'GB' },
    lines: [
      { description: 'Enamel Mug', sku: 'ENA-104', quantity: '3', unitPrice: '19.99', vatPercent: '20', kind: 'item' },
      { description: 'Delivery: Standard', sku: '', quantity: '1', unitPrice: '6.00', vatPercent: '20', kind: 'shipping' },
    ],
    total: '65.97',
    paid: false,
    ...overrides,
  };
}
