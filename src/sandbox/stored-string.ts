/**
 * Strings the sandbox keeps for the life of a record, made compact: one flat string each,
 * referencing nothing else. V8 keeps a concatenation as a tree of its pieces (a cons string)
 * and a `slice` of 13 characters or more as a view into the whole string it was cut from (a
 * sliced string), so a stored text built field by field holds hundreds of small objects, and
 * a stored field cut out of a request body holds the whole body. Both cost GC work for as
 * long as the record lives.
 */

/** Where {@link flatString} puts the character it reads, so that the read cannot be optimised away. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- written only: the write keeps the read
let lastRead = 0;

/**
 * `text`, flattened: a concatenation is copied once into one flat string, which V8 then uses
 * in place of its pieces (they become garbage). Flat text is returned as it is, at no cost.
 *
 * The trade-off: this copies the text once more than sending it does, which costs less than
 * the GC work of keeping its pieces (the sandbox keeps every answer's text until the record
 * changes). `charCodeAt` makes V8 flatten the string; its result is stored, because the
 * optimising compiler drops an unused pure read (measured: an unused `Number(text)` or
 * `text | 0` left most texts unflattened, an unused `charCodeAt` did flatten).
 */
export function flatString(text: string): string {
  lastRead = text.charCodeAt(0);
  return text;
}

/**
 * Shortest slice V8 makes a view into its parent string (`SlicedString::kMinLength`);
 * a shorter slice is a copy already.
 */
const MIN_VIEW_LENGTH = 13;

/**
 * `text` as a string of its own, for keeping: a slice of a request body is copied out, so
 * that keeping the field does not keep the body. Short strings (always copies) are returned
 * as they are. Equal to `text` in every way JavaScript can observe.
 */
export function ownString(text: string): string {
  if (text.length < MIN_VIEW_LENGTH) return text;
  // A concatenation with one character, flattened: a new flat copy (the slice is dropped).
  return flatString(text.charAt(0) + text.slice(1));
}

