import type { FastifyInstance } from 'fastify';
import { stringifyWithRawNumbers } from '../../../util/json-raw.js';
import type { KashflowState } from '../state.js';
import { commitPayment, PaymentRejected, validatePayment, type PaymentInput } from '../store/payments.js';
import type { BulkPaymentRec, DocumentKind, DocumentRec } from '../store/records.js';
import { invalidField, notFound, RestError } from '../wire/errors.js';
import { businessDate, optionalDate } from '../wire/format.js';
import { paymentLineJson } from './document-json.js';
import { json, noContent, restRoute } from './route.js';

const ITEM_READ_ONLY = ['Id', 'Permalink', 'BulkId', 'BulkPaymentNumber', 'BFSTransactionId', 'BankTransactionId', 'PaymentProcessor', 'PaymentProcessorEnumValue', 'IsPaymentCreditNote', 'VATReturnId', 'InvoiceNumber', 'PayDate', 'ContactName', 'ContactReference', 'ObjectIssuedDate', 'PaidDate', 'CustomerName', 'Date'];

/**
 * Recording payments over REST [G]. The reference knows no per-document payment endpoint
 * (§4, §11 #1); this imitates the Swagger-listed bulk payments, which TT-REST reads:
 * `POST /v2/{invoices|purchases}/bulk/payments` with
 * `{Date, AccountId, Method, Comment, PaymentItems:[{ObjectNumber, Amount, Reference, Note}]}`
 * records one payment per item (all or nothing) and answers 201 with the bulk payment;
 * `GET`/`DELETE /v2/{invoices|purchases}/bulk/payments/{number}` read or remove it.
 * Items may carry their own `AccountId`/`Method` when the bulk level has none.
 */
export function registerPaymentRoutes(app: FastifyInstance, state: KashflowState, kind: DocumentKind): void {
  const base = `/v2/${kind === 'invoice' ? 'invoices' : 'purchases'}/bulk/payments`;

  restRoute(app, state, 'POST', base, { auth: true }, (call) => {
    const r = call.body();
    const date = r.date('Date') ?? state.today();
    const accountId = r.int('AccountId', { min: 0 });
    const method = r.int('Method', { min: 0 });
    const comment = r.str('Comment', { max: 1000 }) ?? '';
    r.ignore('Number', 'Reconciled', 'Permalink');
    const items = r.required('PaymentItems', r.arr('PaymentItems'));
    if (items.length === 0) throw invalidField('PaymentItems', 'must contain at least one payment');
    if (items.length > 500) throw invalidField('PaymentItems', 'must not contain more than 500 payments');
    const planned: { doc: DocumentRec; input: PaymentInput }[] = items.map((item, i) => {
      item.ignore(...ITEM_READ_ONLY);
      const path = `PaymentItems[${i}]`;
      const input: PaymentInput = {
        documentNumber: item.required('ObjectNumber', item.int('ObjectNumber', { min: 1 })),
        date,
        amount: item.required('Amount', item.dec('Amount')),
        method: item.int('Method', { min: 0 }) ?? method ?? 0,
        accountId: item.int('AccountId', { min: 0 }) ?? accountId ?? 0,
        note: item.str('Note', { max: 1000 }) ?? comment,
        reference: item.str('Reference', { max: 100 }) ?? '',
      };
      try {
        const doc = validatePayment(state.store, kind, input, { document: `${path}.ObjectNumber`, amount: `${path}.Amount`, method: method === undefined ? `${path}.Method` : 'Method', account: accountId === undefined ? `${path}.AccountId` : 'AccountId' });
        return { doc, input };
      } catch (err) {
        if (err instanceof PaymentRejected) throw new RestError(400, err.code, `${err.field}: ${err.message}`);
        throw err;
      }
    });
    r.finish();
    const bulk: BulkPaymentRec = { id: state.store.nextId('bulkPayment'), number: state.store.nextBulkNumber(kind), kind, date, accountId: accountId ?? planned[0]?.input.accountId ?? 0, method: method ?? planned[0]?.input.method ?? 0, comment, paymentIds: [] };
    for (const p of planned) bulk.paymentIds.push(commitPayment(state.store, p.doc, p.input, { id: bulk.id, number: bulk.number }).id);
    state.store.bulkPayments[kind].set(bulk.number, bulk);
    return json(bulkJson(state, bulk), 201);
  });

  restRoute(app, state, 'GET', `${base}/:number`, { auth: true }, (call) => json(bulkJson(state, findBulk(state, kind, call.params.number))));

  restRoute(app, state, 'DELETE', `${base}/:number`, { auth: true }, (call) => {
    const bulk = findBulk(state, kind, call.params.number);
    for (const id of bulk.paymentIds) {
      const p = state.store.payments.get(id);
      if (p) state.store.removePayment(p);
    }
    state.store.bulkPayments[kind].delete(bulk.number);
    return noContent;
  });
}

function findBulk(state: KashflowState, kind: DocumentKind, text: string | undefined): BulkPaymentRec {
  const bulk = text !== undefined && /^\d{1,10}$/.test(text) ? state.store.bulkPayments[kind].get(Number(text)) : undefined;
  if (!bulk) throw notFound(`Bulk payment ${text ?? ''}`);
  return bulk;
}

/** BulkPayment (reference §5.4, from TT-REST): the bulk header plus one item per document paid. */
export function bulkJson(state: KashflowState, bulk: BulkPaymentRec): string {
  const items = bulk.paymentIds.flatMap((id) => {
    const p = state.store.payments.get(id);
    if (!p) return [];
    const doc = state.store.documents(p.kind).get(p.documentNumber);
    const party = doc ? state.store.partyOf(doc) : undefined;
    return [{ ...paymentLineJson(p), ContactName: party?.name ?? '', ContactReference: party?.code ?? '', ObjectNumber: p.documentNumber, ObjectIssuedDate: optionalDate(doc?.issuedDate), PaidDate: businessDate(p.date), CustomerName: party?.name ?? '' }];
  });
  return stringifyWithRawNumbers({ Number: bulk.number, Date: businessDate(bulk.date), AccountId: bulk.accountId, Method: bulk.method, Comment: bulk.comment, Reconciled: false, Permalink: `/v2/documents/${bulk.kind}/bulkpayment/${bulk.number}`, PaymentItems: items });
}
