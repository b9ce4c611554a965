import type { KfaxConfig } from '../config/schema.js';
import { AifClient } from '../connectors/ax/client/aif-client.js';
import { AxHttpTransport } from '../connectors/ax/client/http-transport.js';
import { connectKashflow } from '../connectors/kashflow/client/connector.js';
import { KfaxError } from '../errors/kfax-error.js';
import type { MappingConfig } from '../mapping/config/schema.js';
import type { Store } from '../store/store.js';
import { AifLedgerSource } from './ax-source.js';
import { RestLedgerSource } from './kashflow-source.js';
import type { Period } from './period.js';
import { reconcileLedgers } from './reconcile.js';
import type { ReconcileResult } from './result.js';
import { reconcileOptionsFrom } from './setup.js';
import { StoreXrefLookup } from './xref.js';

/** Everything {@link runReconcile} needs beyond the configuration. */
export interface ReconcileRun {
  readonly config: KfaxConfig;
  readonly period: Period;
  /** The mapping configuration, when one is available. */
  readonly mapping?: MappingConfig;
  /** kfax's store, for cross-references (optional). */
  readonly store?: Store;
  /** Notes to carry into the result (e.g. why no mapping or store is used). */
  readonly notes?: readonly string[];
}

/**
 * Connects to KashFlow and AX as the configuration says (`kashflow:`, `ax:`, `reconcile:`),
 * reconciles the period and closes the connections.
 */
export async function runReconcile(run: ReconcileRun): Promise<ReconcileResult> {
  const { config } = run;
  if (!config.kashflow) throw new KfaxError('KFAX_CONFIG_INVALID', ['kashflow', 'is required by kfax reconcile (the KashFlow account to read)']);
  if (!config.ax) throw new KfaxError('KFAX_CONFIG_INVALID', ['ax', 'is required by kfax reconcile (the AX AIF port to read)']);
  const kf = config.kashflow;
  const ax = config.ax;
  const connection = connectKashflow({
    restUrl: kf.restUrl,
    soapUrl: kf.soapUrl,
    credentials: { username: kf.username, password: kf.password, memorableWord: kf.memorableWord },
    ...(kf.soapPassword ? { soapPassword: kf.soapPassword } : {}),
    connections: Math.max(kf.connections, config.reconcile.concurrency),
    timeoutMs: kf.timeoutMs,
  });
  const transport = new AxHttpTransport({
    url: ax.url,
    auth: ax.auth.kind === 'ntlm' ? { kind: 'ntlm', domain: ax.auth.domain, username: ax.auth.username, password: ax.auth.password } : { kind: 'basic', domain: ax.auth.domain, username: ax.auth.username, password: ax.auth.password },
    connections: Math.min(ax.connections, config.reconcile.concurrency),
    timeoutMs: ax.timeoutMs,
    connectTimeoutMs: 10_000,
    maxResponseBytes: 256 << 20,
  });
  try {
    const options = reconcileOptionsFrom(run.period, config.reconcile, run.mapping);
    const result = await reconcileLedgers(options, {
      kashflow: new RestLedgerSource(connection.rest, () => connection.requestCount(), { perPage: config.reconcile.perPage }),
      ax: new AifLedgerSource(new AifClient({ transport, company: ax.company, language: ax.language }), config.reconcile.services, ax.company),
      ...(run.store ? { xref: new StoreXrefLookup(run.store) } : {}),
    });
    result.notes.unshift(...(run.notes ?? []));
    return result;
  } finally {
    await Promise.allSettled([connection.close(), transport.close()]);
  }
}
