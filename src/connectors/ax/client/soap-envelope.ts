import { buildXml, el, leaf, type XmlNode } from '../../../xml/build.js';
import { readXml } from '../../../xml/plain.js';
import { childElement, XmlParseError, type XmlElement } from '../../../xml/tree.js';
import { KfaxError } from '../../../errors/kfax-error.js';
import { parseAifFault, type AifFaultInfo } from './aif-fault.js';
import { AIF_NS, requestElementName, responseElementName } from './namespaces.js';

/** The AIF `CallContext` header (dynamics-ax.md §1.2). Absent values are omitted. */
export interface CallContext {
  /** Legal entity (DataAreaId). */
  company?: string;
  /** Language for infolog texts, e.g. `en-gb`. */
  language?: string;
  /** GUID for duplicate detection; kfax derives it from the engine's idempotency key. */
  messageId?: string;
  logonAsUser?: string;
}

/** Formats a GUID as AIF MessageIds are usually written: `{0B7E4C3A-…}`. */
export function formatMessageId(uuid: string): string {
  const bare = uuid.replace(/[{}]/g, '').toUpperCase();
  if (!/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/.test(bare)) throw new RangeError(`not a GUID: ${uuid}`);
  return `{${bare}}`;
}

/** Builds the SOAP 1.1 request envelope for one AIF operation. */
export function buildAifRequest(externalName: string, operation: string, context: CallContext, content: readonly XmlNode[]): string {
  // CallContext children in schema order: Company, Language, LogonAsUser, MessageId, PartitionKey, PropertyBag.
  const header = el('CallContext', { xmlns: AIF_NS.callContext }, [leaf('Company', context.company), leaf('Language', context.language), leaf('LogonAsUser', context.logonAsUser), leaf('MessageId', context.messageId)]);
  const envelope = el('s:Envelope', { 'xmlns:s': AIF_NS.soap11 }, [el('s:Header', undefined, [header]), el('s:Body', undefined, [el(requestElementName(externalName, operation), { xmlns: AIF_NS.services }, content)])]);
  return buildXml(envelope);
}

/** A parsed AIF answer: the response wrapper element, or a fault. */
export type AifAnswer = { ok: true; response: XmlElement } | { ok: false; fault: AifFaultInfo };

/**
 * Parses a SOAP answer. Returns the `<…Response>` element of the expected operation or the
 * AifFault; throws a permanent KfaxError when the answer is not a SOAP envelope we understand.
 */
export function parseAifAnswer(text: string, externalName: string, operation: string): AifAnswer {
  let root: XmlElement;
  try {
    root = readXml(text);
  } catch (err) {
    const reason = err instanceof XmlParseError ? err.message : String(err);
    throw new KfaxError('KFAX_REMOTE_REJECTED', ['AX', `unreadable SOAP answer: ${reason}`], { kind: 'transient' });
  }
  const body = root.name === 'Envelope' ? childElement(root, 'Body') : undefined;
  if (!body) throw new KfaxError('KFAX_REMOTE_REJECTED', ['AX', `answer is not a SOAP envelope (<${root.name}>)`], { kind: 'transient' });
  const first = body.children[0];
  if (!first) throw new KfaxError('KFAX_REMOTE_REJECTED', ['AX', 'empty SOAP body'], { kind: 'transient' });
  if (first.name === 'Fault') return { ok: false, fault: parseAifFault(first) };
  const expected = responseElementName(externalName, operation);
  if (first.name !== expected) throw new KfaxError('KFAX_REMOTE_REJECTED', ['AX', `expected <${expected}>, got <${first.name}>`]);
  return { ok: true, response: first };
}
