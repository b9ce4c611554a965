import type { FastifyRequest } from 'fastify';
import { buildXml, el, leaf, type XmlNode } from '../../../xml/build.js';
import { XmlParseError, XSI_NS, type XmlElement } from '../../../xml/tree.js';
import { readXml } from '../../../xml/plain.js';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const KASHFLOW_NS = 'KashFlow';
const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

export type SoapVersion = '1.1' | '1.2';

/** A SOAP fault as ASMX sends it: HTTP 500 with `soap:Client`/`soap:Server` (1.2: `Sender`/`Receiver`). */
export class SoapFault extends Error {
  readonly code: 'Client' | 'Server';
  readonly httpStatus: number;
  constructor(code: 'Client' | 'Server', message: string, httpStatus = 500) {
    super(message);
    this.name = 'SoapFault';
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

/** A parsed SOAP call: the version answered in, the method and its parameter element. */
export interface SoapCall {
  readonly version: SoapVersion;
  readonly method: string;
  readonly params: XmlElement;
}

/** The SOAP version a request asks for before its body is read (from the content type). */
export function versionFromHeaders(request: FastifyRequest): SoapVersion {
  return (request.headers['content-type'] ?? '').toLowerCase().includes('application/soap+xml') ? '1.2' : '1.1';
}

/** The method named by `SOAPAction` (1.1) or the content type's `action` parameter (1.2), if any. */
export function actionFromHeaders(request: FastifyRequest): string | undefined {
  const raw = request.headers.soapaction;
  let action = Array.isArray(raw) ? raw[0] : raw;
  if (action === undefined) {
    const m = /;\s*action\s*=\s*("([^"]*)"|[^;]+)/i.exec(request.headers['content-type'] ?? '');
    action = m ? (m[2] ?? m[1]) : undefined;
  }
  if (action === undefined) return undefined;
  action = action.trim().replace(/^"|"$/g, '').trim();
  return action === '' ? undefined : action;
}

/**
 * Parses a SOAP request body. Refuses DOCTYPE/entities and malformed XML (through the
 * shared guard), a root that is not a SOAP envelope, an empty Body, a body element outside
 * the `KashFlow` namespace, and a `SOAPAction` that disagrees with the body element.
 * SOAP headers are ignored. Answers in the version of the envelope it received.
 */
export function parseSoapCall(text: string, action: string | undefined, known: (method: string) => boolean): SoapCall {
  let root: XmlElement;
  try {
    root = readXml(text);
  } catch (err) {
    if (err instanceof XmlParseError) {
      const where = err.rejection.reason === 'malformed' && err.rejection.line !== undefined ? ` (${err.rejection.line}, ${err.rejection.column ?? 0})` : '';
      const why = err.rejection.reason === 'forbidden' ? `For security reasons DTD is prohibited in this XML document. (${err.message})` : err.message;
      throw new SoapFault('Client', `Server was unable to read request. ---> There is an error in XML document${where}. ---> ${why}`);
    }
    throw err;
  }
  if (root.name !== 'Envelope' || (root.ns !== SOAP11_NS && root.ns !== SOAP12_NS)) throw new SoapFault('Client', `Server was unable to read request. ---> The root element <${root.name}> in namespace "${root.ns}" is not a SOAP envelope.`);
  const version: SoapVersion = root.ns === SOAP12_NS ? '1.2' : '1.1';
  const body = root.children.find((c) => c.name === 'Body' && c.ns === root.ns);
  const call = body?.children[0];
  if (!call) throw new SoapFault('Client', 'Server was unable to read request. ---> The SOAP Body is missing or empty.');
  const actionMethod = action === undefined ? undefined : action.startsWith(`${KASHFLOW_NS}/`) ? action.slice(KASHFLOW_NS.length + 1) : undefined;
  if (action !== undefined && (actionMethod === undefined || !known(actionMethod))) throw new SoapFault('Client', `Server did not recognize the value of HTTP Header SOAPAction: ${action}.`);
  if (call.ns !== KASHFLOW_NS) throw new SoapFault('Client', `Server was unable to read request. ---> The element <${call.name} xmlns='${call.ns}'> was not expected; the KashFlow API namespace is "${KASHFLOW_NS}".`);
  if (actionMethod !== undefined && actionMethod !== call.name) throw new SoapFault('Client', `Server was unable to read request. ---> The SOAPAction ${action ?? ''} does not match the body element <${call.name}>.`);
  if (!known(call.name)) throw new SoapFault('Client', `Unable to handle request without a valid action parameter. Please supply a valid soap action. (The element ${call.name} in namespace ${KASHFLOW_NS} is not a known method.)`);
  return { version, method: call.name, params: call };
}

function envelope(version: SoapVersion, content: XmlNode): string {
  return buildXml(el('soap:Envelope', { 'xmlns:soap': version === '1.2' ? SOAP12_NS : SOAP11_NS, 'xmlns:xsi': XSI_NS, 'xmlns:xsd': XSD_NS }, [el('soap:Body', undefined, [content])]), { declaration: true });
}

/** `<MethodResponse xmlns="KashFlow"><MethodResult>…</MethodResult><Status/><StatusDetail/></MethodResponse>`. */
export function responseXml(version: SoapVersion, method: string, result: XmlNode | undefined, status: 'OK' | 'NO', detail: string): string {
  return envelope(version, el(`${method}Response`, { xmlns: KASHFLOW_NS }, [result, leaf('Status', status), leaf('StatusDetail', detail)]));
}

/** A SOAP fault in the requested version's format. */
export function faultXml(version: SoapVersion, fault: SoapFault): string {
  if (version === '1.1') return envelope(version, el('soap:Fault', undefined, [leaf('faultcode', `soap:${fault.code}`), leaf('faultstring', fault.message), el('detail', undefined, [])]));
  return envelope(
    version,
    el('soap:Fault', undefined, [
      el('soap:Code', undefined, [leaf('soap:Value', fault.code === 'Client' ? 'soap:Sender' : 'soap:Receiver')]),
      el('soap:Reason', undefined, [leaf('soap:Text', fault.message, { 'xml:lang': 'en' })]),
      el('soap:Detail', undefined, []),
    ]),
  );
}

/** The response content type of a version. */
export function soapContentType(version: SoapVersion): string {
  return version === '1.2' ? 'application/soap+xml; charset=utf-8' : 'text/xml; charset=utf-8';
}
