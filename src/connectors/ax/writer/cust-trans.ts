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

/** Reads one `CustTrans` record of a CustomerTransaction document. */
export function parseCustTrans(record: XmlElement): CustTransRef {
  const open = childElement(record, 'CustTransOpen');
  const settlements = childElements(record, 'CustSettlement');
  const openAmountCur = open ? amount(open, 'AmountCur') : '0';
  const settled = text(record, 'SettleAmountCur');
  const isOpen = open !== undefined && !/^-?0*(\.0*)?$/.test(openAmountCur);
  const anySettled = settled !== '' && !/^-?0*(\.0*)?$/.test(settled);
  return {
    recId: text(record, 'RecId'),
    accountNum: text(record, 'AccountNum'),
    transType: text(record, 'TransType'),
    invoice: text(record, 'Invoice'),
    documentNum: text(record, 'DocumentNum'),
    voucher: text(record, 'Voucher'),
    currency: text(record, 'CurrencyCode'),
    transDate: text(record, 'TransDate'),
    dueDate: text(record, 'DueDate'),
    amountCur: amount(record, 'AmountCur'),
    amountMST: amount(record, 'AmountMST'),
    settleAmountCur: amount(record, 'SettleAmountCur'),
    openAmountCur,
    closed: text(record, 'Closed'),
    state: !isOpen ? 'settled' : anySettled ? 'partly-settled' : 'open',
    paymReference: text(record, 'PaymReference'),
    txt: text(record, 'Txt'),
    settledAgainst: settlements.map((s) => text(s, 'OffsetRecId')).filter((v) => v !== ''),
  };
}

/** Every `CustTrans` record of a CustomerTransaction document (none when the document is absent). */
export function custTransRecords(document: XmlElement | undefined): CustTransRef[] {
  return document ? childElements(document, 'CustTrans').map(parseCustTrans) : [];
}
