import { type Dec, fixed } from '../../../canonical/money.js';
import { RawJsonNumber } from '../../../util/json-raw.js';
import { jsonStringText } from '../../../util/json-string.js';

/**
 * The text of one JSON object written field by field, in the order the fields are added:
 * the same text `JSON.stringify` gives for an object with those properties (a field whose
 * value is `undefined` is left out), without building the object first. Keys are written
 * as given: they must be plain names that JSON does not escape.
 */
export class JsonObjectText {
  private text = '';
  /** A field has been written (here or in a piece taken by {@link cut}): the next starts with a comma. */
  private hasFields = false;

  /** A field whose value is already JSON text; left out when undefined. */
  raw(key: string, json: string | undefined): this {
    if (json === undefined) return this;
    if (this.hasFields) this.text = this.text + memberPrefix(key) + json;
    else {
      this.text = `{"${key}":${json}`;
      this.hasFields = true;
    }
    return this;
  }

  /** Fields already written as JSON text (`"A":1,"B":true`), as a group. */
  fields(json: string): this {
    this.text += `${this.hasFields ? ',' : '{'}${json}`;
    this.hasFields = true;
    return this;
  }

  /**
   * The text written so far (the object still open, after at least one field). What is
   * written next makes a new piece whose fields each start with their comma, so that fields
   * (`,"Key":value`) can be put in between the two pieces.
   */
  cut(): string {
    if (!this.hasFields) throw new Error('JsonObjectText.cut: no field written yet');
    const head = this.text;
    this.text = '';
    return head;
  }

  /** A field with a scalar value, written as `JSON.stringify` writes it. */
  value(key: string, v: string | number | boolean | null | undefined): this {
    switch (typeof v) {
      case 'string':
        // Nothing to escape: the text in quotes (JSON.stringify costs twice as much).
        return this.raw(key, jsonStringText(v));
      case 'number':
        return this.raw(key, Number.isFinite(v) ? String(v) : 'null');
      case 'boolean':
        return this.raw(key, v ? 'true' : 'false');
      default:
        return this.raw(key, JSON.stringify(v));
    }
  }

  /** Money / quantity as a 4-dp JSON number (see `money` in wire/format). */
  money(key: string, v: Dec): this {
    return this.raw(key, moneyText(v));
  }

  /** The finished object text. */
  end(): string {
    return this.hasFields ? `${this.text}}` : '{}';
  }
}

/** `,"Key":` by key: the keys are a fixed set of names. */
const PREFIXES = new Map<string, string>();

function memberPrefix(key: string): string {
  let prefix = PREFIXES.get(key);
  if (prefix === undefined) {
    if (PREFIXES.size >= 1024) PREFIXES.clear();
    PREFIXES.set(key, (prefix = `,"${key}":`));
  }
  return prefix;
}

/**
 * The JSON text of `money(value)` (wire/format): 4 decimals, `0.0000` for zero. A value that
 * is not a finite number fails with the RangeError of {@link RawJsonNumber}, as there.
 */
export function moneyText(value: Dec): string {
  if (value.isZero()) return '0.0000';
  if (!value.isFinite()) return new RawJsonNumber(value.toFixed(4)).text;
  return fixed(value, 4);
}
