import { randomUUID } from 'node:crypto';
import { Dec } from '../../../../src/canonical/money.js';
import { AifClient } from '../../../../src/connectors/ax/client/aif-client.js';
import { AxHttpTransport } from '../../../../src/connectors/ax/client/http-transport.js';
import { buildAxDocument } from '../../../../src/connectors/ax/documents/build.js';
import type { RunningSandbox } from '../../../../src/sandbox/sandbox.js';
import type { XmlNode } from '../../../../src/xml/build.js';
import { controlRequest } from '../../../helpers/sandbox.js';
export { rejection } from '../../../helpers/rejection.js';

/** An AIF client over Basic auth to the sandbox, with a short timeout for fault tests. */
export function sandboxClient(sb: RunningSandbox, transports: AxHttpTransport[], options: { timeoutMs?: number; connections?: number } = {}): AifClient {
  const e = sb.endpoints.ax;
  const transport = new AxHttpTransport({ url: e.url, auth: { kind: 'basic', domain: e.domain, username: e.username, password: e.password }, connections: options.connections ?? 4, timeoutMs: options.timeoutMs ?? 5000, connectTimeoutMs: 2000, maxResponseBytes: 8 << 20 });
  transports.push(transport);
  return new AifClient({ transport, company: e.company, language: 'en-gb' });
}

/** A customer document (CustomerService) for account `account` in group `group`. */
export function customerDocument(account: string, group = 'UK'): XmlNode {
  return buildAxDocument({
    kind: 'customer',
    accountNum: account,
    group,
    currency: 'GBP',
    defaultDimension: [],
    extraFields: {},
    party: { type: 'Organization', name: `Writer test ${account}`, addresses: [], contacts: [] },
  }).node;
}

/** A posted-on-create free-text invoice for GRP-0001 with document number `documentNum`. */
export function invoiceDocument(documentNum: string, opts: { mainAccount?: string; date?: string; amount?: string; customer?: string } = {}): XmlNode {
  const amount = new Dec(opts.amount ?? '100.00');
  const main = opts.mainAccount ?? '401100';
  return buildAxDocument({
    kind: 'freeTextInvoice',
    header: { orderAccount: opts.customer ?? 'GRP-0001', invoiceAccount: opts.customer ?? 'GRP-0001', currencyCode: 'GBP', invoiceDate: opts.date ?? '2026-11-20', documentNum, defaultDimension: [] },
    lines: [
      {
        lineNum: 1,
        description: `Goods for ${documentNum}`,
        quantity: new Dec(1),
        unitPrice: amount,
        amountCur: amount,
        ledgerDimension: { account: main, displayValue: `${main}-020-SALES`, values: [{ name: 'BusinessUnit', value: '020' }, { name: 'Department', value: 'SALES' }] },
        taxItemGroup: 'STD',
        defaultDimension: [],
      },
    ],
  }).node;
}

/** A customer payment journal settling `invoiceId` with document number `documentNum`. */
export function paymentDocument(documentNum: string, invoiceId: string, amount: string, customer = 'GRP-0001'): XmlNode {
  return buildAxDocument({
    kind: 'customerPaymentJournal',
    header: { journalName: 'CustPay', name: `Payment ${documentNum}`, currencyCode: 'GBP' },
    lines: [
      {
        accountType: 'Cust',
        ledgerDimension: { account: customer, displayValue: customer, values: [] },
        offsetAccountType: 'Bank',
        offsetLedgerDimension: { account: 'BARC-CUR', displayValue: 'BARC-CUR', values: [] },
        amountCurCredit: new Dec(amount),
        currencyCode: 'GBP',
        transDate: '2026-11-25',
        documentNum,
        markedInvoice: invoiceId,
        defaultDimension: [],
      },
    ],
  }).node;
}

/** A fresh message id, as the engine would derive it. */
export function messageId(): string {
  return randomUUID();
}

/** Control API of the AX sandbox. */
export function axControl(sb: RunningSandbox): (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }> {
  return (method, path, body) => controlRequest(sb.endpoints.control.axUrl, method, path, body);
}

/** One processed message of the AX sandbox (GET /_sandbox/ax/messages). */
export interface ProcessedMessage {
  messageId: string;
  service: string;
  operation: string;
  keys: string[];
}

/** Processed messages whose keys include any of `values`. */
export async function messagesWithKeys(sb: RunningSandbox, values: readonly string[]): Promise<ProcessedMessage[]> {
  const all = (await axControl(sb)('GET', '/ax/messages')).body as ProcessedMessage[];
  return all.filter((m) => m.keys.some((k) => values.includes(k)));
}

/** Free-text invoices in kfuk with this DocumentNum. */
export async function invoicesWithDocumentNum(sb: RunningSandbox, documentNum: string): Promise<{ invoiceId: string; posted: boolean }[]> {
  return (await axControl(sb)('GET', `/ax/kfuk/free-text-invoices?documentNum=${encodeURIComponent(documentNum)}`)).body as { invoiceId: string; posted: boolean }[];
}

/** Waits until `fn` is true (polling), or fails after `ms`. */
export async function eventually(fn: () => Promise<boolean> | boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not met in time');
}
