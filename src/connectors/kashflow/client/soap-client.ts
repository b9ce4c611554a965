import { KfaxError } from '../../../errors/kfax-error.js';
import { buildXml, el, leaf, type XmlNode } from '../../../xml/build.js';
import { childElement, childElementLoose, parseXml, type XmlElement } from '../../../xml/tree.js';
import type { KashflowHttp } from './http.js';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const KASHFLOW_NS = 'KashFlow';

/** A payment as the SOAP `Payment` type carries it (kashflow-api.md §6.4). Amount is decimal text. */
export interface SoapPayment {
  /** Invoice (or purchase/receipt) **number**. */
  documentNumber: number;
  /** `yyyy-MM-dd`. */
  date: string;
  note: string;
  methodId: number;
  bankAccountId: number;
  amount: string;
}

/** A customer row from `GetCustomersModifiedSince` (the fields kfax uses). */
export interface SoapCustomerChange {
  customerId: number;
  code: string;
  name: string;
  email: string;
  updated: string;
}

/**
 * Client for the legacy KashFlow SOAP API subset kfax needs (`/api/service.asmx`,
 * SOAP 1.1, `SOAPAction: "KashFlow/<Method>"`, credentials in every request). A `Status`
 * of `NO` comes back as HTTP 200 and is turned into `KFAX_KASHFLOW_SOAP_FAILED`.
 */
export class KashflowSoapClient {
  constructor(
    private readonly http: KashflowHttp,
    private readonly path: string,
    private readonly credentials: { username: string; password: string },
  ) {}

  /** Records a payment against a sales invoice; returns KashFlow's payment id. */
  insertInvoicePayment(p: SoapPayment): Promise<number> {
    return this.insertPayment('InsertInvoicePayment', 'InvoicePayment', p);
  }

  /** Records a payment against a purchase (a "receipt" in SOAP terms). */
  insertReceiptPayment(p: SoapPayment): Promise<number> {
    return this.insertPayment('InsertReceiptPayment', 'ReceiptPayment', p);
  }

  /** Customers changed since an instant (local `yyyy-MM-ddTHH:mm:ss`, as the SOAP API expects). */
  async getCustomersModifiedSince(since: string): Promise<SoapCustomerChange[]> {
    const result = await this.call('GetCustomersModifiedSince', [el('ModifiedSince', undefined, since)], false);
    return (result?.children ?? []).map((c) => ({
      customerId: Number(text(c, 'CustomerID') || '0'),
      code: text(c, 'Code'),
      name: text(c, 'Name'),
      email: text(c, 'Email'),
      updated: text(c, 'Updated'),
    }));
  }

  private async insertPayment(method: string, param: string, p: SoapPayment): Promise<number> {
    const payment = el(param, undefined, [
      leaf('PayID', 0),
      leaf('PayInvoice', p.documentNumber),
      leaf('PayDate', `${p.date}T00:00:00`),
      leaf('PayNote', p.note),
      leaf('PayMethod', p.methodId),
      leaf('PayAccount', p.bankAccountId),
      leaf('PayAmount', p.amount),
    ]);
    const result = await this.call(method, [payment], true);
    const id = Number(result?.text.trim() ?? '');
    if (!Number.isInteger(id) || id <= 0) throw new KfaxError('KFAX_KASHFLOW_SOAP_FAILED', [method, `unexpected result "${result?.text ?? ''}"`]);
    return id;
  }

  /** Sends one method; returns its `<MethodResult>` element (undefined for void methods). */
  private async call(method: string, params: XmlNode[], isWrite: boolean): Promise<XmlElement | undefined> {
    const envelope = el('soap:Envelope', { 'xmlns:soap': SOAP11 }, [el('soap:Body', undefined, [el(method, { xmlns: KASHFLOW_NS }, [leaf('UserName', this.credentials.username), leaf('Password', this.credentials.password), ...params])])]);
    const answer = await this.http.send('POST', this.path, { 'content-type': 'text/xml; charset=utf-8', soapaction: `"KashFlow/${method}"` }, buildXml(envelope, { declaration: true }), isWrite);
    if (answer.status === 429) throw new KfaxError('KFAX_REMOTE_THROTTLED', ['KashFlow SOAP']);
    if (answer.status >= 500 && !answer.text.includes('Envelope')) throw new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['KashFlow SOAP', `HTTP ${answer.status}`], { kind: isWrite ? 'in_doubt' : 'transient' });
    let root: XmlElement;
    try {
      root = parseXml(answer.text);
    } catch (err) {
      throw new KfaxError('KFAX_REMOTE_REJECTED', ['KashFlow SOAP', `unreadable answer (HTTP ${answer.status}): ${(err as Error).message}`], { kind: isWrite ? 'in_doubt' : 'transient' });
    }
    const body = childElement(root, 'Body');
    const response = body?.children[0];
    if (!response) throw new KfaxError('KFAX_REMOTE_REJECTED', ['KashFlow SOAP', 'empty SOAP body']);
    if (response.name === 'Fault') throw new KfaxError('KFAX_KASHFLOW_SOAP_FAILED', [method, childElementLoose(response, 'faultstring')?.text.trim() ?? 'SOAP fault']);
    const status = childElementLoose(response, 'Status')?.text.trim() ?? '';
    if (status !== 'OK') {
      const detail = childElementLoose(response, 'StatusDetail')?.text.trim() ?? 'no detail';
      if (/-2146232060|timeout expired/i.test(detail)) throw new KfaxError('KFAX_KASHFLOW_DB_TIMEOUT', [`SOAP ${method}`], { kind: isWrite ? 'in_doubt' : 'transient' });
      throw new KfaxError('KFAX_KASHFLOW_SOAP_FAILED', [method, detail]);
    }
    return childElementLoose(response, `${method}Result`);
  }
}

function text(parent: XmlElement, name: string): string {
  return childElementLoose(parent, name)?.text.trim() ?? '';
}
