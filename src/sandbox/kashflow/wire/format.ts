import { type Dec, fixed } from '../../../canonical/money.js';
import { RawJsonNumber } from '../../../util/json-raw.js';

/**
 * KashFlow wire formats (reference §3.4): money as JSON numbers with 4 decimals, business
 * dates at midday without a zone (`2026-11-20 12:00:00`), `1900-01-01 12:00:00` as the
 * "no date" sentinel.
 */

/** Money / quantity as a 4-dp JSON number (`117.5000`). */
export function money(value: Dec): RawJsonNumber {
  return new RawJsonNumber(value.isZero() ? '0.0000' : fixed(value, 4));
}

/** A business date (`yyyy-MM-dd`) on the wire. */
export function businessDate(date: string): string {
  return `${date} 12:00:00`;
}

/** A nullable business date. */
export function optionalDate(date: string | null | undefined): string | null {
  return date ? businessDate(date) : null;
}

export const NO_DATE = '1900-01-01 12:00:00';

/** The last second {@link timestamp} wrote, and its text (documents created together share it). */
let lastSecond = Number.NaN;
let lastTimestamp = '';

/** An instant as KashFlow writes timestamps: `yyyy-MM-dd HH:mm:ss` (UTC, no zone). */
export function timestamp(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second === lastSecond) return lastTimestamp;
  const iso = new Date(ms).toISOString();
  lastTimestamp = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  lastSecond = second;
  return lastTimestamp;
}

/** SOAP `xs:dateTime` of a business date (local, no zone, midday like the REST API [G]). */
export function soapDate(date: string): string {
  return `${date}T12:00:00`;
}

/** SOAP `xs:dateTime` of an instant. */
export function soapTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** SOAP decimal with 4 dp (SQL Server money scale). */
export function soapDecimal(value: Dec): string {
  return value.isZero() ? '0.0000' : value.toFixed(4);
}
