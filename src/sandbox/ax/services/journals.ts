import { Dec, fixed } from '../../../canonical/money.js';
import { rateFor } from '../domain/currency.js';
import { resolveAccount, resolveDimensionSet, toMultiTypeAccount } from '../domain/dimensions.js';
import { dueDate } from '../domain/terms.js';
import type { OperationContext, ServiceHandlers } from '../operations/context.js';
import { dimensionSet, multiTypeAccount, refuseReadOnly, scalar } from '../operations/fields.js';
import { notFound } from '../operations/master-service.js';
import { documentParam, keysParam } from '../operations/request.js';
import { findMarkedInvoice } from '../posting/settlement.js';
import { planJournalPosting } from '../posting/journal-posting.js';
import type { ParsedRecord } from '../schema/parse.js';
import { documentNode, type OutRecord } from '../schema/serialize.js';
import { text, type DimPair } from '../schema/values.js';
import { ProblemList } from '../soap/aif-error.js';
import { entityKeyListNode, keyValue } from '../soap/keys.js';
import type { AccountRef, AccountType, Journal, JournalLine, JournalType } from '../state/ledger-types.js';
import { documentHash } from '../operations/records.js';

const JOURNAL_TYPE_LABEL: Record<JournalType, string> = { Daily: 'Daily', CustPayment: 'Customer payment', VendInvoiceRegister: 'Vendor invoice register', VendPayment: 'Vendor payment' };
const SUPPORTED_ACCOUNT_TYPES: ReadonlySet<string> = new Set(['Ledger', 'Cust', 'Vend', 'Bank']);

/**
 * Journal services on LedgerJournalTable/LedgerJournalTrans: the general journal (Daily),
 * customer payment journal (CustPayment) and vendor invoice journal (VendInvoiceRegister). The
 * journal name's type must fit the service. Created unposted; posted in the call with
 * `autoPost`. Key `JournalNum` (or RecId, settings). Only the general journal has `read`.
 */
export function journalHandlers(type: JournalType, withRead: boolean): ServiceHandlers {
  const handlers: ServiceHandlers = {
    create(ctx, wrapper) {
      const doc = documentParam(ctx, wrapper);
      const problems = new ProblemList();
      const planned: Journal[] = [];
      for (const parsed of doc.records) {
        const before = problems.size;
        const journal = planJournal(ctx, parsed, type, problems);
        if (!journal || problems.size > before) continue;
        planned.push(journal);
        if (ctx.settings.autoPost) planJournalPosting(ctx.aos, ctx.company, ctx.tx, journal, parsed.xpath, problems, new Date(ctx.nowMs).toISOString());
      }
      problems.throwIfAny();
      ctx.tx.onCommit(() => {
        for (const j of planned) ctx.company.journals.set(j);
      });
      return () => [entityKeyListNode(planned.map((j) => (ctx.settings.journalKeyField === 'RecId' ? [['RecId', String(j.recId)]] : [['JournalNum', j.journalNum]])))];
    },
  };
  if (withRead) {
    handlers.read = (ctx, wrapper) => {
      const keys = keysParam(ctx, wrapper);
      const journals = keys.map((k, i) => {
        const num = keyValue(k, 'JournalNum');
        const recId = keyValue(k, 'RecId');
        const j = num !== undefined ? ctx.company.journals.get(num) : recId !== undefined ? ctx.company.journals.list().find((x) => String(x.recId) === recId) : undefined;
        if (!j || j.serviceId !== ctx.service.definition.id) throw notFound(i);
        return j;
      });
      return () => [documentNode(ctx.service.document, ctx.company.id, journals.map(journalOut))];
    };
  }
  return handlers;
}

function planJournal(ctx: OperationContext, p: ParsedRecord, type: JournalType, problems: ProblemList): Journal | undefined {
  const company = ctx.company;
  const xp = p.xpath;
  refuseReadOnly(p, problems);
  const nameIn = scalar(p, 'JournalName');
  const journalName = nameIn === '' ? undefined : company.journalNames.get(nameIn);
  if (nameIn === '') problems.add(`Field 'JournalName' must be filled in.`, 'JournalName', `${xp}/JournalName`);
  else if (!journalName) problems.add(`Journal name ${nameIn} does not exist.`, 'JournalName', `${xp}/JournalName`);
  else if (journalName.type !== type) problems.add(`Journal name ${journalName.id} is of type ${JOURNAL_TYPE_LABEL[journalName.type]}; the ${ctx.service.externalName} requires a journal name of type ${JOURNAL_TYPE_LABEL[type]}.`, 'JournalName', `${xp}/JournalName`);
  const currencyIn = scalar(p, 'CurrencyCode') || company.accountingCurrency;
  const currency = company.currencies.get(currencyIn);
  if (!currency) problems.add(`Currency ${currencyIn} does not exist.`, 'CurrencyCode', `${xp}/CurrencyCode`);
  const defaultDimension = resolveDimensionSet(company, dimensionSet(p, 'DefaultDimension'), `${xp}/DefaultDimension`, problems);
  const lineRecords = p.children.get('LedgerJournalTrans') ?? [];
  if (lineRecords.length === 0) problems.add('A journal must have at least one line (LedgerJournalTrans).', 'LedgerJournalTrans', xp);
  const lines: JournalLine[] = [];
  lineRecords.forEach((l, i) => {
    const line = planLine(ctx, l, i + 1, type, currency?.id ?? currencyIn, defaultDimension, problems);
    if (line) lines.push(line);
  });
  if (!journalName) return undefined;
  return {
    recId: ctx.aos.nextRecId(),
    recVersion: 1,
    journalNum: ctx.tx.take(company.seq.journal),
    journalName: journalName.id,
    journalType: type,
    name: scalar(p, 'Name') || journalName.name,
    currency: currency?.id ?? currencyIn,
    defaultDimension,
    serviceId: ctx.service.definition.id,
    lines,
    createdAt: new Date(ctx.nowMs).toISOString(),
    posted: false,
  };
}

function planLine(ctx: OperationContext, l: ParsedRecord, lineNum: number, type: JournalType, headerCurrency: string, headerDims: readonly DimPair[], problems: ProblemList): JournalLine | undefined {
  const company = ctx.company;
  const xp = l.xpath;
  const before = problems.size;
  const accountType = (scalar(l, 'AccountType') || 'Ledger') as AccountType;
  const offsetType = (scalar(l, 'OffsetAccountType') || 'Ledger') as AccountType;
  if (!SUPPORTED_ACCOUNT_TYPES.has(accountType)) problems.add(`Account type ${accountType} is not supported by the sandbox (Ledger, Cust, Vend, Bank).`, 'AccountType', `${xp}/AccountType`);
  if (!SUPPORTED_ACCOUNT_TYPES.has(offsetType)) problems.add(`Account type ${offsetType} is not supported by the sandbox (Ledger, Cust, Vend, Bank).`, 'OffsetAccountType', `${xp}/OffsetAccountType`);
  const mta = multiTypeAccount(l, 'LedgerDimension');
  let account: AccountRef | undefined;
  if (!mta) problems.add(`Field 'LedgerDimension' must be filled in (the account of the line).`, 'LedgerDimension', `${xp}/LedgerDimension`);
  else if (SUPPORTED_ACCOUNT_TYPES.has(accountType)) account = resolveAccount(company, accountType, mta, `${xp}/LedgerDimension`, 'LedgerDimension', problems);
  const offMta = multiTypeAccount(l, 'OffsetLedgerDimension');
  const offset = offMta && (offMta.account !== '' || offMta.displayValue !== '') && SUPPORTED_ACCOUNT_TYPES.has(offsetType) ? resolveAccount(company, offsetType, offMta, `${xp}/OffsetLedgerDimension`, 'OffsetLedgerDimension', problems) : undefined;
  const debit = scalar(l, 'AmountCurDebit');
  const credit = scalar(l, 'AmountCurCredit');
  const d = new Dec(debit || '0');
  const c = new Dec(credit || '0');
  if (d.isNegative() || c.isNegative()) problems.add('Debit and credit amounts cannot be negative.', d.isNegative() ? 'AmountCurDebit' : 'AmountCurCredit', xp);
  else if (d.isZero() && c.isZero()) problems.add(`Field 'AmountCurDebit' or 'AmountCurCredit' must be filled in.`, 'AmountCurDebit', `${xp}/AmountCurDebit`);
  else if (!d.isZero() && !c.isZero()) problems.add('A line cannot have both a debit and a credit amount.', 'AmountCurCredit', `${xp}/AmountCurCredit`);
  const currencyIn = scalar(l, 'CurrencyCode') || headerCurrency;
  const currency = company.currencies.get(currencyIn);
  if (!currency) problems.add(`Currency ${currencyIn} does not exist.`, 'CurrencyCode', `${xp}/CurrencyCode`);
  const transDate = scalar(l, 'TransDate') || ctx.today;
  const exchRate = scalar(l, 'ExchRate') || undefined;
  if (currency) rateFor(company, currency.id, transDate, exchRate, 'CurrencyCode', `${xp}/CurrencyCode`, problems);
  const taxGroup = optionalCode(company.salesTaxGroups, scalar(l, 'TaxGroup'), 'Sales tax group', 'TaxGroup', xp, problems);
  const taxItemGroup = optionalCode(company.itemSalesTaxGroups, scalar(l, 'TaxItemGroup'), 'Item sales tax group', 'TaxItemGroup', xp, problems);
  const lineCompany = scalar(l, 'Company');
  if (lineCompany !== '' && lineCompany.toUpperCase() !== company.id.toUpperCase()) problems.add(`Intercompany lines are not supported by the sandbox (Company ${lineCompany} on a journal of company ${company.id}).`, 'Company', `${xp}/Company`);
  const defaultDimension = resolveDimensionSet(company, dimensionSet(l, 'DefaultDimension'), `${xp}/DefaultDimension`, problems);
  const invoice = scalar(l, 'Invoice');
  if (type === 'VendInvoiceRegister' && account?.type === 'Vend' && invoice === '') problems.add(`Field 'Invoice' must be filled in on a vendor invoice line.`, 'Invoice', `${xp}/Invoice`);
  if (type === 'VendInvoiceRegister' && account?.type === 'Vend' && invoice !== '') {
    const used = company.transByInvoice('Vend', invoice).some((t) => t.accountNum.toUpperCase() === account.id.toUpperCase()) || !ctx.tx.claim(`vendinvoice:${account.id.toUpperCase()}:${invoice.toUpperCase()}`);
    if (used) problems.add(`Invoice number ${invoice} is already used for vendor ${account.id}.`, 'Invoice', `${xp}/Invoice`, 'RecordAlreadyExists');
  }
  const markedInvoice = scalar(l, 'MarkedInvoice');
  if (markedInvoice !== '' && account) {
    if (account.type !== 'Cust' && account.type !== 'Vend') problems.add(`MarkedInvoice can only be used on customer or vendor lines (AccountType ${account.type}).`, 'MarkedInvoice', `${xp}/MarkedInvoice`, 'SettlementFailed');
    else findMarkedInvoice(company, ctx.tx, account.type, markedInvoice, account.id, 'MarkedInvoice', `${xp}/MarkedInvoice`, problems);
  }
  if (problems.size > before || !account) return undefined;
  const partyDue = (): string => {
    if (account.type !== 'Cust' && account.type !== 'Vend') return '';
    const row = (account.type === 'Cust' ? company.customers : company.vendors).get(account.id);
    const term = row ? company.paymentTerms.get(text(row.record, 'PaymTermId')) : undefined;
    return term ? dueDate(transDate, term) : '';
  };
  return {
    recId: ctx.aos.nextRecId(),
    lineNum,
    account,
    offset,
    debit: d.isZero() ? '' : fixed(d, 2),
    credit: c.isZero() ? '' : fixed(c, 2),
    currency: currency?.id ?? currencyIn,
    exchRate,
    transDate,
    documentDate: scalar(l, 'DocumentDate'),
    due: scalar(l, 'Due') || partyDue(),
    txt: scalar(l, 'Txt'),
    invoice,
    documentNum: scalar(l, 'DocumentNum'),
    paymReference: scalar(l, 'PaymReference'),
    paymId: scalar(l, 'PaymId'),
    markedInvoice,
    settleVoucher: scalar(l, 'SettleVoucher') || (markedInvoice !== '' ? 'SelectedTransact' : ''),
    taxGroup,
    taxItemGroup,
    defaultDimension: defaultDimension.length > 0 ? defaultDimension : account.type === 'Ledger' ? [] : [...headerDims],
    company: company.id,
    inputVoucher: scalar(l, 'Voucher'),
  };
}

function optionalCode(table: { get(k: string): { id: string } | undefined }, value: string, noun: string, field: string, xp: string, problems: ProblemList): string {
  if (value === '') return '';
  const row = table.get(value);
  if (!row) {
    problems.add(`${noun} ${value} does not exist.`, field, `${xp}/${field}`);
    return '';
  }
  return row.id;
}

/** A journal as an outbound document record. */
export function journalOut(j: Journal): OutRecord {
  const top: OutRecord = {
    recId: j.recId,
    recVersion: j.recVersion,
    fields: { CurrencyCode: j.currency, DefaultDimension: j.defaultDimension, JournalName: j.journalName, JournalNum: j.journalNum, JournalType: j.journalType, Name: j.name, Posted: j.posted ? 'Yes' : 'No' },
    children: {
      LedgerJournalTrans: j.lines.map((l) => ({
        recId: l.recId,
        recVersion: 1,
        fields: {
          AccountType: l.account.type,
          AmountCurCredit: l.credit,
          AmountCurDebit: l.debit,
          Company: l.company,
          CurrencyCode: l.currency,
          DefaultDimension: l.defaultDimension,
          DocumentDate: l.documentDate,
          DocumentNum: l.documentNum,
          Due: l.due,
          ExchRate: l.exchRate,
          Invoice: l.invoice,
          LedgerDimension: toMultiTypeAccount(l.account),
          LineNum: String(l.lineNum),
          MarkedInvoice: l.markedInvoice,
          OffsetAccountType: l.offset?.type,
          OffsetLedgerDimension: l.offset ? toMultiTypeAccount(l.offset) : undefined,
          PaymId: l.paymId,
          PaymReference: l.paymReference,
          SettleVoucher: l.settleVoucher,
          TaxGroup: l.taxGroup,
          TaxItemGroup: l.taxItemGroup,
          TransDate: l.transDate,
          Txt: l.txt,
          Voucher: l.voucher ?? l.inputVoucher,
        },
      })),
    },
  };
  return { ...top, documentHash: documentHash({ table: 'LedgerJournalTable', recId: j.recId, recVersion: j.recVersion, fields: {}, children: {} }) };
}
