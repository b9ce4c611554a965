import type { KashflowConnection } from '../../connectors/kashflow/client/connector.js';
import type { SoapPayment } from '../../connectors/kashflow/client/soap-client.js';
import { KfaxError } from '../../errors/kfax-error.js';

/** What the order-to-cash flows need from KashFlow. */
export interface KashflowPort {
  /** `GET /invoices/{n}` as KashFlow returns it (decimals as text). */
  getInvoice(number: number): Promise<Record<string, unknown>>;
  /** The number of the customer's invoice carrying this CustomerReference, if any (look-up before re-create). */
  findInvoiceByReference(customerCode: string, reference: string): Promise<number | undefined>;
  /** `POST /invoices`; returns the new invoice's number. */
  createInvoice(body: Record<string, unknown>): Promise<number>;
  /**
   * KashFlow's answer to this process's `POST /invoices` that created invoice `number` (the
   * invoice as KashFlow stored it) while it is fresh; undefined otherwise. Saves the read-back
   * of an invoice kfax has just created.
   */
  createdInvoice(number: number): Record<string, unknown> | undefined;
  /**
   * Drops the held answer for invoice `number` (its AX sync is done): a backlog then holds only
   * the answers still to be used, not up to the cap of them for the whole window.
   */
  forgetCreatedInvoice(number: number): void;
  getCustomer(code: string): Promise<Record<string, unknown>>;
  /** The code of the customer with this e-mail (customer or contact e-mail), if any. */
  findCustomerByEmail(email: string): Promise<string | undefined>;
  /** `POST /customers`; returns the new customer's code. */
  createCustomer(body: Record<string, unknown>): Promise<string>;
  /** SOAP `InsertInvoicePayment`; returns the payment id. */
  insertInvoicePayment(payment: SoapPayment): Promise<number>;
  /** The account's current rate for a currency (foreign units per 1 home unit). */
  exchangeRate(currency: string): Promise<string>;
}

/** Options of {@link KashflowRestPort}. */
export interface KashflowRestPortOptions {
  /** A customer index older than this is reloaded when an e-mail look-up misses. */
  readonly customerIndexMaxAgeMs: number;
  /**
   * Keep KashFlow's answers to invoice creates (at most `maxEntries`, each for `maxAgeMs`) so the
   * invoice's AX sync need not read it back; absent: always read back.
   */
  readonly reuseCreatedInvoices?: { readonly maxEntries: number; readonly maxAgeMs: number };
  readonly now?: () => number;
}

interface CustomerSummary {
  Code?: unknown;
  Email?: unknown;
  Contacts?: { Email?: unknown }[] | null;
}

/**
 * {@link KashflowPort} over the REST and SOAP clients. Customers are matched by e-mail through an
 * index of the account's customers, loaded once and reloaded when a look-up misses and the index
 * is older than `customerIndexMaxAgeMs` (KashFlow has no search by e-mail in REST). Customers kfax
 * creates are added at once, and a buyer's orders run one at a time, so kfax never creates the
 * same buyer twice; a customer typed into KashFlow by hand within that window could still be.
 */
export class KashflowRestPort implements KashflowPort {
  private readonly createdAnswers = new Map<number, { readonly at: number; readonly invoice: Record<string, unknown> }>();
  private emailIndex: Map<string, string> | undefined;
  private indexLoadedAt = 0;
  private loading: Promise<Map<string, string>> | undefined;
  private rates: Map<string, string> | undefined;

  constructor(
    private readonly kf: KashflowConnection,
    private readonly options: KashflowRestPortOptions = { customerIndexMaxAgeMs: 60_000 },
  ) {}

  async getInvoice(number: number): Promise<Record<string, unknown>> {
    return this.kf.rest.get<Record<string, unknown>>(`/invoices/${number}`);
  }

  async findInvoiceByReference(customerCode: string, reference: string): Promise<number | undefined> {
    const rows = await this.kf.rest.all<{ Number?: unknown; CustomerReference?: unknown }>('/invoices', 100, { customerCode, sortby: 'Number', order: 'Desc' });
    const hit = rows.find((r) => String(r.CustomerReference ?? '').trim() === reference);
    return hit === undefined ? undefined : Number(hit.Number);
  }

  async createInvoice(body: Record<string, unknown>): Promise<number> {
    const created = await this.kf.rest.post<{ Number?: unknown; LineItems?: unknown }>('/invoices', body);
    const n = Number(created?.Number);
    if (!Number.isInteger(n) || n <= 0) throw new KfaxError('KFAX_KASHFLOW_REJECTED', ['POST /invoices', 'the answer carries no invoice Number']);
    // [U] whether KashFlow's create answer is the whole invoice (the sandbox's is, like its GET).
    // Only an answer that looks whole is kept; the reader still checks it, and the invoice sync
    // reads the invoice back when it is missing or does not parse.
    const reuse = this.options.reuseCreatedInvoices;
    if (reuse && Array.isArray(created.LineItems)) {
      const now = this.now();
      this.createdAnswers.set(n, { at: now, invoice: created as Record<string, unknown> });
      for (const [key, held] of this.createdAnswers) {
        if (this.createdAnswers.size <= reuse.maxEntries && now - held.at <= reuse.maxAgeMs) break;
        this.createdAnswers.delete(key);
      }
    }
    return n;
  }

  createdInvoice(number: number): Record<string, unknown> | undefined {
    const held = this.createdAnswers.get(number);
    if (!held) return undefined;
    const maxAgeMs = this.options.reuseCreatedInvoices?.maxAgeMs ?? 0;
    return this.now() - held.at <= maxAgeMs ? held.invoice : undefined;
  }

  forgetCreatedInvoice(number: number): void {
    this.createdAnswers.delete(number);
  }

  async getCustomer(code: string): Promise<Record<string, unknown>> {
    return this.kf.rest.get<Record<string, unknown>>(`/customers/${encodeURIComponent(code)}`);
  }

  async findCustomerByEmail(email: string): Promise<string | undefined> {
    const key = email.trim().toLowerCase();
    let index = await this.index(false);
    let code = index.get(key);
    if (code === undefined && this.now() - this.indexLoadedAt > this.options.customerIndexMaxAgeMs) {
      index = await this.index(true);
      code = index.get(key);
    }
    return code;
  }

  async createCustomer(body: Record<string, unknown>): Promise<string> {
    const created = await this.kf.rest.post<{ Code?: unknown }>('/customers', body);
    const code = typeof created?.Code === 'string' ? created.Code : undefined;
    if (!code) throw new KfaxError('KFAX_KASHFLOW_REJECTED', ['POST /customers', 'the answer carries no customer Code']);
    const email = typeof body.Email === 'string' ? body.Email.trim().toLowerCase() : '';
    if (email && this.emailIndex) this.emailIndex.set(email, code);
    return code;
  }

  insertInvoicePayment(payment: SoapPayment): Promise<number> {
    return this.kf.soap.insertInvoicePayment(payment);
  }

  async exchangeRate(currency: string): Promise<string> {
    if (!this.rates || !this.rates.has(currency)) {
      const list = await this.kf.rest.get<{ Code?: unknown; ExchangeRate?: unknown }[]>('/currencies');
      this.rates = new Map((Array.isArray(list) ? list : []).map((c) => [String(c.Code), String(c.ExchangeRate ?? '1')]));
    }
    const rate = this.rates.get(currency);
    if (rate === undefined) throw new KfaxError('KFAX_KASHFLOW_REJECTED', [`currency ${currency}`, 'is not set up in the KashFlow account']);
    return rate;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private async index(reload: boolean): Promise<Map<string, string>> {
    if (this.emailIndex && !reload) return this.emailIndex;
    this.loading ??= (async () => {
      const rows = await this.kf.rest.all<CustomerSummary>('/customers', 500);
      const index = new Map<string, string>();
      for (const r of rows) {
        const code = typeof r.Code === 'string' ? r.Code : undefined;
        if (!code) continue;
        for (const e of [r.Email, ...(r.Contacts ?? []).map((c) => c.Email)]) if (typeof e === 'string' && e.trim() !== '') index.set(e.trim().toLowerCase(), code);
      }
      this.emailIndex = index;
      this.indexLoadedAt = this.now();
      return index;
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }
}
