import { el, leaf, type XmlNode } from '../../../xml/build.js';
import type { KashflowState } from '../state.js';
import { commitPayment, PaymentRejected, validatePayment } from '../store/payments.js';
import type { DocumentKind } from '../store/records.js';
import { codeKey } from '../store/store.js';
import { buildDocument, readSoapInvoice } from './invoice-input.js';
import { SoapRejected, type SoapParams } from './params.js';
import { bankAccountNode, customerNode, invoiceNode, nominalNode, paymentMethodNode, paymentNode } from './serialize.js';

/**
 * One implemented SOAP operation. `inputs` and `result` use the `Name:type?` notation of
 * `types.ts` and feed the WSDL. `prepare` reads the typed parameters (XmlSerializer's job:
 * bad values are client faults, raised before authentication); the returned function runs
 * the call after authentication and returns the `<MethodResult>` node. It throws
 * {@link SoapRejected} to answer `Status` NO.
 */
export interface SoapMethod {
  readonly name: string;
  readonly inputs: readonly string[];
  /** Result element type (`int`, `tns:Invoice?`…), or undefined for a void method. */
  readonly result?: string;
  readonly isWrite: boolean;
  prepare(state: KashflowState, params: SoapParams): () => XmlNode | undefined;
}

const resultOf = (method: string, children: XmlNode[]): XmlNode => el(`${method}Result`, undefined, children);
const intResult = (method: string, n: number): XmlNode => el(`${method}Result`, undefined, String(n));

function getDocument(kind: DocumentKind, name: string, param: string): SoapMethod {
  return {
    name,
    inputs: [`${param}:int`],
    result: 'tns:Invoice?',
    isWrite: false,
    prepare(state, p) {
      const number = p.int(param);
      return () => {
        const doc = state.store.documents(kind).get(number);
        if (!doc) throw new SoapRejected(`${kind === 'invoice' ? 'Invoice' : 'Receipt'} ${number} not found`);
        return invoiceNode(state, doc, `${name}Result`);
      };
    },
  };
}

function insertDocument(kind: DocumentKind, name: string): SoapMethod {
  return {
    name,
    inputs: ['Inv:tns:Invoice?'],
    result: 'int',
    isWrite: true,
    prepare(state, p) {
      const inv = p.obj('Inv');
      const parsed = inv ? readSoapInvoice(inv) : undefined;
      return () => {
        if (!parsed) throw new SoapRejected('Inv: no invoice was supplied');
        const doc = buildDocument(state, kind, parsed);
        state.store.putDocument(doc);
        return intResult(name, doc.number);
      };
    },
  };
}

function insertPayment(kind: DocumentKind, name: string, param: string): SoapMethod {
  return {
    name,
    inputs: [`${param}:tns:Payment?`],
    result: 'int',
    isWrite: true,
    prepare(state, p) {
      const pay = p.obj(param);
      const input = pay && { documentNumber: pay.int('PayInvoice'), date: pay.date('PayDate'), amount: pay.dec('PayAmount'), method: pay.int('PayMethod'), accountId: pay.int('PayAccount'), note: pay.str('PayNote') ?? '', reference: '' };
      return () => {
        if (!input) throw new SoapRejected(`${param}: no payment was supplied`);
        const full = { ...input, date: input.date ?? state.today() };
        try {
          const doc = validatePayment(state.store, kind, full, { document: 'PayInvoice', amount: 'PayAmount', method: 'PayMethod', account: 'PayAccount' });
          return intResult(name, commitPayment(state.store, doc, full).id);
        } catch (err) {
          if (err instanceof PaymentRejected) throw new SoapRejected(`${err.field}: ${err.message}`);
          throw err;
        }
      };
    },
  };
}

function getPayments(kind: DocumentKind, name: string, param: string): SoapMethod {
  return {
    name,
    inputs: [`${param}:int`],
    result: 'tns:ArrayOfPayment?',
    isWrite: false,
    prepare(state, p) {
      const number = p.int(param);
      return () => {
        const doc = state.store.documents(kind).get(number);
        if (!doc) throw new SoapRejected(`${kind === 'invoice' ? 'Invoice' : 'Receipt'} ${number} not found`);
        return resultOf(name, doc.payments.map(paymentNode));
      };
    },
  };
}

/** The implemented subset of the KashFlow SOAP API (reference §6.5, Appendix A). */
export const SOAP_METHODS: readonly SoapMethod[] = [
  {
    name: 'GetBankAccounts',
    inputs: [],
    result: 'tns:ArrayOfBankAccount?',
    isWrite: false,
    prepare: (state) => () => resultOf('GetBankAccounts', [...state.store.bankAccounts.values()].filter((b) => !b.isArchived).map(bankAccountNode)),
  },
  {
    name: 'GetCustomer',
    inputs: ['CustomerCode:string?'],
    result: 'tns:Customer?',
    isWrite: false,
    prepare(state, p) {
      const code = p.str('CustomerCode') ?? '';
      return () => {
        const c = state.store.customers.get(codeKey(code));
        if (!c) throw new SoapRejected(`Customer ${code} not found`);
        return customerNode(state, c, 'GetCustomerResult');
      };
    },
  },
  {
    name: 'GetCustomersModifiedSince',
    inputs: ['ModifiedSince:dateTime'],
    result: 'tns:ArrayOfCustomer?',
    isWrite: false,
    prepare(state, p) {
      const since = p.instant('ModifiedSince') ?? 0;
      // Customers whose last change is at or after the instant (inclusive, so a poller never misses one [G]).
      return () => resultOf('GetCustomersModifiedSince', [...state.store.customers.values()].filter((c) => c.updatedMs >= since).sort((a, b) => a.updatedMs - b.updatedMs || a.id - b.id).map((c) => customerNode(state, c)));
    },
  },
  getDocument('invoice', 'GetInvoice', 'InvoiceNumber'),
  getPayments('invoice', 'GetInvoicePayment', 'InvoiceNumber'),
  {
    name: 'GetInvPayMethods',
    inputs: [],
    result: 'tns:ArrayOfPaymentMethod?',
    isWrite: false,
    prepare: (state) => () => resultOf('GetInvPayMethods', [...state.store.invoiceMethods.values()].map(paymentMethodNode)),
  },
  {
    name: 'GetNominalCodes',
    inputs: [],
    result: 'tns:ArrayOfNominalCode?',
    isWrite: false,
    prepare: (state) => () => resultOf('GetNominalCodes', [...state.store.nominals.values()].sort((a, b) => a.code - b.code).map(nominalNode)),
  },
  getDocument('purchase', 'GetReceipt', 'ReceiptNumber'),
  getPayments('purchase', 'GetReceiptPayment', 'ReceiptNumber'),
  {
    name: 'GetRecPayMethods',
    inputs: [],
    result: 'tns:ArrayOfPaymentMethod?',
    isWrite: false,
    prepare: (state) => () => resultOf('GetRecPayMethods', [...state.store.purchaseMethods.values()].map(paymentMethodNode)),
  },
  insertDocument('invoice', 'InsertInvoice'),
  insertPayment('invoice', 'InsertInvoicePayment', 'InvoicePayment'),
  insertDocument('purchase', 'InsertReceipt'),
  insertPayment('purchase', 'InsertReceiptPayment', 'ReceiptPayment'),
];

const BY_NAME = new Map(SOAP_METHODS.map((m) => [m.name, m]));

/** Method lookup by exact name (ASMX operation names are case-sensitive). */
export function soapMethod(name: string): SoapMethod | undefined {
  return BY_NAME.get(name);
}

/** The result node of a failed call: value types still carry their default (`0`), references are omitted. */
export function failedResult(method: SoapMethod): XmlNode | undefined {
  return method.result === 'int' ? leaf(`${method.name}Result`, '0') : undefined;
}
