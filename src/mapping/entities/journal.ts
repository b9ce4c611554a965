import type { Journal } from '../../canonical/journal.js';
import { sum } from '../../canonical/money.js';
import type { LedgerJournalDocument, LedgerJournalLine } from '../../connectors/ax/documents/types.js';
import { MappingError } from '../errors.js';
import { ledgerAccount, resolveMainAccount } from '../transforms/accounts.js';
import { deriveDimensions, dimensionValues, explainDimensions, orderedDimensions } from '../transforms/dimensions.js';
import type { MappingContext } from './context.js';

const HEADER = 'LedgerJournalTable';
const LINE = 'LedgerJournalTable.LedgerJournalTrans';

/** A KashFlow journal → an AX general journal (one Ledger line per nominal line, home currency). */
export async function mapJournal(ctx: MappingContext, j: Journal): Promise<{ document: LedgerJournalDocument }> {
  const { cm, explain } = ctx;
  const debits = sum(j.lines.map((l) => l.debit));
  const credits = sum(j.lines.map((l) => l.credit));
  if (!debits.eq(credits)) throw new MappingError('KFAX_MAPPING_UNBALANCED', [String(j.number), debits.toFixed(2), credits.toFixed(2)], { rule: 'journal balance' });
  const currency = cm.currency.accountingCurrency;
  const docFacts = { entity: 'journal', transactionType: 'journal', number: j.number, date: j.date, currency, reference: j.description };
  const headerDims = await deriveDimensions(cm.dimensions.header.get('journal') ?? [], docFacts);
  const journalName = cm.config.documents.journal.journalName;
  const name = cm.templates.journal.name(docFacts);
  explain.add(`${HEADER}.JournalName`, journalName, 'documents.journal.journalName');
  const tables = cm.dimensions.line.get('journal') ?? [];
  const lines: LedgerJournalLine[] = [];
  for (let i = 0; i < j.lines.length; i++) {
    const l = j.lines[i] as Journal['lines'][number];
    const path = `${LINE}[${i + 1}]`;
    const facts = { ...docFacts, nominal: l.nominalCode, project: l.projectNumber, description: l.description, side: l.debit.gt(0) ? 'debit' : 'credit', amount: l.debit.gt(0) ? l.debit : l.credit };
    const main = resolveMainAccount(cm, facts, `KashFlow Lines[${i}].NominalCode ${l.nominalCode}`);
    const dims = await deriveDimensions(tables, facts, cm.dimensions.inheritHeader ? headerDims : undefined);
    const acct = ledgerAccount(cm, ctx.ref, main.mainAccount, dimensionValues(dims));
    explain.add(`${path}.LedgerDimension.Account`, main.mainAccount, `${main.rule} for nominal ${l.nominalCode}`);
    explain.add(`${path}.LedgerDimension.DisplayValue`, acct.account.displayValue, acct.rule);
    explain.add(`${path}.${l.debit.gt(0) ? 'AmountCurDebit' : 'AmountCurCredit'}`, (l.debit.gt(0) ? l.debit : l.credit).toFixed(2), `KashFlow Lines[${i}]`);
    explainDimensions(explain, path, dims);
    lines.push({
      accountType: 'Ledger',
      ledgerDimension: acct.account,
      ...(l.debit.gt(0) ? { amountCurDebit: l.debit } : { amountCurCredit: l.credit }),
      currencyCode: currency,
      transDate: j.date,
      documentDate: j.date,
      txt: l.description || j.description,
      documentNum: String(j.number),
      defaultDimension: orderedDimensions(cm, dimensionValues(dims)),
    });
  }
  return { document: { kind: 'generalJournal', header: { journalName, name, currencyCode: currency }, lines } };
}
