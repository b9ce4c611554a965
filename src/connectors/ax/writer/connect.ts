import type { AxConfig } from '../../../config/sections/ax.js';
import { AifClient } from '../client/aif-client.js';
import { AxHttpTransport, type AxAuth } from '../client/http-transport.js';
import { CustTransByDocumentBatcher } from './lookup-batcher.js';
import { AxLookups, type AxLookupServices } from './lookups.js';
import { AxDocumentWriter, type AxWriterEvent } from './writer.js';

/** Everything kfax needs to talk to one AX company, built from the `ax:` configuration section. */
export interface AxConnection {
  readonly transport: AxHttpTransport;
  readonly client: AifClient;
  readonly lookups: AxLookups;
  /** Look-ups of posted transactions by DocumentNum, coalesced (`ax.lookupBatchSize`). */
  readonly documentLookups: CustTransByDocumentBatcher;
  readonly writer: AxDocumentWriter;
  close(): Promise<void>;
}

/** Options of {@link connectAx} that are not in the configuration file. */
export interface ConnectAxOptions {
  readonly connectTimeoutMs?: number;
  readonly maxResponseBytes?: number;
  readonly lookupServices?: Partial<AxLookupServices>;
  readonly onEvent?: (event: AxWriterEvent) => void;
}

/** The transport and client for the `ax:` section (nothing is sent until the first call). */
export function axClientFromConfig(config: AxConfig, options: Pick<ConnectAxOptions, 'connectTimeoutMs' | 'maxResponseBytes'> = {}): { transport: AxHttpTransport; client: AifClient } {
  const auth: AxAuth = config.auth.kind === 'ntlm' ? { kind: 'ntlm', domain: config.auth.domain, username: config.auth.username, password: config.auth.password } : { kind: 'basic', ...(config.auth.domain ? { domain: config.auth.domain } : {}), username: config.auth.username, password: config.auth.password };
  const transport = new AxHttpTransport({ url: config.url, auth, connections: config.connections, timeoutMs: config.timeoutMs, connectTimeoutMs: options.connectTimeoutMs ?? 10_000, maxResponseBytes: options.maxResponseBytes ?? 32 << 20 });
  return { transport, client: new AifClient({ transport, company: config.company, language: config.language }) };
}

/**
 * Calls in flight from which a healthy service's documents are batched (`ax.batch.whenBusy`):
 * `ax.connections` for `true` or unset, the number when one is given, 0 (never) for `false`.
 */
export function batchWhenBusyCalls(config: Pick<AxConfig, 'connections' | 'batch'>): number {
  const whenBusy = config.batch.whenBusy;
  if (whenBusy === false) return 0;
  return typeof whenBusy === 'number' ? whenBusy : config.connections;
}

/** Transport, client, look-ups and the batching document writer for the `ax:` section. */
export function connectAx(config: AxConfig, options: ConnectAxOptions = {}): AxConnection {
  const { transport, client } = axClientFromConfig(config, options);
  const lookups = new AxLookups(client, options.lookupServices);
  const writer = new AxDocumentWriter({ client, lookups, batch: config.batch, batchWhenBusyCalls: batchWhenBusyCalls(config), ...(options.onEvent ? { onEvent: options.onEvent } : {}) });
  return {
    transport,
    client,
    lookups,
    documentLookups: new CustTransByDocumentBatcher(lookups, config.lookupBatchSize),
    writer,
    async close() {
      writer.close();
      await transport.close();
    },
  };
}
