import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { Dec } from '../../src/canonical/money.js';
import { main } from '../../src/cli/main.js';
import { captureCli, type CliRun } from '../helpers/capture-cli.js';
import { AifClient } from '../../src/connectors/ax/client/aif-client.js';
import { AxHttpTransport } from '../../src/connectors/ax/client/http-transport.js';
import { buildAxDocument } from '../../src/connectors/ax/documents/build.js';
import type { FreeTextInvoiceDocument } from '../../src/connectors/ax/documents/types.js';
import { connectKashflow, type KashflowConnection } from '../../src/connectors/kashflow/client/connector.js';
import { loadMappingFile } from '../../src/mapping/config/load.js';
import { mapKashflowJson } from '../../src/mapping/engine.js';
import { AifLedgerSource } from '../../src/reconcile/ax-source.js';
import { RestLedgerSource } from '../../src/reconcile/kashflow-source.js';
import type { Period } from '../../src/reconcile/period.js';
import { reconcileLedgers, type ReconcileSources } from '../../src/reconcile/reconcile.js';
import type { ReconcileResult } from '../../src/reconcile/result.js';
import { DEFAULT_RECONCILE_CONFIG, reconcileOptionsFrom } from '../../src/reconcile/setup.js';
import type { XrefLookup } from '../../src/reconcile/xref.js';
import type { RunningSandbox } from '../../src/sandbox/sandbox.js';
import { EXAMPLE_CONFIG, exampleMapping, seedReference } from '../mapping/helpers.js';

/** A KashFlow invoice line as the REST API takes it. */
export interface KfLine {
  Quantity: number | string;
  Rate: number | string;
  NominalCode: number;
  VATLevel?: number | string;
  VATExempt?: boolean;
  Description?: string;
}

/**
 * The two sides as a test drives them: KashFlow over REST (create invoices and payments) and AX
 * over AIF (documents built by the real mapping from the KashFlow invoice, as the flows will).
 */
export class Ledgers {
  private kfConn: KashflowConnection | undefined;
  private readonly transports: AxHttpTransport[] = [];
  readonly cm = exampleMapping();
  readonly reference = seedReference();

  constructor(private readonly sb: () => RunningSandbox) {
    afterAll(async () => {
      await this.kfConn?.close();
      await Promise.all(this.transports.map((t) => t.close()));
    });
  }

  get kf(): KashflowConnection {
    if (!this.kfConn) {
      const e = this.sb().endpoints.kashflow;
      this.kfConn = connectKashflow({ restUrl: e.restUrl, soapUrl: e.soapUrl, credentials: { username: e.username, password: e.password, memorableWord: e.memorableWord }, retry: { sleep: async () => {} } });
    }
    return this.kfConn;
  }

  private axClient: AifClient | undefined;

  /** One AIF client (Basic auth) for the whole file. */
  ax(): AifClient {
    if (this.axClient) return this.axClient;
    const e = this.sb().endpoints.ax;
    const transport = new AxHttpTransport({ url: e.url, auth: { kind: 'basic', domain: e.domain, username: e.username, password: e.password }, connections: 2, timeoutMs: 10_000, connectTimeoutMs: 2000, maxResponseBytes: 64 << 20 });
    this.transports.push(transport);
    this.axClient = new AifClient({ transport, company: e.company, language: 'en-gb' });
    return this.axClient;
  }

  /** Creates a KashFlow invoice; returns its number. */
  async invoice(customer: string, date: string, lines: KfLine[], extra: Record<string, unknown> = {}): Promise<number> {
    const created = await this.kf.rest.post<{ Number: { value: string } | number }>('/invoices', { CustomerCode: customer, IssuedDate: date, LineItems: lines, ...extra });
    return Number(typeof created.Number === 'number' ? created.Number : created.Number.value);
  }

  /** Records a KashFlow payment against an invoice. */
  async pay(number: number, amount: string, date: string): Promise<void> {
    await this.kf.rest.post('/invoices/bulk/payments', { Date: date, AccountId: 1, Method: 3, PaymentItems: [{ ObjectNumber: number, Amount: amount }] });
  }

  /** The KashFlow invoice JSON (lossless). */
  kfJson(number: number): Promise<unknown> {
    return this.kf.rest.get(`/invoices/${number}`);
  }

  /** Maps a KashFlow invoice and creates it in AX (optionally edited first); returns the AX InvoiceId. */
  async postInvoice(number: number, edit?: (doc: FreeTextInvoiceDocument) => void): Promise<string> {
    const [r] = await mapKashflowJson(this.cm, await this.kfJson(number), { reference: this.reference, entity: 'sales-invoice' });
    const d = r?.documents[0];
    if (!d || d.document.kind !== 'freeTextInvoice') throw new Error(`invoice ${number} did not map to a free-text invoice`);
    edit?.(d.document);
    await this.ax().create(d.service, buildAxDocument(d.document).node, { messageId: randomUUID() });
    const id = await this.axInvoiceId(d.document.header.documentNum);
    if (!id) throw new Error(`AX has no invoice for DocumentNum ${d.document.header.documentNum}`);
    return id;
  }

  /** Creates the KashFlow customer in AX (as the customer flow does) unless AX has it already. */
  async ensureCustomer(code: string): Promise<void> {
    const account = `KF-${code.toUpperCase()}`;
    const found = await this.ax().find('CustomerService', [{ dataSource: 'CustTable', field: 'AccountNum', operator: 'Equal', value1: account }]);
    if (found?.children.some((c) => c.name === 'CustTable')) return;
    const [r] = await mapKashflowJson(this.cm, await this.kf.rest.get(`/customers/${encodeURIComponent(code)}`), { reference: this.reference, entity: 'customer' });
    for (const d of r?.documents ?? []) await this.ax().create(d.service, buildAxDocument(d.document).node, { messageId: randomUUID() });
  }

  /** Maps the KashFlow payments of an invoice (all, or those chosen) and creates them in AX, settling the invoice. */
  async postPayments(number: number, which: (index: number) => boolean = () => true): Promise<number> {
    const invoiceId = await this.axInvoiceId(String(number));
    const results = await mapKashflowJson(this.cm, await this.kfJson(number), { reference: this.reference, entity: 'customer-payment', xref: { axInvoiceId: () => invoiceId } });
    let sent = 0;
    for (const [i, r] of results.entries()) {
      if (!which(i)) continue;
      for (const d of r.documents) await this.ax().create(d.service, buildAxDocument(d.document).node, { messageId: randomUUID() });
      sent++;
    }
    return sent;
  }

  /** The AX InvoiceId of the (last) invoice with this DocumentNum. */
  async axInvoiceId(documentNum: string): Promise<string | undefined> {
    const rows = await new AifLedgerSource(this.ax()).invoicesByDocumentNum(documentNum);
    return rows.at(-1)?.field('InvoiceId');
  }

  /** Both sides as reconciliation sources (the library, without the CLI). */
  sources(xref?: XrefLookup): ReconcileSources {
    return {
      kashflow: new RestLedgerSource(this.kf.rest, () => this.kf.requestCount(), { perPage: 25 }),
      ax: new AifLedgerSource(this.ax()),
      ...(xref ? { xref } : {}),
    };
  }

  /** Reconciles a period with the example mapping (library call). */
  reconcile(period: Period, xref?: XrefLookup): Promise<ReconcileResult> {
    return reconcileLedgers(reconcileOptionsFrom(period, DEFAULT_RECONCILE_CONFIG, loadMappingFile(EXAMPLE_CONFIG).config), this.sources(xref));
  }
}

/** A kfax.yaml pointing at the sandboxes (and the example mapping), in a fresh directory. */
export function writeConfig(sb: RunningSandbox, extra = ''): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kfax-reconcile-'));
  const k = sb.endpoints.kashflow;
  const a = sb.endpoints.ax;
  const text = [
    'kashflow:',
    `  restUrl: ${k.restUrl}`,
    `  soapUrl: ${k.soapUrl}`,
    `  username: ${k.username}`,
    '  password: ${KF_PASSWORD}',
    `  memorableWord: ${k.memorableWord}`,
    'ax:',
    `  url: ${a.url}`,
    `  company: ${a.company}`,
    '  auth:',
    '    kind: basic',
    `    domain: ${a.domain}`,
    `    username: ${a.username}`,
    '    password: ${AX_PASSWORD}',
    'mapping:',
    `  file: ${join(process.cwd(), EXAMPLE_CONFIG)}`,
    'store:',
    `  url: ${join(dir, 'kfax.sqlite')}`,
    extra,
  ].join('\n');
  const path = join(dir, 'kfax.yaml');
  writeFileSync(path, text);
  process.env.KF_PASSWORD = k.password;
  process.env.AX_PASSWORD = a.password;
  return { dir, path };
}

export type { CliRun };

/** Runs `kfax …` through the real entry point, capturing its output. */
export function kfax(...args: string[]): Promise<CliRun> {
  return captureCli(() => main(['node', 'kfax', ...args]));
}

/** Sum of decimal strings. */
export function total(values: readonly string[]): string {
  return values.reduce((a, v) => a.plus(v), new Dec(0)).toFixed(2);
}
