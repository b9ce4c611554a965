import { KfaxError } from '../../../errors/kfax-error.js';
import type { XmlNode } from '../../../xml/build.js';
import { childElement, type XmlElement } from '../../../xml/tree.js';
import { aifFaultToError } from './aif-fault.js';
import { type Criterion, type EntityKey, entityKeyListNode, queryCriteriaNode, readEntityKeyList } from './entity-keys.js';
import type { AxHttpTransport } from './http-transport.js';
import { soapActionFor, WRITE_OPERATIONS } from './namespaces.js';
import { buildAifRequest, type CallContext, formatMessageId, parseAifAnswer } from './soap-envelope.js';

/** Per-call options. */
export interface AifCallOptions {
  /** Overrides the client's default company. */
  company?: string;
  /** Idempotency key (a GUID) sent as the AIF MessageId; required for writes. */
  messageId?: string;
}

/** Options of {@link AifClient}. */
export interface AifClientOptions {
  transport: AxHttpTransport;
  /** Default legal entity; when absent AX uses the service user's default company. */
  company?: string;
  language?: string;
}

/**
 * A real AIF document-service client (SOAP 1.1 over HTTP). Each method maps answers to
 * data or to a {@link KfaxError} whose kind tells the engine what to do next.
 */
export class AifClient {
  constructor(private readonly options: AifClientOptions) {}

  /** `create`: returns one key per top-level record, in document order. */
  async create(service: string, document: XmlNode, opts: AifCallOptions): Promise<EntityKey[]> {
    const res = await this.call(service, 'create', [document], opts);
    return readEntityKeyList(childElement(res, 'EntityKeyList'));
  }

  /** `read`: the document element for the given keys. */
  async read(service: string, keys: readonly EntityKey[], opts: AifCallOptions = {}): Promise<XmlElement | undefined> {
    const res = await this.call(service, 'read', [entityKeyListNode(keys)], opts);
    return res.children[0];
  }

  /** `find`: the document element with every record matching the criteria (OR-combined). */
  async find(service: string, criteria: readonly Criterion[], opts: AifCallOptions = {}): Promise<XmlElement | undefined> {
    const res = await this.call(service, 'find', [queryCriteriaNode(criteria)], opts);
    return res.children[0];
  }

  /** `findKeys`: keys of the records matching the criteria. */
  async findKeys(service: string, criteria: readonly Criterion[], opts: AifCallOptions = {}): Promise<EntityKey[]> {
    const res = await this.call(service, 'findKeys', [queryCriteriaNode(criteria)], opts);
    return readEntityKeyList(childElement(res, 'EntityKeyList'));
  }

  /** `update`: keys then document; the N-th key matches the N-th top-level record. */
  async update(service: string, keys: readonly EntityKey[], document: XmlNode, opts: AifCallOptions): Promise<void> {
    await this.call(service, 'update', [entityKeyListNode(keys), document], opts);
  }

  /** `delete` by keys. */
  async delete(service: string, keys: readonly EntityKey[], opts: AifCallOptions): Promise<void> {
    await this.call(service, 'delete', [entityKeyListNode(keys)], opts);
  }

  /** Sends one operation and returns the response wrapper, or throws a classified error. */
  async call(service: string, operation: string, content: readonly XmlNode[], opts: AifCallOptions): Promise<XmlElement> {
    const isWrite = WRITE_OPERATIONS.has(operation);
    if (isWrite && !opts.messageId) throw new KfaxError('KFAX_INPUT_INVALID', ['messageId', `AX ${operation} needs a MessageId so a resend can never apply twice`]);
    const company = opts.company ?? this.options.company;
    const context: CallContext = {};
    if (company) context.company = company;
    if (this.options.language) context.language = this.options.language;
    if (opts.messageId) context.messageId = formatMessageId(opts.messageId);
    const body = buildAifRequest(service, operation, context, content);
    const res = await this.options.transport.post(soapActionFor(service, operation), body, isWrite);
    if (res.status === 429) {
      const retryAfter = Number(firstHeader(res.headers['retry-after']));
      throw new KfaxError('KFAX_REMOTE_THROTTLED', ['AX'], Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {});
    }
    const looksSoap = res.body.trimStart().startsWith('<') && /Envelope/.test(res.body.slice(0, 400));
    if (res.status === 200 || (res.status === 500 && looksSoap)) {
      const answer = parseAifAnswer(res.body, service, operation);
      if (answer.ok) return answer.response;
      throw aifFaultToError(answer.fault, service, operation, isWrite);
    }
    if (res.status >= 500) throw new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['AX', `HTTP ${res.status}`]);
    throw new KfaxError('KFAX_REMOTE_REJECTED', ['AX', `HTTP ${res.status}: ${res.body.slice(0, 200)}`]);
  }
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
