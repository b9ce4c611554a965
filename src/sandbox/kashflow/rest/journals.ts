import type { FastifyInstance } from 'fastify';
import { Dec, roundTo } from '../../../canonical/money.js';
import type { KashflowState } from '../state.js';
import type { JournalLineRec, JournalRec } from '../store/records.js';
import { invalidate } from '../store/store.js';
import { invalidField, notFound, RestError } from '../wire/errors.js';
import { businessDate, money, timestamp } from '../wire/format.js';
import type { JsonReader } from '../wire/input.js';
import { cachedJson } from './json-common.js';
import { byNumber, byString, envelope, pageRows, parseListQuery, sortedRows, type SortKeys } from './paging.js';
import { json, noContent, restRoute } from './route.js';

/**
 * Journals. The REST shape is unknown [U] (reference §5.8); this is a guess built on the
 * known `Id, Number, Date, Description, Lines[]` with explicit debit/credit columns per line:
 * `{Id, Number, Date, Description, CreatedDate, Lines:[{Number, NominalCode, NominalName,
 * Debit, Credit, Comment, ProjectNumber}]}`. Each line has exactly one of Debit/Credit above
 * zero and the journal must balance. List summaries have `Lines: null`.
 */
export function journalJson(state: KashflowState, j: JournalRec, shape: 'summary' | 'detail'): string {
  return cachedJson(j, state, shape, () => ({
    Id: j.id,
    Number: j.number,
    Date: businessDate(j.date),
    Description: j.description,
    CreatedDate: timestamp(j.createdMs),
    Lines:
      shape === 'summary'
        ? null
        : j.lines.map((l) => ({ Number: l.number, NominalCode: l.nominalCode, NominalName: state.store.nominals.get(l.nominalCode)?.name ?? '', Debit: money(l.debit), Credit: money(l.credit), Comment: l.comment, ProjectNumber: l.projectNumber })),
  }));
}

const JOURNAL_SORT: SortKeys<JournalRec> = {
  number: { name: 'Number', compare: (a, b) => byNumber(a.number, b.number) },
  date: { name: 'Date', compare: (a, b) => byString(a.date, b.date) },
  id: { name: 'Id', compare: (a, b) => byNumber(a.id, b.id) },
};

/** `/v2/journals`: paged summaries, detail by number, create, update (replace lines when sent), delete. */
export function registerJournalRoutes(app: FastifyInstance, state: KashflowState): void {
  restRoute(app, state, 'GET', '/v2/journals', { auth: true }, (call) => {
    const q = parseListQuery(call, JOURNAL_SORT, 'Number');
    const rows = sortedRows(state, state.store.journals, 'journals', q);
    return json(envelope(call, '/v2/journals', rows.length, q, pageRows(state, rows, q).map((j) => journalJson(state, j, 'summary'))));
  });
  restRoute(app, state, 'GET', '/v2/journals/:number', { auth: true }, (call) => json(journalJson(state, find(state, call.params.number), 'detail')));

  restRoute(app, state, 'POST', '/v2/journals', { auth: true }, (call) => {
    const r = call.body();
    const number = r.int('Number', { min: 0, max: 2_000_000_000 });
    if (number !== undefined && number > 0 && state.store.journals.has(number)) throw new RestError(400, 'DuplicateNumber', `Number: a journal with number ${number} already exists`);
    const draft = readJournal(state, r, { id: 0, number: 0, date: state.today(), description: '', lines: [], createdMs: state.ctx.clock.nowMs() }, true);
    r.finish();
    draft.number = number !== undefined && number > 0 ? number : state.store.nextJournalNumber();
    draft.id = state.store.nextId('journal');
    state.store.journals.set(draft.number, draft);
    return json(journalJson(state, draft, 'detail'), 201);
  });

  restRoute(app, state, 'PUT', '/v2/journals/:number', { auth: true }, (call) => {
    const existing = find(state, call.params.number);
    const r = call.body();
    r.ignore('Number');
    const draft = readJournal(state, r, { ...existing }, false);
    r.finish();
    invalidate(draft);
    state.store.journals.set(draft.number, draft);
    return json(journalJson(state, draft, 'detail'));
  });

  restRoute(app, state, 'DELETE', '/v2/journals/:number', { auth: true }, (call) => {
    state.store.journals.delete(find(state, call.params.number).number);
    return noContent;
  });
}

function find(state: KashflowState, text: string | undefined): JournalRec {
  const j = text !== undefined && /^\d{1,10}$/.test(text) ? state.store.journals.get(Number(text)) : undefined;
  if (!j) throw notFound(`Journal ${text ?? ''}`);
  return j;
}

function readJournal(state: KashflowState, r: JsonReader, j: JournalRec, requireLines: boolean): JournalRec {
  r.ignore('Id', 'CreatedDate');
  j.date = r.date('Date') ?? j.date;
  j.description = r.str('Description', { max: 1000 }) ?? j.description;
  const lines = r.arr('Lines');
  if (!lines && requireLines) throw invalidField('Lines', 'is required');
  if (lines) {
    if (lines.length < 2) throw invalidField('Lines', 'a journal needs at least two lines');
    if (lines.length > 1000) throw invalidField('Lines', 'must not have more than 1000 lines');
    j.lines = lines.map((l, i): JournalLineRec => {
      l.ignore('Number', 'NominalName');
      const nominalCode = l.required('NominalCode', l.int('NominalCode', { min: 1 }));
      if (!state.store.nominals.has(nominalCode)) throw invalidField(l.name('NominalCode'), `unknown nominal code ${nominalCode}`);
      const debit = roundTo(l.dec('Debit', { min: 0 }) ?? ZERO, 2);
      const credit = roundTo(l.dec('Credit', { min: 0 }) ?? ZERO, 2);
      if (debit.isZero() === credit.isZero()) throw invalidField(l.path, 'exactly one of Debit and Credit must be greater than 0');
      const projectNumber = l.int('ProjectNumber', { min: 0 }) ?? 0;
      if (projectNumber !== 0 && !state.store.projects.has(projectNumber)) throw invalidField(l.name('ProjectNumber'), `unknown project number ${projectNumber}`);
      return { number: i + 1, nominalCode, debit, credit, comment: l.str('Comment', { max: 1000 }) ?? '', projectNumber };
    });
    const debits = j.lines.reduce((a, l) => a.plus(l.debit), ZERO);
    const credits = j.lines.reduce((a, l) => a.plus(l.credit), ZERO);
    if (!debits.equals(credits)) throw invalidField('Lines', `the journal does not balance: debits ${debits.toFixed(2)} ≠ credits ${credits.toFixed(2)}`);
  }
  return j;
}

const ZERO = new Dec(0);

