import { JournalSchema, type Journal, type JournalLine } from '../../../canonical/journal.js';
import { Dec } from '../../../canonical/money.js';
import { finalize, kashflowRef } from './common.js';
import { invalid, WireReader } from './reader.js';

/**
 * Parses a KashFlow journal. The REST journal shape is unknown [U] beyond Number, Date,
 * Description and Lines (reference §5.8), so this accepts the plausible spellings: lines under
 * `Lines`/`JournalLines`/`LineItems`, each with `NominalCode` and either `Debit`/`Credit` or a
 * signed `Amount` (positive = debit [G], the SOAP JournalLine convention as we read it).
 */
export function parseKashflowJournal(json: unknown): Journal {
  const r = new WireReader(json);
  const number = r.int(['Number', 'JournalNumber']);
  if (number <= 0) throw invalid('$.Number', 'must be a positive whole number');
  const items = r.arr(['Lines', 'JournalLines', 'LineItems']);
  if (items.length < 2) throw invalid('$.Lines', 'a journal needs at least two lines');
  const lines = items.map((l, i): JournalLine => {
    const nominal = l.optInt(['NominalCode', 'Nominal', 'Code']);
    if (nominal === undefined) throw invalid(`${l.path}.NominalCode`, 'is required');
    let debit: Dec;
    let credit: Dec;
    if (l.has('Debit', 'Credit')) {
      debit = l.optDec('Debit') ?? new Dec(0);
      credit = l.optDec('Credit') ?? new Dec(0);
      if (debit.lt(0) || credit.lt(0)) throw invalid(`${l.path}.Debit`, 'debit and credit must not be negative');
    } else {
      const amount = l.dec('Amount');
      debit = amount.gt(0) ? amount : new Dec(0);
      credit = amount.lt(0) ? amount.neg() : new Dec(0);
    }
    if (debit.gt(0) && credit.gt(0)) throw invalid(`${l.path}`, 'a line is either a debit or a credit, not both');
    if (debit.isZero() && credit.isZero()) throw invalid(`${l.path}.Amount`, 'must not be zero');
    const project = l.optInt(['ProjectNumber', 'ProjId']);
    return {
      number: l.optInt(['Number', 'LineNumber']) ?? i + 1,
      nominalCode: nominal,
      debit,
      credit,
      description: l.str(['Description', 'Comment', 'Narrative']),
      ...(project !== undefined && project > 0 ? { projectNumber: project } : {}),
    };
  });
  return finalize(
    JournalSchema,
    { source: kashflowRef('journal', number), kind: 'journal', number, date: r.date(['Date', 'JournalDate']), description: r.str(['Description', 'Comment', 'Narrative']), lines },
    '$',
  );
}
