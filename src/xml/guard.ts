import { XMLValidator } from 'fast-xml-parser';

/** Why an XML text was refused before parsing. */
export type XmlRejection =
  | { reason: 'forbidden'; message: string }
  | { reason: 'malformed'; message: string; line?: number; column?: number };

const DOCTYPE = /<!DOCTYPE/i;
const ENTITY_DECL = /<!ENTITY/i;
const PROCESSING_INSTRUCTION = /<\?(?!xml[\s?])[^?]*\?>/i;
/** Any entity reference other than the five predefined ones and character references. */
const UNDEFINED_ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)/;

/**
 * Checks an untrusted XML text before it is parsed: DOCTYPE and entity declarations are
 * refused outright (no entity expansion, no external entities, no "billion laughs"),
 * undefined entity references and other processing instructions are refused, and the
 * text must be well-formed. Returns `undefined` when the text may be parsed.
 */
export function checkXml(text: string): XmlRejection | undefined {
  if (DOCTYPE.test(text)) return { reason: 'forbidden', message: 'DOCTYPE declarations are not allowed' };
  if (ENTITY_DECL.test(text)) return { reason: 'forbidden', message: 'entity declarations are not allowed' };
  if (PROCESSING_INSTRUCTION.test(text)) return { reason: 'forbidden', message: 'processing instructions are not allowed' };
  const bad = UNDEFINED_ENTITY.exec(text);
  if (bad) return { reason: 'malformed', message: `undefined entity reference near "${text.slice(bad.index, bad.index + 12)}"` };
  const result = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (result === true) return undefined;
  return { reason: 'malformed', message: result.err.msg, line: result.err.line, column: result.err.col };
}
