import { KfaxError } from '../../../errors/kfax-error.js';
import { childElement, childElements, type XmlElement } from '../../../xml/tree.js';

/** What an AX `AifFault` said (dynamics-ax.md §1.5). */
export interface AifFaultInfo {
  faultCode: string;
  faultString: string;
  /** FaultMessageListArray → FaultMessageList → FaultMessageArray → FaultMessage. */
  messages: { code: string; message: string; field?: string; service?: string; operation?: string }[];
  /** InfologMessageList (present when the port has "Include exceptions in fault" on). */
  infolog: { type: string; message: string }[];
  xppExceptionType?: number;
}

/** Reads a SOAP `Fault` element carrying an AifFault in its detail. */
export function parseAifFault(fault: XmlElement): AifFaultInfo {
  const info: AifFaultInfo = { faultCode: childElement(fault, 'faultcode')?.text.trim() ?? '', faultString: childElement(fault, 'faultstring')?.text.trim() ?? '', messages: [], infolog: [] };
  const aif = childElement(fault, 'detail') ? childElement(childElement(fault, 'detail') as XmlElement, 'AifFault') : undefined;
  if (!aif) return info;
  for (const list of childElements(childElement(aif, 'FaultMessageListArray') ?? aif, 'FaultMessageList')) {
    for (const m of childElements(childElement(list, 'FaultMessageArray') ?? list, 'FaultMessage')) {
      const field = childElement(list, 'Field')?.text.trim();
      const service = childElement(list, 'Service')?.text.trim();
      const operation = childElement(list, 'ServiceOperation')?.text.trim();
      info.messages.push({ code: childElement(m, 'Code')?.text.trim() ?? '', message: childElement(m, 'Message')?.text.trim() ?? '', ...(field ? { field } : {}), ...(service ? { service } : {}), ...(operation ? { operation } : {}) });
    }
  }
  for (const m of childElements(childElement(aif, 'InfologMessageList') ?? aif, 'InfologMessage')) {
    info.infolog.push({ type: childElement(m, 'InfologMessageType')?.text.trim() ?? '', message: childElement(m, 'Message')?.text.trim() ?? '' });
  }
  const xpp = childElement(aif, 'XppExceptionType')?.text.trim();
  if (xpp && /^-?\d+$/.test(xpp)) info.xppExceptionType = Number(xpp);
  return info;
}

/** All human texts of a fault, most specific first (infolog, then fault messages, then faultstring). */
export function faultTexts(info: AifFaultInfo): string[] {
  return [...new Set([...info.infolog.map((m) => m.message), ...info.messages.map((m) => m.message), info.faultString].filter((t) => t !== ''))];
}

const DUPLICATE = /duplicate message/i;
const INTERNAL = /InternalServiceFault/;
const PERIOD_HELD = /\bperiod\b[^.]*\b(closed|on hold|not open|stopped)\b/i;
const GENERIC = /request failed\. see the exception log/i;

/**
 * Turns an AifFault into a KfaxError whose kind drives the engine:
 * - "Duplicate message" → `KFAX_AX_DUPLICATE_MESSAGE` (in-doubt: already applied, resolve by look-up);
 * - a closed or on-hold ledger period → `KFAX_AX_PERIOD_NOT_OPEN` (held until the period opens);
 * - WCF's InternalServiceFault (an exception escaped the service; no AifFault) →
 *   `KFAX_AX_INTERNAL_ERROR`: transient for a read, in-doubt for a write (AX may have committed);
 * - anything else → `KFAX_AX_FAULT` (permanent; the infolog text is the reason).
 */
export function aifFaultToError(info: AifFaultInfo, service: string, operation: string, isWrite: boolean): KfaxError {
  const texts = faultTexts(info);
  const all = texts.join(' | ');
  const details = { service, operation, faultCode: info.faultCode, infolog: info.infolog, messages: info.messages };
  if (texts.some((t) => DUPLICATE.test(t)) || info.messages.some((m) => m.code === 'DuplicateMessage')) {
    return new KfaxError('KFAX_AX_DUPLICATE_MESSAGE', [`${service}/${operation}`], { details });
  }
  if (texts.some((t) => PERIOD_HELD.test(t))) return new KfaxError('KFAX_AX_PERIOD_NOT_OPEN', [all], { details });
  if (INTERNAL.test(info.faultCode) && info.messages.length === 0 && info.infolog.length === 0) {
    return new KfaxError('KFAX_AX_INTERNAL_ERROR', [`${service}/${operation}`], { kind: isWrite ? 'in_doubt' : 'transient', details });
  }
  const hint = texts.every((t) => GENERIC.test(t)) ? ' (turn on "Include exceptions in fault" on the AIF port to see the reason)' : '';
  return new KfaxError('KFAX_AX_FAULT', [`${service}/${operation}`, `${all}${hint}`], { details });
}
