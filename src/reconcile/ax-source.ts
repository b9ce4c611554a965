import { Dec } from '../canonical/money.js';
import type { AifClient } from '../connectors/ax/client/aif-client.js';
import type { Criterion } from '../connectors/ax/client/entity-keys.js';
import { isKfaxError, KfaxError } from '../errors/kfax-error.js';
import { rowsOf, type AxRow } from './ax-records.js';
import { midpoint, nextDay } from './period.js';
import type { AxTaxSetup } from './vat-rates.js';

/** External names of the AX services reconciliation reads (all configurable; most are [G]). */
export interface AxReadServices {
  /** Posted sales invoices, `CustInvoiceJour` → `CustInvoiceTrans` (SalesSalesInvoiceService) [G]. */
  readonly salesInvoice: string;
  /** `CustTrans` with `CustTransOpen` and `CustSettlement` (CustomerTransactionService) [G]. */
  readonly customerTransaction: string;
  readonly taxCode: string;
  readonly taxGroup: string;
  readonly taxItemGroup: string;
}

export const DEFAULT_AX_READ_SERVICES: AxReadServices = {
  salesInvoice: 'SalesInvoiceService',
  customerTransaction: 'CustomerTransactionService',
  taxCode: 'TaxCodeService',
  taxGroup: 'TaxGroupService',
  taxItemGroup: 'TaxItemGroupService',
};

/** What reconciliation reads from AX. */
export interface AxLedgerSource {
  /** Posted invoices (CustInvoiceJour) dated in the range. */
  invoicesBetween(from: string, to: string): Promise<AxRow[]>;
  invoicesByDocumentNum(documentNum: string): Promise<AxRow[]>;
  invoicesById(invoiceId: string): Promise<AxRow[]>;
  /** Customer transactions (CustTrans, every type) dated in the range. */
  transBetween(from: string, to: string): Promise<AxRow[]>;
  /** Customer transactions of one invoice id. */
  transOfInvoice(invoiceId: string): Promise<AxRow[]>;
  transByRecIds(recIds: readonly string[]): Promise<AxRow[]>;
  /** The company's sales tax setup, or undefined when AX does not offer it. */
  taxSetup(): Promise<AxTaxSetup | undefined>;
  /** AIF calls made so far. */
  requestCount(): number;
}

const TOO_MANY = /number of documents|narrow the (query )?criteria/i;
const NO_SERVICE = /ContractFilter|ActionNotSupported/i;
const KEYS_PER_READ = 100;

/**
 * {@link AxLedgerSource} over AIF. Date-range queries that AX refuses for answering more
 * documents than the port allows ("Limit number of documents") are split in halves until
 * each part fits, so a long period never needs one huge answer [G: the refusal's wording is
 * the sandbox's; any fault naming the number of documents is treated so].
 */
export class AifLedgerSource implements AxLedgerSource {
  private calls = 0;

  constructor(
    private readonly client: AifClient,
    private readonly services: AxReadServices = DEFAULT_AX_READ_SERVICES,
    private readonly company?: string,
  ) {}

  requestCount(): number {
    return this.calls;
  }

  invoicesBetween(from: string, to: string): Promise<AxRow[]> {
    return this.findSplitting(this.services.salesInvoice, 'CustInvoiceJour', 'InvoiceDate', from, to);
  }

  invoicesByDocumentNum(documentNum: string): Promise<AxRow[]> {
    return this.find(this.services.salesInvoice, 'CustInvoiceJour', [{ dataSource: 'CustInvoiceJour', field: 'DocumentNum', operator: 'Equal', value1: documentNum }]);
  }

  invoicesById(invoiceId: string): Promise<AxRow[]> {
    return this.find(this.services.salesInvoice, 'CustInvoiceJour', [{ dataSource: 'CustInvoiceJour', field: 'InvoiceId', operator: 'Equal', value1: invoiceId }]);
  }

  transBetween(from: string, to: string): Promise<AxRow[]> {
    return this.findSplitting(this.services.customerTransaction, 'CustTrans', 'TransDate', from, to);
  }

  transOfInvoice(invoiceId: string): Promise<AxRow[]> {
    return this.find(this.services.customerTransaction, 'CustTrans', [{ dataSource: 'CustTrans', field: 'Invoice', operator: 'Equal', value1: invoiceId }]);
  }

  async transByRecIds(recIds: readonly string[]): Promise<AxRow[]> {
    const out: AxRow[] = [];
    for (let i = 0; i < recIds.length; i += KEYS_PER_READ) out.push(...(await this.readTrans(recIds.slice(i, i + KEYS_PER_READ))));
    return out;
  }

  /** Reads transactions by RecId, halving the key list when the port refuses that many documents. */
  private async readTrans(recIds: readonly string[]): Promise<AxRow[]> {
    try {
      this.calls++;
      const doc = await this.client.read(this.services.customerTransaction, recIds.map((id) => ({ RecId: id })), this.opts());
      return rowsOf(doc, 'CustTrans');
    } catch (err) {
      const refused = this.explain(err, this.services.customerTransaction, 'read');
      if (recIds.length < 2 || !(isKfaxError(refused) && TOO_MANY.test(refused.message))) throw refused;
      const half = Math.ceil(recIds.length / 2);
      return [...(await this.readTrans(recIds.slice(0, half))), ...(await this.readTrans(recIds.slice(half)))];
    }
  }

  async taxSetup(): Promise<AxTaxSetup | undefined> {
    try {
      const [codes, groups, items] = await Promise.all([
        this.find(this.services.taxCode, 'TaxTable', []),
        this.find(this.services.taxGroup, 'TaxGroupHeading', []),
        this.find(this.services.taxItemGroup, 'TaxItemGroupHeading', []),
      ]);
      return {
        codes: new Map(codes.map((r) => [r.field('TaxCode').toUpperCase(), { rate: new Dec(r.field('TaxValue') || '0'), name: r.field('TaxName') }])),
        salesTaxGroups: new Map(groups.map((r) => [r.field('TaxGroup').toUpperCase(), r.children('TaxGroupData').map((c) => c.field('TaxCode'))])),
        itemTaxGroups: new Map(items.map((r) => [r.field('TaxItemGroup').toUpperCase(), r.children('TaxOnItem').map((c) => c.field('TaxCode'))])),
      };
    } catch (err) {
      if (isKfaxError(err) && err.code === 'KFAX_AX_FAULT') return undefined;
      throw err;
    }
  }

  private opts(): { company?: string } {
    return this.company ? { company: this.company } : {};
  }

  private async find(service: string, table: string, criteria: readonly Criterion[]): Promise<AxRow[]> {
    this.calls++;
    try {
      return rowsOf(await this.client.find(service, criteria, this.opts()), table);
    } catch (err) {
      throw this.explain(err, service, 'find');
    }
  }

  /** Points at the setting when the port has no such service (WCF's ContractFilter mismatch). */
  private explain(err: unknown, service: string, operation: string): unknown {
    if (!isKfaxError(err) || err.code !== 'KFAX_AX_FAULT' || !NO_SERVICE.test(err.message)) return err;
    const setting = (Object.keys(this.services) as (keyof AxReadServices)[]).find((k) => this.services[k] === service);
    return new KfaxError('KFAX_AX_FAULT', [`${service}/${operation}`, `the AIF port has no service "${service}"${setting ? `; set reconcile.services.${setting} to the external name the port uses` : ''}`], { cause: err, details: err.details });
  }

  private async findSplitting(service: string, table: string, field: string, from: string, to: string): Promise<AxRow[]> {
    try {
      return await this.find(service, table, [{ dataSource: table, field, operator: 'Range', value1: from, value2: to }]);
    } catch (err) {
      if (!isKfaxError(err) || err.code !== 'KFAX_AX_FAULT' || !TOO_MANY.test(err.message)) throw err;
      const mid = midpoint(from, to);
      if (mid === undefined) {
        throw new KfaxError('KFAX_AX_FAULT', [`${service}/find`, `more ${table} records on ${from} than the AIF port returns in one answer; raise the port's "Limit number of documents"`], { cause: err });
      }
      return [...(await this.findSplitting(service, table, field, from, mid)), ...(await this.findSplitting(service, table, field, nextDay(mid), to))];
    }
  }
}
