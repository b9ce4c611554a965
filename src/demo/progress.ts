import { Dec } from '../canonical/money.js';
import type { StoreStats } from '../store/types.js';
import type { RunningSandbox } from '../sandbox/sandbox.js';
import type { SimulatedOrder } from './shop-simulator.js';

/** Where the demo stands, read from both ledgers (not from kfax's own bookkeeping). */
export interface DemoProgress {
  orders: number;
  kashflowInvoices: number;
  kashflowPayments: number;
  kashflowGross: Dec;
  axInvoices: number;
  axPayments: number;
  axSettled: number;
  axGross: Dec;
  /** Extra copies of a document in either ledger (must stay 0). */
  duplicates: number;
  /** Messages not yet finished (pending, retrying, parked, in doubt); 0 without engine stats. */
  pending: number;
  deadLetters: number;
  /** Every order invoiced and paid in KashFlow, and in AX as a settled invoice. */
  complete: boolean;
}

interface InvoiceSummary {
  Number: number;
  CustomerReference: string;
  GrossAmount: number | string;
  TotalPaidAmount: number | string;
  Status: string;
}

interface AxTrans {
  transType: string;
  documentNum: string;
  amountCur: number | string;
  status: string;
}

/**
 * Reads progress from the sandboxes' own views: KashFlow's invoice list (REST, summaries with
 * amounts and paid totals) and AX's customer transactions (control API). The demo's shop
 * orders are recognised by their CustomerReference (the order name).
 */
export async function demoProgress(sandbox: RunningSandbox, placed: readonly SimulatedOrder[], engineStats?: () => Promise<StoreStats>): Promise<DemoProgress> {
  const names = new Set(placed.map((o) => o.orderName));
  const kfInvoices = (await listKashflowInvoices(sandbox)).filter((i) => names.has(String(i.CustomerReference)));
  const byName = new Map<string, InvoiceSummary[]>();
  for (const i of kfInvoices) byName.set(i.CustomerReference, [...(byName.get(i.CustomerReference) ?? []), i]);
  const numbers = new Set(kfInvoices.map((i) => String(i.Number)));
  const company = sandbox.endpoints.ax.company;
  const trans = (await (await fetch(`${sandbox.endpoints.control.axUrl}/ax/${company}/custtrans`)).json()) as AxTrans[];
  const axInvoices = trans.filter((t) => t.transType !== 'Payment' && numbers.has(String(t.documentNum)));
  const axByDoc = new Map<string, AxTrans[]>();
  for (const t of axInvoices) axByDoc.set(String(t.documentNum), [...(axByDoc.get(String(t.documentNum)) ?? []), t]);
  const paidKf = kfInvoices.filter((i) => new Dec(String(i.GrossAmount)).gt(0) && new Dec(String(i.TotalPaidAmount)).gte(new Dec(String(i.GrossAmount))));
  const stats = engineStats ? await engineStats() : undefined;
  const c = stats?.counts;
  const duplicates = [...byName.values()].reduce((n, l) => n + l.length - 1, 0) + [...axByDoc.values()].reduce((n, l) => n + l.length - 1, 0);
  const settled = axInvoices.filter((t) => t.status === 'settled');
  const complete = placed.length > 0 && byName.size === placed.length && paidKf.length === placed.length && axByDoc.size === placed.length && settled.length === placed.length;
  return {
    orders: placed.length,
    kashflowInvoices: kfInvoices.length,
    kashflowPayments: paidKf.length,
    kashflowGross: kfInvoices.reduce((s, i) => s.plus(String(i.GrossAmount)), new Dec(0)),
    axInvoices: axInvoices.length,
    axPayments: trans.filter((t) => t.transType === 'Payment' && String(t.documentNum).startsWith('KFPAY-')).length,
    axSettled: settled.length,
    axGross: axInvoices.reduce((s, t) => s.plus(String(t.amountCur)), new Dec(0)),
    duplicates,
    pending: c ? c.pending + c.in_flight + c.retry_wait + c.parked + c.in_doubt + c.held : 0,
    deadLetters: stats?.deadOpen ?? 0,
    complete,
  };
}

async function listKashflowInvoices(sandbox: RunningSandbox): Promise<InvoiceSummary[]> {
  const kf = sandbox.endpoints.kashflow;
  const step1 = (await (await fetch(`${kf.restUrl}/sessiontoken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ UserName: kf.username, Password: kf.password }) })).json()) as { TemporaryToken: string; MemorableWordList: { Position: number }[] };
  const step2 = (await (await fetch(`${kf.restUrl}/sessiontoken`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ TemporaryToken: step1.TemporaryToken, MemorableWordList: step1.MemorableWordList.map((p) => ({ Position: p.Position, Value: kf.memorableWord.charAt(p.Position - 1) })) }) })).json()) as { SessionToken: string };
  const out: InvoiceSummary[] = [];
  try {
    for (let page = 1; page < 10_000; page++) {
      const res = (await (await fetch(`${kf.restUrl}/invoices?page=${page}&perpage=500&sortby=Number&order=Asc`, { headers: { authorization: `KfToken ${step2.SessionToken}` } })).json()) as { Data: InvoiceSummary[]; MetaData: { NextPageUrl: string | null } };
      out.push(...res.Data);
      if (!res.MetaData.NextPageUrl) break;
    }
  } finally {
    await fetch(`${kf.restUrl}/sessiontoken/${step2.SessionToken}`, { method: 'DELETE', headers: { authorization: `KfToken ${step2.SessionToken}` } }).catch(() => undefined);
  }
  return out;
}
