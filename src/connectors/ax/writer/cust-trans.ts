import { childElement, childElements, type XmlElement } from '../../../xml/tree.js';

/** Settlement state of a customer transaction (sandbox-ax.md "Posting and settlement"). */
export type SettlementState = 'open' | 'partly-settled' | 'settled';

/**
 * A posted customer transaction (`CustTrans`, read through CustomerTransactionService).
 * Amounts are decimal text exactly as AX sent them; AX omits empty and zero fields, so missing
 * amounts are `"0"` and missing texts `""`.
 */
export interface CustTransRef {
  readonly recId: string;
  readonly accountNum: string;
  /** `Cust` for invoices, `Payment` for payments (`GeneralJournal`… otherwise). */
  readonly transType: string;
  /** InvoiceId for invoices (e.g. `FTI-000001`). */
  readonly invoice: string;
  readonly documentNum: string;
  readonly voucher: string;
  readonly currency: string;
  readonly transDate: string;
  readonly dueDate: string;
  readonly amountCur: string;
  readonly amountMST: string;
  readonly settleAmountCur: string;
  /** Open remainder in transaction currency (`CustTransOpen`; `"0"` when none). */
  readonly openAmountCur: string;
  /** Date the transaction was fully settled, `""` while open. */
  readonly closed: string;
  readonly state: SettlementState;
  readonly paymReference: string;
  readonly txt: string;
  /** RecIds of the transactions this one was settled against (`CustSettlement.OffsetRecId`). */
  readonly settledAgainst: readonly string[];
}

/** The trimmed text of a field element, `""` when absent. */
function textOf(field: XmlElement | undefined): string {
  return field === undefined ? '' : field.text.trim();
}

/** The trimmed text of an amount element, `"0"` when absent or empty. */
function amountOf(field: XmlElement | undefined): string {
  const v = textOf(field);
  return v === '' ? '0' : v;
}

/** Reads one `CustTrans` record of a CustomerTransaction document. */
export function parseCustTrans(record: XmlElement): CustTransRef {
  // One pass over the fields, keeping the first element of each name (as childElement finds it),
  // instead of a search of every field per field read.
  const first = new Map<string, XmlElement>();
  const settlements: XmlElement[] = [];
  for (const c of record.children) {
    if (c.name === 'CustSettlement') settlements.push(c);
    else if (!first.has(c.name)) first.set(c.name, c);
  }
  const field = (name: string): string => textOf(first.get(name));
  const open = first.get('CustTransOpen');
  const openAmountCur = open ? amountOf(childElement(open, 'AmountCur')) : '0';
  const settled = field('SettleAmountCur');
  const isOpen = open !== undefined && !/^-?0*(\.0*)?$/.test(openAmountCur);
  const anySettled = settled !== '' && !/^-?0*(\.0*)?$/.test(settled);
  const settledAgainst: string[] = [];
  for (const s of settlements) {
    const offset = textOf(childElement(s, 'OffsetRecId'));
    if (offset !== '') settledAgainst.push(offset);
  }
  return {
    recId: field('RecId'),
    accountNum: field('AccountNum'),
    transType: field('TransType'),
    invoice: field('Invoice'),
    documentNum: field('DocumentNum'),
    voucher: field('Voucher'),
    currency: field('CurrencyCode'),
    transDate: field('TransDate'),
    dueDate: field('DueDate'),
    amountCur: amountOf(first.get('AmountCur')),
    amountMST: amountOf(first.get('AmountMST')),
    settleAmountCur: amountOf(first.get('SettleAmountCur')),
    openAmountCur,
    closed: field('Closed'),
    state: !isOpen ? 'settled' : anySettled ? 'partly-settled' : 'open',
    paymReference: field('PaymReference'),
    txt: field('Txt'),
    settledAgainst,
  };
}

/** Every `CustTrans` record of a CustomerTransaction document (none when the document is absent). */
export function custTransRecords(document: XmlElement | undefined): CustTransRef[] {
  return document ? childElements(document, 'CustTrans').map(parseCustTrans) : [];
}
