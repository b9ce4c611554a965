/**
 * Text kept for a while, made flat. V8 keeps a concatenation (`a + b`, `+=`) as a tree of its
 * pieces (a cons string) until something reads it whole, and every piece is an object the
 * garbage collector visits for as long as the text lives.
 */

/** Where {@link flatString} puts the character it reads, so that the read cannot be optimised away. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- written only: the write keeps the read
let lastRead = 0;

/**
 * `text`, flattened: a concatenation is copied once into one flat string, which V8 then uses
 * in place of its pieces (they become garbage). Flat text is returned as it is, at no cost.
 *
 * Worth it for text that is kept (a cached answer, a document waiting for its batch): the one
 * copy costs less than the GC work of keeping the pieces. `charCodeAt` makes V8 flatten the
 * string; its result is stored, because the optimising compiler drops an unused pure read
 * (measured: an unused `Number(text)` or `text | 0` left most texts unflattened, an unused
 * `charCodeAt` did flatten).
 */
export function flatString(text: string): string {
  lastRead = text.charCodeAt(0);
  return text;
}
