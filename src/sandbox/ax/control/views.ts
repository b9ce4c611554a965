import { Dec, fixed } from '../../../canonical/money.js';
import { RawJsonNumber } from '../../../util/json-raw.js';
import { openAmount, openAmountMST } from '../posting/ledger.js';
import type { AxRecord } from '../schema/values.js';
import type { CompanyState } from '../state/company.js';
import type { AccountRef, FreeTextInvoice, Journal, LedgerEntry, OpenTrans } from '../state/ledger-types.js';

/** JSON views of the sandbox's data for the inspection API (money keeps its decimals). */

const money = (d: Dec | string): RawJsonNumber => new RawJsonNumber(fixed(typeof d === 'string' ? new Dec(d) : d, 2));

/** A stored master-data record as JSON: fields, then children by table. */
export function recordView(r: AxRecord): Record<string, unknown> {
  const children: Record<string, unknown[]> = {};
  for (const [name, list] of Object.entries(r.children)) if (list.length > 0) children[name] = list.map(recordView);
  return { table: r.table, recId: r.recId, recVersion: r.recVersion, ...(r.xsiType ? { xsiType: r.xsiType } : {}), fields: r.fields, ...(Object.keys(children).length > 0 ? { children } : {}) };
}

function accountView(a: AccountRef): Record<string, unknown> {
  return a.type === 'Ledger' ? { type: a.type, mainAccount: a.mainAccount, displayValue: a.displayValue, dimensions: a.values } : { type: a.type, account: a.id };
}

export function freeTextInvoiceView(inv: FreeTextInvoice): Record<string, unknown> {
  return {
    recId: inv.recId,
    documentNum: inv.documentNum,
    customerRef: inv.customerRef,
    orderAccount: inv.orderAccount,
    invoiceAccount: inv.invoiceAccount,
    currency: inv.currency,
    invoiceDate: inv.invoiceDate,
    dueDate: inv.dueDate,
    paymTermId: inv.paymTermId,
    taxGroup: inv.taxGroup,
    exchRate: inv.exchRate ?? null,
    defaultDimension: inv.defaultDimension,
    posted: inv.posted,
    invoiceId: inv.invoiceId ?? null,
    voucher: inv.voucher ?? null,
    invoiceAmount: inv.invoiceAmount === undefined ? null : money(inv.invoiceAmount),
    taxAmount: inv.taxAmount === undefined ? null : money(inv.taxAmount),
    createdAt: inv.createdAt,
    postedAt: inv.postedAt ?? null,
    lines: inv.lines.map((l) => ({ recId: l.recId, lineNum: l.lineNum, description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, amountCur: money(l.amountCur), ledger: accountView(l.ledger), taxGroup: l.taxGroup, taxItemGroup: l.taxItemGroup, defaultDimension: l.defaultDimension })),
  };
}

export function journalView(j: Journal): Record<string, unknown> {
  return {
    recId: j.recId,
    journalNum: j.journalNum,
    journalName: j.journalName,
    journalType: j.journalType,
    service: j.serviceId,
    name: j.name,
    currency: j.currency,
    posted: j.posted,
    createdAt: j.createdAt,
    postedAt: j.postedAt ?? null,
    lines: j.lines.map((l) => ({
      recId: l.recId,
      lineNum: l.lineNum,
      account: accountView(l.account),
      offset: l.offset ? accountView(l.offset) : null,
      debit: l.debit === '' ? null : money(l.debit),
      credit: l.credit === '' ? null : money(l.credit),
      currency: l.currency,
      exchRate: l.exchRate ?? null,
      transDate: l.transDate,
      due: l.due,
      txt: l.txt,
      invoice: l.invoice,
      documentNum: l.documentNum,
      paymReference: l.paymReference,
      markedInvoice: l.markedInvoice,
      taxGroup: l.taxGroup,
      taxItemGroup: l.taxItemGroup,
      defaultDimension: l.defaultDimension,
      voucher: l.voucher ?? (l.inputVoucher || null),
    })),
  };
}

/** Open / partly settled / settled, from the open remainder. */
export function settlementStatus(t: OpenTrans): 'open' | 'partlySettled' | 'settled' {
  const open = openAmount(t);
  if (open.isZero()) return 'settled';
  return t.settleAmountCur.isZero() ? 'open' : 'partlySettled';
}

export function transView(t: OpenTrans): Record<string, unknown> {
  return {
    recId: t.recId,
    accountNum: t.accountNum,
    transType: t.transType,
    voucher: t.voucher,
    invoice: t.invoice,
    documentNum: t.documentNum,
    txt: t.txt,
    transDate: t.transDate,
    dueDate: t.dueDate,
    currency: t.currency,
    exchRate: t.exchRate.toFixed(),
    amountCur: money(t.amountCur),
    amountMST: money(t.amountMST),
    settleAmountCur: money(t.settleAmountCur),
    settleAmountMST: money(t.settleAmountMST),
    openAmountCur: money(openAmount(t)),
    openAmountMST: money(openAmountMST(t)),
    status: settlementStatus(t),
    closed: t.closed || null,
    settlements: t.settlements.map((s) => ({ recId: s.recId, offsetRecId: s.offsetRecId, offsetVoucher: s.offsetVoucher, settleAmountCur: money(s.settleAmountCur), settleAmountMST: money(s.settleAmountMST), exchangeDifferenceMST: money(s.exchangeDifferenceMST), transDate: s.transDate })),
  };
}

export function ledgerView(company: CompanyState, entries: readonly LedgerEntry[]): Record<string, unknown> {
  const balances = new Map<string, Dec>();
  for (const e of entries) balances.set(e.mainAccount, (balances.get(e.mainAccount) ?? new Dec(0)).plus(e.amountMST));
  return {
    company: company.id,
    accountingCurrency: company.accountingCurrency,
    balances: [...balances.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([account, balance]) => ({ mainAccount: account, balanceMST: money(balance) })),
    entries: entries.map((e) => ({ voucher: e.voucher, transDate: e.transDate, mainAccount: e.mainAccount, displayValue: e.displayValue, dimensions: e.values, currency: e.currency, amountCur: money(e.amountCur), amountMST: money(e.amountMST), text: e.text, source: e.source })),
  };
}
