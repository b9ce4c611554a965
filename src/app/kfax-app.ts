import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { FLOW_NAMES, type FlowName } from '../config/sections/flows.js';
import type { KfaxConfig } from '../config/schema.js';
import { openConfiguredStore } from '../config/store-target.js';
import { connectAx } from '../connectors/ax/writer/connect.js';
import { LiveAxReferenceData } from '../connectors/ax/reference/index.js';
import { connectKashflow, type KashflowConnection } from '../connectors/kashflow/client/connector.js';
import { Engine } from '../engine/engine.js';
import { MessageTypeRegistry } from '../engine/message-types.js';
import { KfaxError } from '../errors/kfax-error.js';
import { axPortOf } from '../flows/order-to-cash/ax-port.js';
import type { OrderToCashDeps } from '../flows/order-to-cash/deps.js';
import { KashflowRestPort } from '../flows/order-to-cash/kashflow-port.js';
import { FLOW_MESSAGE_TYPES, registerOrderToCash } from '../flows/order-to-cash/register.js';
import { compileMapping } from '../mapping/compile/compile.js';
import { loadMappingFile } from '../mapping/config/load.js';
import type { AxReferenceData } from '../mapping/reference/reference-data.js';
import type { AifClient } from '../connectors/ax/client/aif-client.js';
import { loadReferenceSnapshot } from '../mapping/reference/snapshot.js';
import { createServer, type KfaxServer } from '../server/index.js';
import type { Store } from '../store/store.js';
import { startPollers, type RunningPollers } from './pollers.js';

/** How many KashFlow create answers are held for reuse by the invoice sync at most. */
const CREATED_INVOICES_HELD = 20_000;

/** How a kfax process is assembled. */
export interface KfaxAppOptions {
  readonly config: KfaxConfig;
  /**
   * Flows this process runs: the messages it claims and whether it polls (default:
   * `config.flows.enabled`). What each flow hands on to the next is decided by
   * `config.flows.enabled`, the flows of the whole deployment.
   */
  readonly flows?: readonly FlowName[];
  readonly logger?: Logger;
  /** AX reference data to use instead of `config.mapping.reference` (demo, tests). */
  readonly reference?: AxReferenceData;
}

/** A running kfax process: HTTP server, workers and (on the leader) pollers. */
export interface KfaxApp {
  readonly engine: Engine;
  readonly store: Store;
  readonly server: KfaxServer;
  readonly flows: readonly FlowName[];
  /** Base URL once listening. */
  url(): string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds a kfax process from the validated configuration: store (migrated), connectors, the
 * mapping (compiled once), the order-to-cash message types (every type registered; only this
 * process's flows claimed), the engine, the HTTP server and the KashFlow pollers. Anything a
 * selected flow needs but the configuration lacks stops start-up with the key that is missing.
 */
export async function createKfaxApp(options: KfaxAppOptions): Promise<KfaxApp> {
  const { config } = options;
  const flows = [...(options.flows ?? config.flows.enabled)];
  const logger = options.logger ?? pino({ level: process.env.KFAX_LOG_LEVEL ?? 'info' }, pino.destination(2));
  const kashflowConfig = requireSection(config.kashflow, 'kashflow', flows);
  const axConfig = requireSection(config.ax, 'ax', flows);

  const store = await openConfiguredStore(config);
  const closers: (() => Promise<unknown>)[] = [() => store.close()];
  try {
    const kashflow: KashflowConnection = connectKashflow({ restUrl: kashflowConfig.restUrl, soapUrl: kashflowConfig.soapUrl, credentials: { username: kashflowConfig.username, password: kashflowConfig.password, memorableWord: kashflowConfig.memorableWord }, ...(kashflowConfig.soapPassword ? { soapPassword: kashflowConfig.soapPassword } : {}), connections: kashflowConfig.connections, timeoutMs: kashflowConfig.timeoutMs });
    closers.unshift(() => kashflow.close());
    const ax = connectAx(axConfig, { onEvent: (e) => (e.type === 'mode' ? logger.warn({ ax: e }, 'AX writer mode changed') : undefined) });
    closers.unshift(() => ax.close());
    const mapping = compileMapping(loadMappingFile(config.mapping.file));
    const reference = options.reference ?? (await loadReference(config, ax.client));

    const registry = new MessageTypeRegistry();
    const holder: { engine?: Engine } = {};
    const deps: OrderToCashDeps = {
      kashflow: new KashflowRestPort(kashflow, { customerIndexMaxAgeMs: 60_000, ...(kashflowConfig.reuseCreatedInvoicesSeconds > 0 ? { reuseCreatedInvoices: { maxEntries: CREATED_INVOICES_HELD, maxAgeMs: kashflowConfig.reuseCreatedInvoicesSeconds * 1000 } } : {}) }),
      ax: axPortOf(ax),
      mapping,
      reference,
      enqueue: (r) => (holder.engine as Engine).enqueue(r),
      shop: config.shop.kashflow,
      // Follow-ups follow the deployment's flows (config.flows.enabled), not this process's
      // subset: a `--flows shop-orders` process still enqueues the invoice sync that another
      // process (`--flows invoices,customers`) over the same store carries to AX.
      flows: config.flows,
      // Shopify's own orders/paid pays a Shopify order; Stripe pays the configured shop's orders;
      // any other gateway name arrives through the kfax relay scheme and pays a kfax-scheme order.
      orderSourceOf: (source) => (source === 'stripe' ? (config.shop.sources.stripe?.orderSource ?? 'shopify') : source === 'shopify' ? 'shopify' : 'kfax'),
      company: axConfig.company,
    };
    registerOrderToCash(registry, deps);
    const claimTypes = flows.flatMap((f) => (f === 'polling' ? [] : FLOW_MESSAGE_TYPES[f]));
    const engine = new Engine({ store, registry, settings: config.engine, endpoints: config.endpoints, claimTypes });
    holder.engine = engine;
    engine.events.on('problem', (p) => logger.warn({ err: p.error }, p.message));
    const server = createServer({ config, engine, logger });
    let pollers: RunningPollers | undefined;
    let stopping: Promise<void> | undefined;

    const app: KfaxApp = {
      engine,
      store,
      server,
      flows,
      url() {
        const addr = server.server.address() as AddressInfo | null;
        return addr ? `http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${addr.port}` : '';
      },
      async start() {
        await engine.start();
        await server.listen({ host: config.server.host, port: config.server.port });
        if (flows.includes('polling') && kashflowConfig.polling.enabled) pollers = startPollers({ config, kashflow: kashflowConfig, engine, metrics: server.kfaxMetrics, logger });
        logger.info({ url: app.url(), flows, store: redactUrl(config.store.url) }, 'kfax running');
      },
      stop() {
        // Idempotent: a second call (a signal during shutdown, a test's cleanup) waits for the first.
        stopping ??= (async () => {
          await pollers?.stop();
          await server.close();
          await engine.stop();
          for (const close of closers) await close().catch(() => undefined);
        })();
        return stopping;
      },
    };
    return app;
  } catch (err) {
    for (const close of closers) await close().catch(() => undefined);
    throw err;
  }
}

function requireSection<T>(section: T | undefined, key: string, flows: readonly FlowName[]): T {
  if (section !== undefined) return section;
  const needing = flows.filter((f) => FLOW_NAMES.includes(f));
  throw new KfaxError('KFAX_CONFIG_INVALID', [key, `is required by the flows ${needing.join(', ')} (see kfax init)`]);
}

/** AX reference data: read live from the AX port (`ax`, the default) or from a snapshot file. */
async function loadReference(config: KfaxConfig, client: AifClient): Promise<AxReferenceData> {
  if (config.mapping.reference !== 'ax') return loadReferenceSnapshot(config.mapping.reference);
  return LiveAxReferenceData.load(client, { company: (config.ax as NonNullable<KfaxConfig['ax']>).company });
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
