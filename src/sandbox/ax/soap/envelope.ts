import { buildXml, el, type XmlNode } from '../../../xml/build.js';
import { XmlParseError, type XmlElement } from '../../../xml/tree.js';
import { readXml } from '../../../xml/plain.js';
import { SOAP11_NS, SOAP12_NS, WCF_DISPATCHER_NS, WS_ADDRESSING_NS } from '../namespaces.js';

/** A SOAP fault WCF itself raises before AIF sees the message (dispatcher/formatter level). */
export class WcfFault extends Error {
  constructor(
    /** Qualified fault code, e.g. `a:ActionNotSupported`, `s:Client`. */
    readonly code: string,
    /** Namespace of the code's prefix. */
    readonly codeNs: string,
    message: string,
  ) {
    super(message);
    this.name = 'WcfFault';
  }
}

/** A transport-level refusal (IIS/WCF answers it without a SOAP fault), e.g. 400, 413, 415. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly contentType = 'text/html',
    readonly body = '',
  ) {
    super(message);
    this.name = 'HttpFailure';
  }
}

/** The parts of a SOAP 1.1 request. */
export interface SoapRequest {
  readonly header: XmlElement | undefined;
  /** The body's single child: the request wrapper. */
  readonly wrapper: XmlElement;
  readonly envelope: XmlElement;
}

/**
 * Parses a SOAP 1.1 envelope the way WCF's text encoder does: malformed XML, DTDs and
 * entity declarations make the message unreadable (HTTP 400 with no SOAP body); a SOAP 1.2
 * envelope gets a VersionMismatch fault; an empty body a formatter fault.
 */
export function parseEnvelope(text: string): SoapRequest {
  let root: XmlElement;
  try {
    root = readXml(text);
  } catch (err) {
    if (err instanceof XmlParseError) throw new HttpFailure(400, `Bad Request: the message could not be read (${err.rejection.message})`);
    throw err;
  }
  if (root.name !== 'Envelope') throw new HttpFailure(400, `Bad Request: the root element is '${root.name}', not a SOAP Envelope`);
  if (root.ns === SOAP12_NS) {
    throw new WcfFault('s:VersionMismatch', SOAP11_NS, `The envelope version of the incoming message (Soap12 (${SOAP12_NS})) does not match that of the encoder (Soap11 (${SOAP11_NS})). Make sure the binding is configured with the same version as the expected messages.`);
  }
  if (root.ns !== SOAP11_NS) throw new WcfFault('s:VersionMismatch', SOAP11_NS, `The SOAP envelope namespace '${root.ns}' is not supported; expected '${SOAP11_NS}'.`);
  let header: XmlElement | undefined;
  let body: XmlElement | undefined;
  for (const c of root.children) {
    if (c.ns !== SOAP11_NS) throw new HttpFailure(400, `Bad Request: unexpected element '${c.name}' in the SOAP envelope`);
    if (c.name === 'Header' && !header && !body) header = c;
    else if (c.name === 'Body' && !body) body = c;
    else throw new HttpFailure(400, `Bad Request: unexpected element '${c.name}' in the SOAP envelope`);
  }
  if (!body) throw new HttpFailure(400, 'Bad Request: the SOAP envelope has no Body');
  const wrapper = body.children[0];
  if (!wrapper || body.children.length > 1) {
    throw new WcfFault('a:DeserializationFailed', WCF_DISPATCHER_NS, 'The formatter threw an exception while trying to deserialize the message: OperationFormatter encountered an invalid Message body. Expected exactly one request element in the SOAP Body.');
  }
  return { header, wrapper, envelope: root };
}

/** `ActionNotSupported` (a ContractFilter mismatch at the EndpointDispatcher). */
export function actionNotSupported(action: string): WcfFault {
  return new WcfFault(
    'a:ActionNotSupported',
    WS_ADDRESSING_NS,
    `The message with Action '${action}' cannot be processed at the receiver, due to a ContractFilter mismatch at the EndpointDispatcher. This may be because of either a contract mismatch (mismatched Actions between sender and receiver) or a binding/security mismatch between the sender and the receiver.  Check that sender and receiver have the same contract and the same binding (including security requirements, e.g. Message, Transport, None).`,
  );
}

/** The formatter fault for a body element that does not match the operation's wrapper. */
export function wrapperMismatch(operation: string, expectedName: string, expectedNs: string, found: XmlElement): WcfFault {
  return new WcfFault(
    'a:DeserializationFailed',
    WCF_DISPATCHER_NS,
    `The formatter threw an exception while trying to deserialize the message: Error in deserializing body of request message for operation '${operation}'. OperationFormatter encountered an invalid Message body. Expected to find node type 'Element' with name '${expectedName}' and namespace '${expectedNs}'. Found node type 'Element' with name '${found.name}' and namespace '${found.ns}'`,
  );
}

/** Serialises a SOAP 1.1 envelope with the given body content. */
export function envelope(bodyContent: XmlNode): string {
  return buildXml(el('s:Envelope', { 'xmlns:s': SOAP11_NS }, [el('s:Body', undefined, [bodyContent])]));
}

/** A SOAP 1.1 fault as WCF writes it (`faultcode`, `faultstring xml:lang`, optional detail). */
export function faultEnvelope(code: string, codeNs: string, text: string, language: string, detail?: XmlNode): string {
  const prefix = code.split(':')[0] ?? 's';
  const attrs: Record<string, string> = prefix === 's' ? {} : { [`xmlns:${prefix}`]: codeNs };
  return envelope(el('s:Fault', undefined, [el('faultcode', attrs, code), el('faultstring', { 'xml:lang': language }, text), detail ? el('detail', undefined, [detail]) : undefined]));
}
