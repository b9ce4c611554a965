import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCustTrans, type CustTransRef } from '../../../../src/connectors/ax/writer/cust-trans.js';
import { readXml } from '../../../../src/xml/plain.js';
import { childElement, childElements, type XmlElement } from '../../../../src/xml/tree.js';

/** The reader as it was before the one-pass version: a childElement search per field. */
function reference(record: XmlElement): CustTransRef {
  const text = (r: XmlElement, f: string): string => childElement(r, f)?.text.trim() ?? '';
  const amount = (r: XmlElement, f: string): string => (text(r, f) === '' ? '0' : text(r, f));
  const open = childElement(record, 'CustTransOpen');
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
    settledAgainst: childElements(record, 'CustSettlement')
      .map((s) => text(s, 'OffsetRecId'))
      .filter((v) => v !== ''),
  };
}

const FIELDS = ['RecId', 'AccountNum', 'TransType', 'Invoice', 'DocumentNum', 'Voucher', 'CurrencyCode', 'TransDate', 'DueDate', 'AmountCur', 'AmountMST', 'SettleAmountCur', 'Closed', 'PaymReference', 'Txt', 'Other'];
const value = fc.constantFrom('', ' ', '0', '-0.00', '12.50', ' -65.96 ', 'FTI-000001', '5637144994');
const field = fc.tuple(fc.constantFrom(...FIELDS), value).map(([n, v]) => `<${n}>${v}</${n}>`);
const open = fc.tuple(value, value).map(([a, m]) => `<CustTransOpen class="entity"><AmountCur>${a}</AmountCur><AmountMST>${m}</AmountMST></CustTransOpen>`);
const settlement = value.map((v) => `<CustSettlement class="entity"><OffsetRecId>${v}</OffsetRecId></CustSettlement>`);

describe('parseCustTrans', () => {
  it('reads what the per-field search read: first of duplicate fields, missing ones, open remainders and settlements', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(field, field, open, settlement), { maxLength: 24 }), (children) => {
        const record = readXml(`<CustTrans xmlns="urn:x" class="entity">${children.join('')}</CustTrans>`);
        expect(parseCustTrans(record)).toEqual(reference(record));
      }),
      { numRuns: 500 },
    );
  });
});
