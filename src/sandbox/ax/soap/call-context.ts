import { attributeValue, isNil, type XmlElement } from '../../../xml/tree.js';
import { ARRAYS_NS, CALL_CONTEXT_NS, CALL_CONTEXT_ORDER, SOAP11_NS } from '../namespaces.js';
import { WcfFault } from './envelope.js';

/** The `CallContext` header's values (absent, empty or nil children → undefined). */
export interface CallContext {
  readonly company: string | undefined;
  readonly language: string | undefined;
  readonly logonAsUser: string | undefined;
  readonly messageId: string | undefined;
  readonly partitionKey: string | undefined;
  readonly propertyBag: ReadonlyMap<string, string>;
}

const EMPTY: CallContext = { company: undefined, language: undefined, logonAsUser: undefined, messageId: undefined, partitionKey: undefined, propertyBag: new Map() };

/**
 * Reads the SOAP header: `CallContext` (reference §1.2) and any other header. A header with
 * `mustUnderstand="1"` that is not CallContext gets WCF's MustUnderstand fault. With
 * `strictOrder`, CallContext children out of data-contract order are refused (the real
 * DataContractSerializer silently ignores such members, which is worse for a client).
 */
export function readCallContext(header: XmlElement | undefined, strictOrder: boolean): CallContext {
  if (!header) return EMPTY;
  let ctx: CallContext = EMPTY;
  for (const h of header.children) {
    if (h.name === 'CallContext' && h.ns === CALL_CONTEXT_NS) {
      ctx = parseCallContext(h, strictOrder);
      continue;
    }
    const mu = attributeValue(h, 'mustUnderstand', SOAP11_NS);
    if (mu === '1' || mu === 'true') {
      throw new WcfFault('s:MustUnderstand', SOAP11_NS, `The header '${h.name}' from the namespace '${h.ns}' was not understood by the recipient of this message, causing the message to not be processed.  This error typically indicates that the sender of this message has enabled a communication protocol that the receiver cannot process.  Please ensure that the configuration of the sender's binding is consistent with the binding of the receiver.`);
    }
  }
  return ctx;
}

function parseCallContext(el: XmlElement, strictOrder: boolean): CallContext {
  const values = new Map<string, string>();
  const bag = new Map<string, string>();
  let last = -1;
  for (const c of el.children) {
    const idx = c.ns === CALL_CONTEXT_NS ? CALL_CONTEXT_ORDER.indexOf(c.name as (typeof CALL_CONTEXT_ORDER)[number]) : -1;
    if (idx < 0) continue; // unknown members are ignored by the data contract serializer
    if (strictOrder && idx < last) {
      throw new WcfFault('a:DeserializationFailed', 'http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher', `The formatter threw an exception while trying to deserialize the message: Error in line 1. Element '${c.name}' of CallContext is out of order; expected order: ${CALL_CONTEXT_ORDER.join(', ')}.`);
    }
    last = Math.max(last, idx);
    if (isNil(c)) continue;
    if (c.name === 'PropertyBag') {
      for (const kv of c.children) {
        if (kv.name !== 'KeyValueOfstringstring' || kv.ns !== ARRAYS_NS) continue;
        const key = kv.children.find((k) => k.name === 'Key')?.text ?? '';
        bag.set(key, kv.children.find((k) => k.name === 'Value')?.text ?? '');
      }
      continue;
    }
    const t = c.text.trim();
    if (t !== '') values.set(c.name, t);
  }
  return {
    company: values.get('Company'),
    language: values.get('Language'),
    logonAsUser: values.get('LogonAsUser'),
    messageId: values.get('MessageId'),
    partitionKey: values.get('PartitionKey'),
    propertyBag: bag,
  };
}
