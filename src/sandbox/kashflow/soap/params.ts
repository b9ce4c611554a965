import { Dec, parseDecimal } from '../../../canonical/money.js';
import { childElementLoose, isNil, type XmlElement } from '../../../xml/tree.js';
import { parseBusinessDate } from '../wire/input.js';
import { SoapFault } from './envelope.js';
import { ownString } from '../../stored-string.js';

/** A request the account refuses: answered as `Status` NO with this text in `StatusDetail`. */
export class SoapRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SoapRejected';
  }
}

function badValue(name: string, text: string, expected: string): SoapFault {
  return new SoapFault('Client', `Server was unable to read request. ---> There is an error in XML document. ---> The value "${text.slice(0, 40)}" of element ${name} is not a valid ${expected}.`);
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,7})?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** An `xs:dateTime` as epoch ms (no zone = UTC, like the sandbox's timestamps). */
export function parseInstant(text: string): number | undefined {
  const m = INSTANT.exec(text.trim());
  if (!m || parseBusinessDate(`${m[1]}-${m[2]}-${m[3]}`) === undefined) return undefined;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${m[7] ?? ''}${m[8] ?? 'Z'}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Lenient reading of ASMX parameters: element names match case-insensitively and in any
 * order; empty or `xsi:nil` elements count as absent (value types then take their default,
 * 0/false, as .NET does); text that is not a valid number/date is a client fault naming
 * the element, as XmlSerializer raises it.
 */
export class SoapParams {
  constructor(readonly element: XmlElement) {}

  private text(name: string): string | undefined {
    const c = childElementLoose(this.element, name);
    if (!c || isNil(c)) return undefined;
    const t = c.text.trim();
    return t === '' ? undefined : t;
  }

  /** An element's text, as a string of its own: handlers keep it, and a slice of the request would keep the whole request. */
  str(name: string): string | undefined {
    const c = childElementLoose(this.element, name);
    if (!c || isNil(c)) return undefined;
    return ownString(c.text);
  }

  int(name: string): number {
    const t = this.text(name);
    if (t === undefined) return 0;
    if (!/^[+-]?\d{1,10}$/.test(t) || Math.abs(Number(t)) > 2_147_483_647) throw badValue(name, t, 'integer');
    return Number(t);
  }

  dec(name: string): Dec {
    const t = this.text(name);
    if (t === undefined) return new Dec(0);
    const d = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? parseDecimal(t) : undefined;
    if (d === undefined) throw badValue(name, t, 'decimal');
    return d;
  }

  bool(name: string): boolean {
    const t = this.text(name);
    if (t === undefined) return false;
    if (t === 'true' || t === '1') return true;
    if (t === 'false' || t === '0') return false;
    throw badValue(name, t, 'boolean');
  }

  /** A business date; `0001-01-01` (.NET's DateTime.MinValue) counts as absent. */
  date(name: string): string | undefined {
    const t = this.text(name);
    if (t === undefined) return undefined;
    const d = parseBusinessDate(t);
    if (d === undefined) throw badValue(name, t, 'dateTime');
    return d === '0001-01-01' ? undefined : d;
  }

  instant(name: string): number | undefined {
    const t = this.text(name);
    if (t === undefined) return undefined;
    const ms = parseInstant(t);
    if (ms === undefined) throw badValue(name, t, 'dateTime');
    return ms;
  }

  obj(name: string): SoapParams | undefined {
    const c = childElementLoose(this.element, name);
    return c && !isNil(c) ? new SoapParams(c) : undefined;
  }
}
