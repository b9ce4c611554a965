import type { FastifyInstance } from 'fastify';
import type { KashflowState } from '../state.js';
import { paymentState } from '../store/documents.js';
import type { DocumentKind, DocumentRec } from '../store/records.js';
import { codeKey } from '../store/store.js';
import { notFound, RestError } from '../wire/errors.js';
import { blankDocument, readDocument } from './document-input.js';
import { documentJson, writtenDocumentJson } from './document-json.js';
import { byNumber, byString, envelope, pageRows, parseListQuery, sortedRows, type SortKey, type SortKeys } from './paging.js';
import { PageCache } from './page-cache.js';
import { json, noContent, restRoute, type RestCall } from './route.js';

const STATUS_ORDER = ['NA', 'Unpaid', 'PartPaid', 'Overdue', 'Paid', 'Overpaid'];

/** Sort keys of a document list; aliases from the KashFlow docs map to the same key (reference §3.3). */
function sortKeys(state: KashflowState, kind: DocumentKind): SortKeys<DocumentRec> {
  const partyName = (d: DocumentRec): string => (state.store.partyOf(d)?.name ?? '').toLowerCase();
  const status = (d: DocumentRec): number => STATUS_ORDER.indexOf(paymentState(d, state.today(), state.settings.partPaidStatus).status);
  const number: SortKey<DocumentRec> = { name: 'Number', compare: (a, b) => byNumber(a.number, b.number) };
  const reference: SortKey<DocumentRec> = { name: kind === 'invoice' ? 'CustomerReference' : 'SupplierReference', compare: (a, b) => byString(a.reference.toLowerCase(), b.reference.toLowerCase()) };
  const name: SortKey<DocumentRec> = { name: kind === 'invoice' ? 'CustomerName' : 'SupplierName', compare: (a, b) => byString(partyName(a), partyName(b)) };
  const code: SortKey<DocumentRec> = { name: kind === 'invoice' ? 'CustomerCode' : 'SupplierCode', compare: (a, b) => byString(codeKey(a.partyCode), codeKey(b.partyCode)) };
  const issued: SortKey<DocumentRec> = { name: 'IssuedDate', compare: (a, b) => byString(a.issuedDate, b.issuedDate) };
  const due: SortKey<DocumentRec> = { name: 'DueDate', compare: (a, b) => byString(a.dueDate, b.dueDate) };
  const keys: Record<string, SortKey<DocumentRec>> = {
    number,
    id: { name: 'Id', compare: (a, b) => byNumber(a.id, b.id) },
    issueddate: issued,
    duedate: due,
    paymentduedate: due,
    grossamount: { name: 'GrossAmount', compare: (a, b) => a.gross.comparedTo(b.gross) },
    netamount: { name: 'NetAmount', compare: (a, b) => a.net.comparedTo(b.net) },
    status: { name: 'Status', dynamic: true, compare: (a, b) => status(a) - status(b) },
  };
  if (kind === 'invoice') Object.assign(keys, { customerref: reference, customerreference: reference, customername: name, customercode: code, invoicedate: issued });
  else Object.assign(keys, { supplierref: reference, supplierreference: reference, suppliername: name, suppliercode: code, purchasedate: issued });
  return keys;
}

/**
 * `/v2/invoices` and `/v2/purchases`: paged summaries (filter `customerCode` /
 * `supplierCode`), detail by number, create, update (merge) and delete.
 */
export function registerDocumentRoutes(app: FastifyInstance, state: KashflowState, kind: DocumentKind): void {
  const base = kind === 'invoice' ? '/v2/invoices' : '/v2/purchases';
  const keys = sortKeys(state, kind);
  const filterParam = kind === 'invoice' ? 'customercode' : 'suppliercode';

  const pages = new PageCache();
  restRoute(app, state, 'GET', base, { auth: true }, (call) => {
    const list = state.store.documents(kind);
    return json(
      pages.get(state, list.version, call.rawQuery, () => {
        const q = parseListQuery(call, keys, 'Number');
        let rows = sortedRows(state, list, kind, q);
        const filter = call.query[filterParam];
        if (filter !== undefined && filter.trim() !== '') {
          const key = codeKey(filter);
          rows = rows.filter((d) => codeKey(d.partyCode) === key);
        }
        const page = pageRows(state, rows, q).map((d) => documentJson(state, d, 'summary'));
        return envelope(call, base, rows.length, q, page);
      }),
    );
  });

  restRoute(app, state, 'GET', `${base}/:number`, { auth: true }, (call) => json(documentJson(state, findDocument(state, kind, call), 'detail')));

  restRoute(app, state, 'POST', base, { auth: true }, (call) => {
    const body = call.body();
    const draft = readDocument(state, kind, body, blankDocument(kind, state.ctx.clock.nowMs()), 'create');
    body.finish();
    state.store.putDocument(draft);
    return json(writtenDocumentJson(state, draft), 201);
  });

  restRoute(app, state, 'PUT', `${base}/:number`, { auth: true }, (call) => {
    const existing = findDocument(state, kind, call);
    const body = call.body();
    const draft = readDocument(state, kind, body, { ...existing }, 'update');
    body.finish();
    state.store.putDocument(draft, existing);
    return json(writtenDocumentJson(state, draft));
  });

  restRoute(app, state, 'DELETE', `${base}/:number`, { auth: true }, (call) => {
    const existing = findDocument(state, kind, call);
    // [G] KashFlow's rule is unknown; refusing keeps payments from silently disappearing.
    if (existing.payments.length > 0) throw new RestError(400, 'HasPayments', `${label(kind)} ${existing.number} has payments; delete them first.`);
    state.store.removeDocument(existing);
    return noContent;
  });
}

function label(kind: DocumentKind): string {
  return kind === 'invoice' ? 'Invoice' : 'Purchase';
}

export function findDocument(state: KashflowState, kind: DocumentKind, call: RestCall): DocumentRec {
  const text = call.params.number ?? '';
  const doc = /^\d{1,10}$/.test(text) ? state.store.documents(kind).get(Number(text)) : undefined;
  if (!doc) throw notFound(`${label(kind)} ${text}`);
  return doc;
}
