import type { AifClient } from '../../connectors/ax/client/aif-client.js';
import type { EntityKey } from '../../connectors/ax/client/entity-keys.js';
import type { XmlNode } from '../../xml/build.js';
import { childElement, childElements, type XmlElement } from '../../xml/tree.js';

/** A posted customer transaction found by its document number. */
export interface AxTransactionRef {
  /** InvoiceId (invoices) or voucher (payments). */
  invoiceId: string;
  voucher: string;
  recId: string;
  amountCur: string;
  settledCur: string;
  /** Open amount; "0" when settled. */
  openCur: string;
}

/** What the order-to-cash flows need from AX. */
export interface AxPort {
  /** AIF create of one document with a MessageId; returns the entity keys. */
  create(service: string, document: XmlNode, messageId: string): Promise<EntityKey[]>;
  /** True when the customer account exists in AX. */
  customerExists(account: string): Promise<boolean>;
  /** The posted customer transaction carrying this document number (natural key), if any. */
  findTransaction(documentNum: string, transType?: 'Invoice' | 'Payment'): Promise<AxTransactionRef | undefined>;
}

/** {@link AxPort} over the AIF client. */
export class AifPort implements AxPort {
  constructor(private readonly aif: AifClient) {}

  create(service: string, document: XmlNode, messageId: string): Promise<EntityKey[]> {
    return this.aif.create(service, document, { messageId });
  }

  async customerExists(account: string): Promise<boolean> {
    const keys = await this.aif.findKeys('CustomerService', [{ dataSource: 'CustTable', field: 'AccountNum', operator: 'Equal', value1: account }]);
    return keys.length > 0;
  }

  async findTransaction(documentNum: string, transType?: 'Invoice' | 'Payment'): Promise<AxTransactionRef | undefined> {
    const doc = await this.aif.find('CustomerTransactionService', [{ dataSource: 'CustTrans', field: 'DocumentNum', operator: 'Equal', value1: documentNum }]);
    const rows = doc ? childElements(doc, 'CustTrans') : [];
    const pick = rows.find((r) => transType === undefined || matchesType(r, transType));
    if (!pick) return undefined;
    const text = (name: string): string => childElement(pick, name)?.text.trim() ?? '';
    const open = childElement(pick, 'CustTransOpen');
    return { invoiceId: text('Invoice'), voucher: text('Voucher'), recId: text('RecId'), amountCur: text('AmountCur') || '0', settledCur: text('SettleAmountCur') || '0', openCur: open ? (childElement(open, 'AmountCur')?.text.trim() ?? '0') : '0' };
  }
}

function matchesType(row: XmlElement, type: 'Invoice' | 'Payment'): boolean {
  const t = childElement(row, 'TransType')?.text.trim() ?? '';
  const invoice = childElement(row, 'Invoice')?.text.trim() ?? '';
  return type === 'Payment' ? t === 'Payment' : invoice !== '' && t !== 'Payment';
}
