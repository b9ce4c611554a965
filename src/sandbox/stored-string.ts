/**
 * Strings the sandbox keeps for the life of a record, made compact: one flat string each,
 * referencing nothing else. V8 keeps a concatenation as a tree of its pieces (a cons string)
 * and a `slice` of 13 characters or more as a view into the whole string it was cut from (a
 * sliced string), so a stored text built field by field holds hundreds of small objects, and
 * a stored field cut out of a request body holds the whole body. Both cost GC work for as
 * long as the record lives.
 */
import { flatString } from '../util/flat-string.js';

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
