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

function text(record: XmlElement, field: string): string {
  return childElement(record, field)?.text.trim() ?? '';
}

function amount(record: XmlElement, field: string): string {
  const v = text(record, field);
  return v === '' ? '0' : v;
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
  let recId: XmlElement | undefined, accountNum: XmlElement | undefined, transType: XmlElement | undefined, invoice: XmlElement | undefined, documentNum: XmlElement | undefined, voucher: XmlElement | undefined, currency: XmlElement | undefined, transDate: XmlElement | undefined, dueDate: XmlElement | undefined, amountCur: XmlElement | undefined, amountMST: XmlElement | undefined, settleAmountCur: XmlElement | undefined, closed: XmlElement | undefined, paymReference: XmlElement | undefined, txt: XmlElement | undefined, open: XmlElement | undefined;
  const settlements: XmlElement[] = [];
  for (const c of record.children) {
    switch (c.name) {
      case 'RecId':
        recId ??= c;
        break;
      case 'AccountNum':
        accountNum ??= c;
        break;
      case 'TransType':
        transType ??= c;
        break;
      case 'Invoice':
        invoice ??= c;
        break;
      case 'DocumentNum':
        documentNum ??= c;
        break;
      case 'Voucher':
        voucher ??= c;
        break;
      case 'CurrencyCode':
        currency ??= c;
        break;
      case 'TransDate':
        transDate ??= c;
        break;
      case 'DueDate':
        dueDate ??= c;
        break;
      case 'AmountCur':
        amountCur ??= c;
        break;
      case 'AmountMST':
        amountMST ??= c;
        break;
      case 'SettleAmountCur':
        settleAmountCur ??= c;
        break;
      case 'Closed':
        closed ??= c;
        break;
      case 'PaymReference':
        paymReference ??= c;
        break;
      case 'Txt':
        txt ??= c;
        break;
      case 'CustTransOpen':
        open ??= c;
        break;
      case 'CustSettlement':
        settlements.push(c);
        break;
    }
  }
  const openAmountCur = open ? amount(open, 'AmountCur') : '0';
  const settled = textOf(settleAmountCur);
  const isOpen = open !== undefined && !/^-?0*(\.0*)?$/.test(openAmountCur);
  const anySettled = settled !== '' && !/^-?0*(\.0*)?$/.test(settled);
  const settledAgainst: string[] = [];
  for (const s of settlements) {
    const offset = text(s, 'OffsetRecId');
    if (offset !== '') settledAgainst.push(offset);
  }
  return {
    recId: textOf(recId),
    accountNum: textOf(accountNum),
    transType: textOf(transType),
    invoice: textOf(invoice),
    documentNum: textOf(documentNum),
    voucher: textOf(voucher),
    currency: textOf(currency),
    transDate: textOf(transDate),
    dueDate: textOf(dueDate),
    amountCur: amountOf(amountCur),
    amountMST: amountOf(amountMST),
    settleAmountCur: amountOf(settleAmountCur),
    openAmountCur,
    closed: textOf(closed),
    state: !isOpen ? 'settled' : anySettled ? 'partly-settled' : 'open',
    paymReference: textOf(paymReference),
    txt: textOf(txt),
    settledAgainst,
  };
}

/** Every `CustTrans` record of a CustomerTransaction document (none when the document is absent). */
export function custTransRecords(document: XmlElement | undefined): CustTransRef[] {
  return document ? childElements(document, 'CustTrans').map(parseCustTrans) : [];
}
