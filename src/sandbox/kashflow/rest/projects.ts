import type { FastifyInstance } from 'fastify';
import { Dec } from '../../../canonical/money.js';
import { stringifyWithRawNumbers } from '../../../util/json-raw.js';
import type { KashflowState } from '../state.js';
import type { ProjectRec } from '../store/records.js';
import { projectStats } from '../store/stats.js';
import { codeKey } from '../store/store.js';
import { invalidField, notFound, RestError } from '../wire/errors.js';
import { money, optionalDate } from '../wire/format.js';
import type { JsonReader } from '../wire/input.js';
import { json, noContent, restRoute } from './route.js';

const STATUS_NAMES: Readonly<Record<number, string>> = { 0: 'Completed', 1: 'Active', 2: 'Archived' };

/** Project (reference §5.9); actual amounts are computed from documents and journals (home currency). */
export function projectJson(state: KashflowState, p: ProjectRec): Record<string, unknown> {
  const s = projectStats(state.store, p);
  const customer = p.customerCode === '' ? undefined : state.store.customers.get(codeKey(p.customerCode));
  return {
    Id: p.id,
    Number: p.number,
    Name: p.name,
    Reference: p.reference,
    Description: p.description,
    Note: p.note,
    CustomerCode: customer?.code ?? p.customerCode,
    CustomerId: customer?.id ?? 0,
    CustomerName: customer?.name ?? '',
    StartDate: optionalDate(p.startDate),
    EndDate: optionalDate(p.endDate),
    Status: p.status,
    StatusName: STATUS_NAMES[p.status] ?? '',
    ExcludeVAT: p.excludeVat,
    TargetSalesAmount: money(p.targetSalesAmount),
    TargetPurchasesAmount: money(p.targetPurchasesAmount),
    ActualSalesAmount: money(s.sales),
    ActualPurchasesAmount: money(s.purchases),
    ActualSalesVATAmount: money(s.salesVat),
    ActualPurchasesVATAmount: money(s.purchasesVat),
    ActualJournalsAmount: money(s.journals),
    WorkInProgressAmount: money(ZERO),
    AssociatedQuotesCount: 0,
    VatAmountBankTransactions: money(ZERO),
  };
}

const ZERO = new Dec(0);

/** `/v2/projects`: bare array (filter `customerCode`), detail by number, create, update (merge), delete. */
export function registerProjectRoutes(app: FastifyInstance, state: KashflowState): void {
  restRoute(app, state, 'GET', '/v2/projects', { auth: true }, (call) => {
    const filter = call.query.customercode?.trim();
    const rows = state.store.projects.sorted('projects|number', (a, b) => a.number - b.number).filter((p) => !filter || codeKey(p.customerCode) === codeKey(filter));
    return json(stringifyWithRawNumbers(rows.map((p) => projectJson(state, p))));
  });
  restRoute(app, state, 'GET', '/v2/projects/:number', { auth: true }, (call) => json(stringifyWithRawNumbers(projectJson(state, find(state, call.params.number)))));

  restRoute(app, state, 'POST', '/v2/projects', { auth: true }, (call) => {
    const r = call.body();
    const number = r.required('Number', r.int('Number', { min: 1, max: 2_000_000_000 }));
    if (state.store.projects.has(number)) throw new RestError(400, 'DuplicateNumber', `Number: a project with number ${number} already exists`);
    const draft = readProject(state, r, { id: 0, number, name: '', reference: '', description: '', note: '', customerCode: '', startDate: state.today(), endDate: null, status: 1, excludeVat: false, targetSalesAmount: ZERO, targetPurchasesAmount: ZERO });
    r.finish();
    draft.id = state.store.nextId('project');
    state.store.projects.set(number, draft);
    return json(stringifyWithRawNumbers(projectJson(state, draft)), 201);
  });

  restRoute(app, state, 'PUT', '/v2/projects/:number', { auth: true }, (call) => {
    const existing = find(state, call.params.number);
    const r = call.body();
    r.ignore('Number');
    const draft = readProject(state, r, { ...existing });
    r.finish();
    state.store.projects.set(draft.number, draft);
    // Document summaries show project names.
    state.store.changed();
    return json(stringifyWithRawNumbers(projectJson(state, draft)));
  });

  restRoute(app, state, 'DELETE', '/v2/projects/:number', { auth: true }, (call) => {
    const existing = find(state, call.params.number);
    if (inUse(state, existing.number)) throw new RestError(400, 'ProjectInUse', `Project ${existing.number} is used by documents or journals and cannot be deleted.`);
    state.store.projects.delete(existing.number);
    return noContent;
  });
}

function find(state: KashflowState, text: string | undefined): ProjectRec {
  const p = text !== undefined && /^\d{1,10}$/.test(text) ? state.store.projects.get(Number(text)) : undefined;
  if (!p) throw notFound(`Project ${text ?? ''}`);
  return p;
}

function inUse(state: KashflowState, number: number): boolean {
  for (const kind of ['invoice', 'purchase'] as const) for (const d of state.store.documents(kind).values()) if (d.projectNumber === number || d.lines.some((l) => l.projectNumber === number)) return true;
  for (const j of state.store.journals.values()) if (j.lines.some((l) => l.projectNumber === number)) return true;
  return false;
}

function readProject(state: KashflowState, r: JsonReader, p: ProjectRec): ProjectRec {
  r.ignore('Id', 'CustomerId', 'CustomerName', 'StatusName', 'ActualSalesAmount', 'ActualPurchasesAmount', 'ActualSalesVATAmount', 'ActualPurchasesVATAmount', 'ActualJournalsAmount', 'WorkInProgressAmount', 'AssociatedQuotesCount', 'VatAmountBankTransactions');
  const name = r.str('Name', { max: 200 });
  if (name !== undefined) p.name = name.trim();
  if (p.name === '') throw invalidField('Name', 'is required');
  p.reference = r.str('Reference', { max: 100 }) ?? p.reference;
  p.description = r.str('Description', { max: 4000 }) ?? p.description;
  p.note = r.str('Note', { max: 4000 }) ?? p.note;
  const customer = r.str('CustomerCode');
  if (customer !== undefined) {
    const c = customer.trim() === '' ? undefined : state.store.customers.get(codeKey(customer));
    if (customer.trim() !== '' && !c) throw invalidField('CustomerCode', `no customer with code "${customer}"`);
    p.customerCode = c?.code ?? '';
  }
  p.startDate = r.date('StartDate') ?? p.startDate;
  p.endDate = r.date('EndDate') ?? p.endDate;
  if (p.startDate && p.endDate && p.endDate < p.startDate) throw invalidField('EndDate', 'must not be before StartDate');
  p.status = r.int('Status', { min: 0, max: 2 }) ?? p.status;
  p.excludeVat = r.bool('ExcludeVAT') ?? p.excludeVat;
  p.targetSalesAmount = r.dec('TargetSalesAmount', { min: 0 }) ?? p.targetSalesAmount;
  p.targetPurchasesAmount = r.dec('TargetPurchasesAmount', { min: 0 }) ?? p.targetPurchasesAmount;
  return p;
}
