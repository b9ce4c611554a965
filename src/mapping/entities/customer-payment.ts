import type { Payment } from '../../canonical/payment.js';
import type { LedgerJournalDocument } from '../../connectors/ax/documents/types.js';
import { lookupValueMap } from '../compile/decision-table.js';
import { MappingError } from '../errors.js';
import { plainAccount } from '../transforms/accounts.js';
import { documentRate } from '../transforms/currency.js';
import { deriveDimensions, dimensionValues, explainDimensions, orderedDimensions } from '../transforms/dimensions.js';
import type { MappingContext } from './context.js';
import { partyAccount, resolvePartyGroup } from './party-facts.js';

const HEADER = 'LedgerJournalTable';
const LINE = 'LedgerJournalTable.LedgerJournalTrans[1]';

/**
 * A KashFlow payment line (plus its invoice) → an AX customer payment journal line: credit the
 * customer, offset to the bank (value map `bankAccounts` on the KashFlow bank account id),
 * settle the invoice through MarkedInvoice.
 */
export async function mapCustomerPayment(ctx: MappingContext, p: Payment): Promise<{ document: LedgerJournalDocument }> {
  const { cm, explain } = ctx;
  const account = partyAccount(ctx, 'customer', p.partyCode);
  const base: Record<string, unknown> = {
    entity: 'customer-payment',
    transactionType: 'customer-payment',
    partyKind: 'customer',
    paymentId: p.id,
    number: p.documentNumber,
    date: p.date,
    currency: p.currency,
    customerCode: p.partyCode,
    partyCode: p.partyCode,
    customerName: p.partyName,
    account: account.account,
    paymentMethod: p.methodId,
    bankAccount: p.bankAccountId,
    reference: p.reference,
    note: p.note,
    amount: p.amount,
  };
  const group = await resolvePartyGroup(ctx, 'customer', account.account, base, `${LINE} customer group`);
  const facts = { ...base, customerGroup: group.group, partyGroup: group.group };
  const bank = lookupValueMap(cm.valueMaps, 'bankAccounts', String(p.bankAccountId));
  if (bank === undefined) throw new MappingError('KFAX_MAPPING_NO_RULE', [`${LINE}.OffsetLedgerDimension`, `KashFlow bank account ${p.bankAccountId} has no entry in valueMaps.bankAccounts`], { rule: 'valueMaps.bankAccounts', facts: { bankAccount: String(p.bankAccountId) } });
  const method = lookupValueMap(cm.valueMaps, 'paymentMethods', String(p.methodId));
  const rate = documentRate(cm, ctx.ref, p.currency, p.date, p.exchangeRate, `${LINE}.ExchRate`);
  const dims = await deriveDimensions(cm.dimensions.header.get('customer-payment') ?? [], facts);
  const xrefInvoice = ctx.xref?.axInvoiceId?.(p.documentNumber);
  const marked = xrefInvoice ?? cm.templates.payment.markedInvoice(facts);
  const journalName = cm.config.documents.customerPayment.journalName;
  const name = cm.templates.payment.name(facts);
  const txt = cm.templates.payment.txt({ ...facts, paymentMethodName: method ?? '' });
  const documentNum = cm.templates.payment.documentNum(facts);
  explain.add(`${HEADER}.JournalName`, journalName, 'documents.customerPayment.journalName');
  explain.add(`${LINE}.LedgerDimension.Account`, account.account, account.rule);
  explain.add(`${LINE}.(customer group)`, group.group, group.rule);
  explain.add(`${LINE}.AmountCurCredit`, p.amount.toFixed(2), 'KashFlow PaymentLine.Amount (document currency [G])');
  explain.add(`${LINE}.OffsetLedgerDimension.Account`, bank, `valueMaps.bankAccounts["${p.bankAccountId}"]`);
  explain.add(`${LINE}.MarkedInvoice`, marked, xrefInvoice ? 'cross-reference: AX invoice id of the KashFlow invoice' : `documents.customerPayment.markedInvoice (no cross-reference yet) [G]`);
  explain.add(`${LINE}.DocumentNum`, documentNum, 'documents.customerPayment.documentNum (natural key)');
  if (method !== undefined) explain.add(`${LINE}.(payment method)`, method, `valueMaps.paymentMethods["${p.methodId}"]`);
  if (rate.exchRate) explain.add(`${LINE}.ExchRate`, rate.exchRate.toString(), rate.rule);
  explainDimensions(explain, LINE, dims);
  return {
    document: {
      kind: 'customerPaymentJournal',
      header: { journalName, name, currencyCode: p.currency },
      lines: [
        {
          accountType: 'Cust',
          ledgerDimension: plainAccount(account.account),
          offsetAccountType: 'Bank',
          offsetLedgerDimension: plainAccount(bank),
          amountCurCredit: p.amount,
          currencyCode: p.currency,
          ...(rate.exchRate ? { exchRate: rate.exchRate } : {}),
          transDate: p.date,
          documentDate: p.date,
          txt,
          documentNum,
          paymReference: p.reference || String(p.id),
          markedInvoice: marked,
          defaultDimension: orderedDimensions(cm, dimensionValues(dims)),
        },
      ],
    },
  };
}
