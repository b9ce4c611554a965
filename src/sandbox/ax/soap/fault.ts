import { el, leaf, type XmlNode } from '../../../xml/build.js';
import { DUPLICATE_MESSAGE_TEXT, FAULT_NS, GENERIC_FAULT_TEXT, INFOLOG_NS, SOAP11_NS, XSI_NS } from '../namespaces.js';
import type { AifError, AifProblem } from './aif-error.js';
import { faultEnvelope } from './envelope.js';

/** Where a fault happened (for `FaultMessageList`). */
export interface FaultOrigin {
  /** Document name, e.g. `Customer`. */
  readonly document?: string;
  /** AOT service class, e.g. `CustCustomerService`. */
  readonly service?: string;
  readonly operation?: string;
  readonly parameter?: string;
}

/** X++ `Exception::Error` [G: the reference gives the element type (int), not the values]. */
const XPP_EXCEPTION_ERROR = '3';

/**
 * Builds the SOAP fault for a failed AIF operation (reference §1.5). With "include exceptions
 * in fault" the infolog is in `InfologMessageList` and the fault string carries the messages;
 * without it the text is the generic "Request Failed…" and nothing else is revealed. A
 * duplicate message is a framework fault: its text and `DuplicateMessage` code are always
 * returned.
 */
export function aifFaultEnvelope(error: AifError, origin: FaultOrigin, includeExceptions: boolean): string {
  const duplicate = error.problems.some((p) => p.code === 'DuplicateMessage');
  const reveal = includeExceptions || duplicate;
  const text = duplicate ? DUPLICATE_MESSAGE_TEXT : includeExceptions ? error.problems.map((p) => p.message).join('\n') : GENERIC_FAULT_TEXT;
  const nil = { 'i:nil': 'true' };
  const detail = el('AifFault', { xmlns: FAULT_NS, 'xmlns:i': XSI_NS }, [
    el('CustomDetailXml', nil),
    reveal ? el('FaultMessageListArray', undefined, error.problems.map((p) => faultMessageList(p, origin))) : el('FaultMessageListArray', nil),
    includeExceptions ? el('InfologMessageList', { 'xmlns:b': INFOLOG_NS }, error.problems.map((p) => el('b:InfologMessage', undefined, [el('b:InfologMessageType', undefined, 'Error'), el('b:Message', undefined, p.message)]))) : el('InfologMessageList', nil),
    el('StackTrace', nil),
    el('XppExceptionType', undefined, XPP_EXCEPTION_ERROR),
  ]);
  return faultEnvelope('s:Client', SOAP11_NS, text, 'en-US', detail);
}

function faultMessageList(p: AifProblem, origin: FaultOrigin): XmlNode {
  const opt = (name: string, value: string | undefined): XmlNode => (value === undefined ? el(name, { 'i:nil': 'true' }) : (leaf(name, value) as XmlNode));
  return el('FaultMessageList', undefined, [
    opt('Document', origin.document),
    opt('DocumentOperation', origin.operation),
    el('FaultMessageArray', undefined, [el('FaultMessage', undefined, [el('Code', undefined, p.code), el('Message', undefined, p.message)])]),
    opt('Field', p.field),
    opt('Service', origin.service),
    opt('ServiceOperation', origin.operation),
    opt('ServiceOperationParameter', origin.parameter),
    opt('XPath', p.xpath),
    el('XmlLine', { 'i:nil': 'true' }),
    el('XmlPosition', { 'i:nil': 'true' }),
  ]);
}

/**
 * The generic WCF fault for an unhandled server error (IncludeExceptionDetailInFaults off):
 * what a client sees for an AOS crash or an injected server error.
 */
export function internalErrorEnvelope(): string {
  return faultEnvelope(
    'a:InternalServiceFault',
    'http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher',
    'The server was unable to process the request due to an internal error.  For more information about the error, either turn on IncludeExceptionDetailInFaults (either from ServiceBehaviorAttribute or from the <serviceDebug> configuration behavior) on the server in order to send the exception information back to the client, or turn on tracing as per the Microsoft .NET Framework SDK documentation and inspect the server trace logs.',
    'en-US',
  );
}
