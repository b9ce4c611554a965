import { fixed } from '../../../canonical/money.js';
import type { ServiceHandlers } from '../operations/context.js';
import { readOnlyHandlers } from '../operations/read-only-service.js';
import { openAmount, openAmountMST } from '../posting/ledger.js';
import type { OutRecord } from '../schema/serialize.js';
import type { OpenTrans } from '../state/ledger-types.js';

/**
 * CustomerTransactionService (R2+, external name [G]): posted customer transactions with
 * their open remainder (`CustTransOpen`, absent once settled) and settlements, so a client
 * can tell open / partly settled / settled invoices apart. Key: RecId.
 */
export const customerTransactionHandlers: ServiceHandlers = readOnlyHandlers({
  keyFields: ['RecId'],
  rows: (ctx) => ctx.company.custTrans.map(custTransOut),
  // Looking transactions up by DocumentNum or Invoice (what an integration does after every
  // create, one document or several at once) uses the company's indexes instead of rendering
  // every transaction: the union of the index hits is a superset under OR and under AND.
  candidates: (ctx, criteria) => {
    const field = criteria[0]?.field;
    if (field !== 'DocumentNum' && field !== 'Invoice') return undefined;
    if (!criteria.every((c) => c.dataSource === 'CustTrans' && c.operator === 'Equal' && c.field === field)) return undefined;
    const hits = new Map<number, OpenTrans>();
    for (const c of criteria) {
      for (const t of field === 'DocumentNum' ? ctx.company.custTransByDocumentNum(c.value1) : ctx.company.custTransByInvoice(c.value1)) hits.set(t.recId, t);
    }
    return [...hits.values()].sort((a, b) => a.recId - b.recId).map(custTransOut);
  },
});

/** A customer (or vendor) transaction as an outbound record. */
export function custTransOut(t: OpenTrans): OutRecord {
  const open = openAmount(t);
  return {
    recId: t.recId,
    recVersion: t.recVersion,
    fields: {
      AccountNum: t.accountNum,
      AmountCur: fixed(t.amountCur, 2),
      AmountMST: fixed(t.amountMST, 2),
      Closed: t.closed,
      CurrencyCode: t.currency,
      DocumentNum: t.documentNum,
      DueDate: t.dueDate,
      ExchRate: t.exchRate.toFixed(),
      Invoice: t.invoice,
      PaymReference: t.paymReference,
      SettleAmountCur: fixed(t.settleAmountCur, 2),
      SettleAmountMST: fixed(t.settleAmountMST, 2),
      TransDate: t.transDate,
      TransType: t.transType,
      Txt: t.txt,
      Voucher: t.voucher,
    },
    children: {
      CustTransOpen: open.isZero() ? [] : [{ recId: t.openRecId, recVersion: 1, fields: { AmountCur: fixed(open, 2), AmountMST: fixed(openAmountMST(t), 2), DueDate: t.dueDate, TransDate: t.transDate } }],
      CustSettlement: t.settlements.map((s) => ({ recId: s.recId, recVersion: 1, fields: { OffsetRecId: String(s.offsetRecId), OffsetTransVoucher: s.offsetVoucher, SettleAmountCur: fixed(s.settleAmountCur, 2), SettleAmountMST: fixed(s.settleAmountMST, 2), TransDate: s.transDate } })),
    },
  };
}
